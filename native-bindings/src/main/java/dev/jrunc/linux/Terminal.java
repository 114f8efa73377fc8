package dev.jrunc.linux;

import dev.jrunc.linux.generated.jrunc_h;
import dev.jrunc.linux.generated.winsize;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Pseudo-terminal helpers: /dev/ptmx, TIOCGPTN, TIOCSPTLCK, TIOCGPTPEER, TIOCSCTTY, TIOCSWINSZ. */
public final class Terminal {
    private Terminal() {}

    private static final int O_RDWR = 02;
    private static final int O_NOCTTY = 0400;
    private static final int O_CLOEXEC = 02000000;

    /** Opens a new pty master: open("/dev/ptmx", O_RDWR|O_NOCTTY|O_CLOEXEC). */
    public static int openPtmx() {
        return openPtmx("/dev/ptmx");
    }

    /** Opens a pty master at {@code ptmxPath} (e.g. a container's /dev/pts/ptmx). */
    public static int openPtmx(String ptmxPath) {
        return Linux.open(ptmxPath, O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
    }

    /** ioctl(TIOCGPTN): the pts index of a master. */
    public static int ptsNumber(int masterFd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(ValueLayout.JAVA_INT);
            Syscalls.call("ioctl TIOCGPTN", SysNr.ioctl, masterFd, jrunc_h.TIOCGPTN(), n.address());
            return n.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** ioctl(TIOCSPTLCK, 0): unlocks the slave (unlockpt(3)). */
    public static void unlock(int masterFd) {
        setLocked(masterFd, false);
    }

    /** ioctl(TIOCSPTLCK). */
    public static void setLocked(int masterFd, boolean locked) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, locked ? 1 : 0);
            Syscalls.call("ioctl TIOCSPTLCK", SysNr.ioctl, masterFd, jrunc_h.TIOCSPTLCK(), v.address());
        }
    }

    /** ioctl(TIOCGPTPEER): opens the slave of {@code masterFd} safely (no path lookup). */
    public static int openPeer(int masterFd, int flags) {
        return (int) Syscalls.call("ioctl TIOCGPTPEER", SysNr.ioctl, masterFd, jrunc_h.TIOCGPTPEER(), flags);
    }

    /** {@link #openPeer} with O_RDWR|O_NOCTTY|O_CLOEXEC. */
    public static int openPeer(int masterFd) {
        return openPeer(masterFd, O_RDWR | O_NOCTTY | O_CLOEXEC);
    }

    /** ioctl(TIOCSCTTY, 0): makes {@code fd} the controlling terminal (caller must be a session leader). */
    public static void setControllingTerminal(int fd) {
        Syscalls.call("ioctl TIOCSCTTY", SysNr.ioctl, fd, jrunc_h.TIOCSCTTY(), 0);
    }

    /** ioctl(TIOCSWINSZ). */
    public static void setWindowSize(int fd, int rows, int cols) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = winsize.allocate(a);
            ws.fill((byte) 0);
            winsize.ws_row(ws, (short) rows);
            winsize.ws_col(ws, (short) cols);
            Syscalls.call("ioctl TIOCSWINSZ", SysNr.ioctl, fd, jrunc_h.TIOCSWINSZ(), ws.address());
        }
    }

    /** ioctl(TIOCGWINSZ): {rows, cols}. */
    public static int[] windowSize(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = winsize.allocate(a);
            Syscalls.call("ioctl TIOCGWINSZ", SysNr.ioctl, fd, jrunc_h.TIOCGWINSZ(), ws.address());
            return new int[] {Short.toUnsignedInt(winsize.ws_row(ws)), Short.toUnsignedInt(winsize.ws_col(ws))};
        }
    }
}
