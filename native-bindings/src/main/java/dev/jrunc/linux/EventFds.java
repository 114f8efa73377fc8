package dev.jrunc.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * eventfd(2), inotify(7) and a one-fd poll(2): what {@code events} waits on (a v1 memory
 * cgroup's OOM notification is an eventfd, a v2 cgroup's memory.events an inotify watch).
 */
public final class EventFds {
    private EventFds() {}

    public static final int EFD_CLOEXEC = 02000000;
    public static final int EFD_NONBLOCK = 04000;
    public static final int IN_CLOEXEC = 02000000;
    public static final int IN_NONBLOCK = 04000;
    public static final int IN_MODIFY = 0x2;
    public static final int IN_IGNORED = 0x8000;
    private static final short POLLIN = 0x1;

    /** x86-64 numbers (not in SysNr, whose every entry must be in the jextract output; EventFdsTest checks them). */
    static final int NR_INOTIFY_ADD_WATCH = 254;
    static final int NR_INOTIFY_INIT1 = 294;

    /** Size of struct inotify_event without its name. */
    public static final int INOTIFY_EVENT_SIZE = 16;

    /** eventfd2(2). */
    public static int eventfd(int initval, int flags) {
        return (int) Syscalls.call("eventfd", SysNr.eventfd2, initval, flags);
    }

    /** Reads an eventfd's 8-byte counter (which resets it); blocks unless the fd is non-blocking. */
    public static long readCounter(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(8, 8);
            int n = Linux.read(fd, b);
            if (n != 8) throw new LinuxException("read eventfd: short read " + n, Errno.EIO);
            return b.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /** Adds {@code value} to an eventfd's counter. */
    public static void signal(int fd, long value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(8, 8);
            b.set(ValueLayout.JAVA_LONG, 0, value);
            Linux.write(fd, b);
        }
    }

    /** inotify_init1(2). */
    public static int inotifyInit(int flags) {
        return (int) Syscalls.call("inotify_init1", NR_INOTIFY_INIT1, flags);
    }

    /** inotify_add_watch(2): returns the watch descriptor. */
    public static int inotifyAddWatch(int fd, String path, int mask) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Syscalls.call("inotify_add_watch " + path, NR_INOTIFY_ADD_WATCH, fd,
                    a.allocateFrom(path).address(), mask);
        }
    }

    /**
     * Reads what is queued on a non-blocking inotify fd: {wd, mask} pairs, flattened
     * (names are skipped). Empty when nothing is queued.
     */
    public static int[] inotifyRead(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment b = a.allocate(4096, 8);
            long r;
            do {
                r = Syscalls.raw(SysNr.read, fd, b.address(), b.byteSize());
            } while (r == -Errno.EINTR);
            if (r == -Errno.EAGAIN) return new int[0];
            if (r < 0) throw new LinuxException("read inotify", (int) -r);
            int[] out = new int[(int) (r / INOTIFY_EVENT_SIZE) * 2];
            int k = 0;
            for (long off = 0; off + INOTIFY_EVENT_SIZE <= r; ) {
                out[k++] = b.get(ValueLayout.JAVA_INT, off);
                out[k++] = b.get(ValueLayout.JAVA_INT, off + 4);
                off += INOTIFY_EVENT_SIZE + Integer.toUnsignedLong(b.get(ValueLayout.JAVA_INT, off + 12));
            }
            return java.util.Arrays.copyOf(out, k);
        }
    }

    /**
     * poll(2) for POLLIN on one fd ({@code fd < 0}: none, a plain sleep) for at most
     * {@code timeoutMillis} (-1: no limit). True when the fd is readable (or hung up);
     * false on timeout or EINTR.
     */
    public static boolean pollIn(int fd, long timeoutMillis) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(8, 8);
            p.set(ValueLayout.JAVA_INT, 0, fd);
            p.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            p.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            long t = timeoutMillis < 0 ? -1 : Math.min(timeoutMillis, Integer.MAX_VALUE);
            long r = Syscalls.raw(SysNr.poll, p.address(), fd < 0 ? 0 : 1, t);
            if (r == -Errno.EINTR) return false;
            if (r < 0) throw new LinuxException("poll fd " + fd, (int) -r);
            return r > 0;
        }
    }
}
