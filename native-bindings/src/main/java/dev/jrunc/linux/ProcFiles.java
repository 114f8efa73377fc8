package dev.jrunc.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads /proc and /proc/sys files with one large read(2). Many of these files produce their
 * content in one go and return short or truncated data to small sequential reads (e.g.
 * {@code Files.readAllBytes("/proc/sys/kernel/cap_last_cap")} can read just "4").
 */
public final class ProcFiles {
    private ProcFiles() {}

    private static final int O_RDONLY_CLOEXEC = 02000000;
    private static final int BUF = 64 * 1024;

    /** The file's bytes, read with a single 64 KiB read(2) (continuing only if it filled the buffer). */
    public static byte[] readSmall(String path) {
        int fd = Linux.open(path, O_RDONLY_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(BUF);
            int n = Linux.read(fd, buf);
            byte[] out = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            while (n == BUF) {
                n = Linux.read(fd, buf);
                int old = out.length;
                out = Arrays.copyOf(out, old + n);
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, out, old, n);
            }
            return out;
        } catch (LinuxException e) {
            throw new LinuxException("read " + path, e.errno());
        } finally {
            Linux.closeQuietly(fd);
        }
    }

    /** {@link #readSmall} decoded as UTF-8. */
    public static String readSmallString(String path) {
        return new String(readSmall(path), StandardCharsets.UTF_8);
    }

    /** Writes {@code value} with a single write(2), as /proc/sys and /proc/pid/{uid,gid}_map require. */
    public static void writeSmall(String path, String value) {
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        int fd = Linux.open(path, 01 /* O_WRONLY */ | O_RDONLY_CLOEXEC, 0);
        try {
            int n = Linux.write(fd, data, 0, data.length);
            if (n != data.length) {
                throw new LinuxException("write " + path + " (short write " + n + "/" + data.length + ")", Errno.EIO);
            }
        } catch (LinuxException e) {
            if (e.call().startsWith("write " + path)) {
                throw e;
            }
            throw new LinuxException("write " + path, e.errno());
        } finally {
            Linux.closeQuietly(fd);
        }
    }
}
