package dev.jrunc.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where container state lives: one directory per container under the root
 * ({@code --root}, default {@code /run/jrunc} for root and
 * {@code $XDG_RUNTIME_DIR/jrunc} otherwise). For now it only resolves and looks up
 * directories; the state file format lands with the lifecycle work.
 */
public final class StateStore {
    private final Path root;

    public StateStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The default root for this process: {@code /run/jrunc} as euid 0, else under XDG_RUNTIME_DIR when set. */
    public static Path defaultRoot() {
        if (ProcessIds.euid() != 0) {
            String xdg = System.getenv("XDG_RUNTIME_DIR");
            if (xdg != null && !xdg.isEmpty()) return Path.of(xdg, "jrunc");
        }
        return Path.of("/run/jrunc");
    }

    /** The container's directory, whether or not it exists; the id must be valid. */
    public Path containerDir(String id) throws JruncException {
        return root.resolve(ContainerIds.check(id));
    }

    public boolean exists(String id) throws JruncException {
        return Files.isDirectory(containerDir(id));
    }

    /**
     * The directory of an existing container.
     *
     * @throws ContainerNotFoundException {@code container "ID" does not exist}
     */
    public Path require(String id) throws JruncException {
        Path dir = containerDir(id);
        if (!Files.isDirectory(dir)) throw new ContainerNotFoundException(id);
        return dir;
    }

    /** The ids of the containers under the root; empty when the root does not exist. */
    public List<String> ids() throws JruncException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) return ids;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && ContainerIds.isValid(name)) ids.add(name);
            }
        } catch (IOException e) {
            throw new JruncException("reading " + root + ": " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }
}
