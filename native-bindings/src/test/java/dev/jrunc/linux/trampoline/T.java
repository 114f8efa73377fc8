package dev.jrunc.linux.trampoline;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers over raw syscalls. */
final class T {
    private T() {}

    static final int O_CLOEXEC = 02000000;

    /** pipe2(O_CLOEXEC): {read, write}. */
    static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(8, 4);
            Syscalls.call("pipe2", SysNr.pipe2, fds.address(), O_CLOEXEC);
            return new int[] {fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4)};
        }
    }

    static void close(int fd) {
        Syscalls.raw(SysNr.close, fd);
    }

    /** wait4 → raw wait status. */
    static int waitStatus(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(4, 4);
            long r;
            do {
                r = Syscalls.raw(SysNr.wait4, pid, st.address(), 0, 0);
            } while (r == -Errno.EINTR);
            if (r < 0) {
                throw new AssertionError("wait4: " + Errno.name((int) -r));
            }
            return st.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** Exit code, or 128+signal when killed. */
    static int waitExit(int pid) {
        int s = waitStatus(pid);
        return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
    }

    static void write(int fd, String s) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocateFrom(s);
            Syscalls.call("write", SysNr.write, fd, b.address(), s.length());
        }
    }

    /** Reads until EOF. */
    static String readAll(int fd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            for (;;) {
                long r = Syscalls.raw(SysNr.read, fd, buf.address(), 4096);
                if (r == -Errno.EINTR) {
                    continue;
                }
                if (r < 0) {
                    throw new AssertionError("read: " + Errno.name((int) -r));
                }
                if (r == 0) {
                    break;
                }
                out.write(buf.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE), 0, (int) r);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A field of /proc/PID/status, e.g. "VmRSS" → "20 kB" (null if absent). */
    static String status(int pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).trim();
                }
            }
            return null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits (max 5 s) until the process is sleeping (State: S). */
    static String awaitSleeping(int pid) throws InterruptedException {
        String st = null;
        for (int i = 0; i < 5000; i++) {
            st = status(pid, "State");
            if (st != null && st.startsWith("S")) {
                return st;
            }
            Thread.sleep(1);
        }
        return st;
    }
}
