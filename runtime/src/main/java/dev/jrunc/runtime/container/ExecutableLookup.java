package dev.jrunc.runtime.container;

import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.runtime.JruncException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds args[0] inside the rootfs the way execvp would, before anything is created,
 * with the wording engines match. Resolution never leaves the rootfs (RESOLVE_IN_ROOT).
 */
public final class ExecutableLookup {
    private ExecutableLookup() {}

    private static final long O_PATH = 0x200000, O_CLOEXEC = 0x80000, O_DIRECTORY = 0x10000;
    private static final long RESOLVE_IN_ROOT = 0x10;

    /** The absolute path of the executable inside the container. */
    public static String find(Path rootfs, String arg0, List<String> env, String cwd) throws JruncException {
        if (arg0 == null || arg0.isEmpty()) throw new JruncException("args must not be empty");
        int root;
        try {
            root = Linux.openat2(Linux.AT_FDCWD, rootfs.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC, 0, 0);
        } catch (LinuxException e) {
            throw new JruncException("rootfs (" + rootfs + ") does not exist");
        }
        try {
            if (arg0.contains("/")) {
                String abs = arg0.startsWith("/") ? arg0 : (cwd == null ? "/" : cwd) + "/" + arg0;
                if (!isExecutable(root, abs)) {
                    // execve's own answers, which engines map to exit codes (126 vs 127)
                    throw new JruncException("exec: \"" + arg0 + "\": " + (exists(root, abs)
                            ? "permission denied" : "stat " + arg0 + ": no such file or directory"));
                }
                return arg0.startsWith("/") ? arg0 : abs;
            }
            for (String dir : searchPath(env).split(":")) {
                String d = dir.isEmpty() ? "." : dir;
                String candidate = d.endsWith("/") ? d + arg0 : d + "/" + arg0;
                if (!candidate.startsWith("/")) candidate = (cwd == null ? "/" : cwd) + "/" + candidate;
                if (isExecutable(root, candidate)) return candidate;
            }
            throw new JruncException("exec: \"" + arg0 + "\": executable file not found in $PATH");
        } finally {
            Linux.closeQuietly(root);
        }
    }

    private static String searchPath(List<String> env) {
        if (env != null) {
            for (String e : env) if (e.startsWith("PATH=")) return e.substring(5);
        }
        return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    }

    private static boolean exists(int root, String path) {
        try {
            Linux.closeQuietly(Linux.openat2(root, path, O_PATH | O_CLOEXEC, 0, RESOLVE_IN_ROOT));
            return true;
        } catch (LinuxException e) {
            return false;
        }
    }

    private static boolean isExecutable(int root, String path) {
        int fd;
        try {
            fd = Linux.openat2(root, path, O_PATH | O_CLOEXEC, 0, RESOLVE_IN_ROOT);
        } catch (LinuxException e) {
            return false;
        }
        try {
            Path p = Path.of("/proc/self/fd/" + fd);
            return Files.isRegularFile(p) && Files.isExecutable(p);
        } finally {
            Linux.closeQuietly(fd);
        }
    }
}
