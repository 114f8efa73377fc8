package dev.jrunc.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The default config.json that {@code jrunc spec} writes: the same document, byte for
 * byte, as {@code runc spec} (tab-indented, no trailing newline), kept as resources.
 * The rootless variant maps container root to this process's effective uid and gid.
 */
public final class DefaultSpec {
    private DefaultSpec() {}

    public static final String FILE_NAME = "config.json";

    /** The default document as text. */
    public static String document(boolean rootless) {
        if (!rootless) return resource("default-config.json");
        return resource("default-config-rootless.json.in")
                .replace("@EUID@", Integer.toString(ProcessIds.euid()))
                .replace("@EGID@", Integer.toString(ProcessIds.egid()));
    }

    /**
     * Writes {@code bundle/config.json}, refusing to overwrite one.
     *
     * @throws JruncException "File config.json exists. Remove it first" and I/O failures
     */
    public static Path write(Path bundle, boolean rootless) throws JruncException {
        Path file = bundle.resolve(FILE_NAME);
        if (Files.exists(file)) throw new JruncException("File " + FILE_NAME + " exists. Remove it first");
        byte[] bytes = document(rootless).getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new JruncException("File " + FILE_NAME + " exists. Remove it first");
        } catch (IOException e) {
            throw new JruncException("writing " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String resource(String name) {
        try (InputStream in = DefaultSpec.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading resource " + name, e);
        }
    }
}
