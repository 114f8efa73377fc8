package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the runtime binary under test the way an engine does: a fresh process per
 * command, {@code --root} first, stdio on files (a created container inherits the
 * create command's stdout/stderr, so pipes would never reach EOF).
 * The binary is the repo's {@code bin/jrunc} unless {@code -Djrunc.binary=...}.
 */
public final class Jrunc {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Path root;
    private final Path outDir;

    /** @param work a per-class temp dir: state root and output files go under it */
    public Jrunc(Path work) {
        try {
            this.root = Files.createDirectories(work.resolve("root"));
            this.outDir = Files.createDirectories(work.resolve("out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path binary() {
        String p = System.getProperty("jrunc.binary");
        if (p != null && !p.isBlank()) return Path.of(p).toAbsolutePath();
        return Path.of(System.getProperty("user.dir")).getParent().resolve("bin/jrunc");
    }

    /** True when testing jrunc (not runc): guards jrunc-only checks. */
    public static boolean isJrunc() {
        return binary().getFileName().toString().contains("jrunc");
    }

    public Path root() {
        return root;
    }

    /** A container id unique in this JVM. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    /** The result of one invocation; {@link #stdoutNow()} re-reads what a container wrote later. */
    public record Result(List<String> command, int exit, String out, String err, Path outFile, Path errFile) {
        public String stdoutNow() {
            return read(outFile);
        }

        public String stderrNow() {
            return read(errFile);
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    public Result exec(String... args) {
        return exec(Map.of(), null, TIMEOUT, args);
    }

    public Result execIn(Path cwd, String... args) {
        return exec(Map.of(), cwd, TIMEOUT, args);
    }

    public Result exec(Map<String, String> env, Path cwd, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.add("--root");
        cmd.add(root.toString());
        cmd.addAll(List.of(args));
        return execRaw(cmd, env, cwd, timeout, outDir);
    }

    /** Runs any command with stdio on files under {@code outDir}. */
    public static Result execRaw(List<String> cmd, Map<String, String> env, Path cwd, Duration timeout, Path outDir) {
        int n = SEQ.incrementAndGet();
        Path out = outDir.resolve(n + ".out");
        Path err = outDir.resolve(n + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        if (cwd != null) pb.directory(cwd.toFile());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                fail("timed out after " + timeout + ": " + String.join(" ", cmd) + "\nstderr: " + read(err));
            }
            return new Result(cmd, p.exitValue(), read(out), read(err), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code state ID} parsed; fails the test when the command fails. */
    public JsonNode state(String id) {
        Result r = exec("state", id);
        if (r.exit() != 0) fail("state " + id + " failed: " + r);
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("state output is not JSON: " + r, e);
        }
    }

    /** Polls {@code state ID} until its status is {@code want}; returns the last state. */
    public JsonNode awaitStatus(String id, String want, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode s;
        do {
            s = state(id);
            if (want.equals(s.path("status").asText())) return s;
            sleep(50);
        } while (System.nanoTime() < deadline);
        fail("container " + id + " did not become " + want + " within " + within + "; last state: " + s);
        return s;
    }

    /** Best-effort cleanup for @AfterEach. */
    public void forceDelete(String id) {
        exec("delete", "--force", id);
    }

    static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
