package dev.jrunc.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An OCI bundle made from the host's static busybox: rootfs/bin/busybox plus a
 * link per applet, and config.json from {@code <binary> spec} with terminal off,
 * the given args and hostname. Edit the config with {@link #edit} before {@link #write}.
 */
public final class Bundle {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static List<String> applets;

    private final Path dir;
    private final ObjectNode config;

    private Bundle(Path dir, ObjectNode config) {
        this.dir = dir;
        this.config = config;
    }

    /** Makes the rootfs and a config (not yet written) in {@code dir}, which must not exist or be empty. */
    public static Bundle create(Path dir, String hostname, String... args) {
        try {
            Files.createDirectories(dir);
            Path rootfs = dir.resolve("rootfs");
            for (String d : List.of("bin", "proc", "sys", "dev", "tmp", "etc", "root")) {
                Files.createDirectories(rootfs.resolve(d));
            }
            Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
            rootfs.resolve("bin/busybox").toFile().setExecutable(true, false);
            for (String applet : applets()) {
                if (applet.equals("busybox")) continue; // the list names busybox itself
                Path link = rootfs.resolve("bin").resolve(applet);
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, Path.of("busybox"));
                }
            }
            Files.writeString(rootfs.resolve("etc/passwd"),
                    "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
            Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");

            Jrunc.Result spec = Jrunc.execRaw(List.of(Jrunc.binary().toString(), "spec"), Map.of(), dir,
                    Jrunc.TIMEOUT, Files.createDirectories(dir.resolve("..").normalize().resolve("spec-out")));
            if (spec.exit() != 0) throw new IllegalStateException("spec failed: " + spec);
            ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
            ObjectNode process = (ObjectNode) config.get("process");
            process.put("terminal", false);
            ArrayNode a = process.putArray("args");
            for (String s : args) a.add(s);
            config.put("hostname", hostname);
            Bundle b = new Bundle(dir, config);
            b.write();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized List<String> applets() throws IOException {
        if (applets == null) {
            Path scratch = Files.createTempDirectory("busybox-list");
            try {
                Jrunc.Result r = Jrunc.execRaw(List.of(BUSYBOX.toString(), "--list"), Map.of(), null,
                        Duration.ofSeconds(10), scratch);
                applets = r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            } finally {
                try (var files = Files.walk(scratch)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        return applets;
    }

    public Path dir() {
        return dir;
    }

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    public ObjectNode config() {
        return config;
    }

    public Bundle edit(Consumer<ObjectNode> change) {
        change.accept(config);
        return write();
    }

    public Bundle args(String... args) {
        return edit(c -> {
            ArrayNode a = ((ObjectNode) c.get("process")).putArray("args");
            for (String s : args) a.add(s);
        });
    }

    /** linux.namespaces as a mutable array. */
    public ArrayNode namespaces() {
        return (ArrayNode) config.get("linux").get("namespaces");
    }

    public Bundle write() {
        try {
            JSON.writeValue(dir.resolve("config.json").toFile(), config);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes config.json as raw text (for configs the model can't express). */
    public void writeRaw(String text) {
        try {
            Files.writeString(dir.resolve("config.json"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
