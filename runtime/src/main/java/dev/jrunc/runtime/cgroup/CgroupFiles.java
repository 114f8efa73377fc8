package dev.jrunc.runtime.cgroup;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.ProcFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads and writes cgroup control files with one read(2)/write(2) each, keeping the errno. */
final class CgroupFiles {
    private CgroupFiles() {}

    private static final int O_WRONLY = 01, O_TRUNC = 01000, O_CLOEXEC = 02000000;

    /** One write(2) of {@code value}; a refusal keeps the kernel's errno. */
    static void write(Path file, String value) {
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        int fd = Linux.open(file.toString(), O_WRONLY | O_TRUNC | O_CLOEXEC, 0);
        try {
            int n = Linux.write(fd, data, 0, data.length);
            if (n != data.length) throw new LinuxException("write " + file, Errno.EIO);
        } finally {
            Linux.closeQuietly(fd);
        }
    }

    /** The file's text, trimmed; null when it does not exist. */
    /**
     * The file through plain JDK I/O, null when it cannot be read: for {@code state}'s
     * paused check, which must not pay the ~100 ms FFM set-up that {@link #read} costs.
     */
    static String readPlain(Path file) {
        try {
            return java.nio.file.Files.readString(file).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@link #read}, or null when the file cannot be read (stats skip what a host lacks). */
    static String readQuietly(Path file) {
        try {
            return read(file);
        } catch (LinuxException e) {
            return null;
        }
    }

    static String read(Path file) {
        try {
            return ProcFiles.readSmallString(file.toString()).trim();
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENOENT) return null;
            throw e;
        }
    }

    /** The file as an unsigned number ("max" as {@code maxValue}); 0 when absent or unparsable. */
    static long readLong(Path file, long maxValue) {
        String s;
        try {
            s = read(file);
        } catch (LinuxException e) {
            return 0;
        }
        if (s == null || s.isEmpty()) return 0;
        if (s.equals("max")) return maxValue;
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
