package dev.jrunc.runtime.container;

import dev.jrunc.runtime.ContainerNotFoundException;
import dev.jrunc.runtime.JruncException;
import dev.jrunc.spec.ConfigException;
import dev.jrunc.spec.state.State;
import dev.jrunc.spec.state.StateJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One container's directory under the root: {@code state.json} (the OCI state as of
 * create), {@code init} (pid and start time), {@code exec.fifo} while created, and
 * {@code lock}, which serializes commands on this id only.
 */
public final class ContainerDir {
    public static final String STATE = "state.json", INIT = "init", FIFO = "exec.fifo", LOCK = "lock";

    private final String id;
    private final Path dir;

    private ContainerDir(String id, Path dir) {
        this.id = id;
        this.dir = dir;
    }

    /** Makes the directory; an existing one means a duplicate id. */
    public static ContainerDir create(Path root, String id) throws JruncException {
        try {
            Files.createDirectories(root);
            Files.createDirectory(root.resolve(id));
        } catch (FileAlreadyExistsException e) {
            throw new JruncException("container with given ID already exists");
        } catch (IOException e) {
            throw new JruncException("creating state directory for " + id + ": " + e.getMessage(), e);
        }
        return new ContainerDir(id, root.resolve(id));
    }

    public static ContainerDir open(Path root, String id) throws JruncException {
        Path d = root.resolve(id);
        if (!Files.isDirectory(d)) throw new ContainerNotFoundException(id);
        return new ContainerDir(id, d);
    }

    public String id() {
        return id;
    }

    public Path path() {
        return dir;
    }

    public Path fifo() {
        return dir.resolve(FIFO);
    }

    /** An exclusive lock on this container; the lock file goes away with the directory. */
    public AutoCloseable lock() throws JruncException {
        try {
            FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.lock();
            if (!Files.isDirectory(dir)) { // deleted while we waited
                l.release();
                ch.close();
                throw new ContainerNotFoundException(id);
            }
            return () -> {
                l.release();
                ch.close();
            };
        } catch (NoSuchFileException e) {
            throw new ContainerNotFoundException(id);
        } catch (IOException e) {
            throw new JruncException("locking " + id + ": " + e.getMessage(), e);
        }
    }

    public void writeState(State s) throws JruncException {
        writeAtomically(dir.resolve(STATE), StateJson.write(s));
    }

    public State readState() throws JruncException {
        try {
            return StateJson.parse(Files.readAllBytes(dir.resolve(STATE)));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | ConfigException e) {
            throw new JruncException("reading the state of " + id + ": " + e.getMessage(), e);
        }
    }

    public void writeInit(InitProcess init) throws JruncException {
        writeAtomically(dir.resolve(INIT), init.serialize());
    }

    public InitProcess readInit() {
        try {
            return InitProcess.parse(Files.readString(dir.resolve(INIT)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Status from the facts, never from a stored word: a dead or reused pid is stopped. */
    public ContainerStatus status() {
        InitProcess init = readInit();
        if (init == null) return ContainerStatus.CREATING;
        if (!init.alive()) return ContainerStatus.STOPPED;
        if (dev.jrunc.runtime.cgroup.ContainerCgroups.paused(dir)) return ContainerStatus.PAUSED;
        if (Files.exists(fifo())) return ContainerStatus.CREATED;
        return ContainerStatus.RUNNING;
    }

    /** Removes the directory and everything in it. */
    public void destroy() {
        deleteTree(dir);
    }

    static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort: report nothing half-made we could have removed
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** write to a temporary file, then rename over: readers never see half a file. */
    public static void writeAtomically(Path target, String content) throws JruncException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new JruncException("writing " + target + ": " + e.getMessage(), e);
        }
    }
}
