package dev.jrunc.runtime.console;

import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.ScmRights;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;
import dev.jrunc.linux.Terminal;
import dev.jrunc.runtime.JruncException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A foreground {@code run} with {@code process.terminal} and no {@code --console-socket}, as
 * runc does it: the container's pty is made by the plan in its own devpts and its master comes
 * back over an internal socketpair ({@link #pair}); jrunc then copies between the master and
 * its own stdio. When jrunc's stdin is a terminal, that terminal is put in raw mode (restored on
 * exit), its size is copied to the pty, and SIGWINCH copies it again ({@link #resize}, called
 * by {@link dev.jrunc.runtime.container.SignalForwarder}).
 */
public final class TtyRelay {
    private static final long TCGETS = 0x5401, TCSETS = 0x5402;
    /** sizeof(struct termios) for TCGETS/TCSETS on Linux. */
    private static final int TERMIOS = 60;
    private static final int IGNBRK = 01, BRKINT = 02, PARMRK = 010, ISTRIP = 040, INLCR = 0100, IGNCR = 0200,
            ICRNL = 0400, IXON = 02000, OPOST = 01, ECHO = 010, ECHONL = 0100, ICANON = 02, ISIG = 01,
            IEXTEN = 0100000, CSIZE = 060, PARENB = 0400, CS8 = 060;

    /**
     * A socketpair for the plan's SCM_RIGHTS message: [0] stays with the JVM, [1] goes to the
     * child. Both are added to {@code owned}, the caller's list of fds to close.
     */
    public static int[] pair(java.util.List<Integer> owned) {
        int[] pair = ScmRights.socketpair(ScmRights.SOCK_STREAM);
        owned.add(pair[0]);
        owned.add(pair[1]);
        return pair;
    }

    /** Receives the pty master the child sent over {@code fd} (the JVM's end of {@link #pair}). */
    public static int receiveMaster(int fd) throws JruncException {
        ScmRights.Received r = ScmRights.receive(fd, 1);
        if (r.fds().length != 1) {
            for (int f : r.fds()) Linux.closeQuietly(f);
            throw new JruncException("terminal: the container init sent no pty master");
        }
        return r.fds()[0];
    }

    /**
     * The process with {@code consoleSize} set to the size of jrunc's own terminal (stdin) when
     * it has none: the plan sizes the pty before the process runs, so its first look sees it.
     */
    public static dev.jrunc.spec.config.Process withCallerSize(dev.jrunc.spec.config.Process p) {
        if (p.consoleSize() != null || !isTerminal(0)) return p;
        int[] ws;
        try {
            ws = Terminal.windowSize(0);
        } catch (LinuxException e) {
            return p;
        }
        if (ws[0] == 0 && ws[1] == 0) return p;
        return p.withConsoleSize(new dev.jrunc.spec.config.ConsoleSize(ws[0], ws[1]));
    }

    /** True when {@code fd} is a terminal (TCGETS succeeds). */
    public static boolean isTerminal(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return Syscalls.raw(SysNr.ioctl, fd, TCGETS, a.allocate(TERMIOS).address()) == 0;
        }
    }

    private final int master;
    private final byte[] saved;
    private final Thread input, output;

    private TtyRelay(int master, byte[] saved) {
        this.master = master;
        this.saved = saved;
        input = Thread.ofPlatform().daemon().name("tty-in").unstarted(() -> pump(0, master));
        output = Thread.ofPlatform().daemon().name("tty-out").unstarted(() -> pump(master, 1));
    }

    /**
     * Starts copying stdin → master and master → stdout at once (before anything waits on the
     * container, e.g. for its READY: a process writing more than the pty buffer must not block).
     * When stdin is a terminal it goes into raw mode and its size is copied to the pty. Takes
     * {@code master}; {@link #finish} closes it.
     */
    public static TtyRelay start(int master) {
        byte[] saved = isTerminal(0) ? makeRaw(0) : null;
        TtyRelay r = new TtyRelay(master, saved);
        if (saved != null) copySize(master);
        r.input.start();
        r.output.start();
        return r;
    }

    /** SIGWINCH: copies jrunc's terminal size to the pty again (the kernel signals the container). */
    public void resize() {
        if (saved != null) copySize(master);
    }

    /**
     * The process has ended with {@code status}: lets the rest of its output through until the
     * master reports EOF/EIO (every holder of the peer is gone; a background process still
     * holding the pty cannot keep us more than 2 s), restores the terminal, closes the master.
     */
    public int finish(int status) {
        try {
            output.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        input.interrupt();
        if (saved != null) setAttr(0, saved);
        Linux.closeQuietly(master);
        return status;
    }

    private static void copySize(int master) {
        try {
            int[] ws = Terminal.windowSize(0);
            if (ws[0] > 0 || ws[1] > 0) Terminal.setWindowSize(master, ws[0], ws[1]);
        } catch (LinuxException ignored) {
            // stdin stopped being a terminal
        }
    }

    private static void pump(int from, int to) {
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int n = Linux.read(from, buf, 0, buf.length);
                if (n <= 0) return;
                byte[] chunk = n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
                Linux.writeFully(to, chunk);
            }
        } catch (LinuxException e) {
            // EIO on the master once the last peer closed; EPIPE on a closed stdout
        }
    }

    /** cfmakeraw on {@code fd}; returns the previous termios. */
    private static byte[] makeRaw(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS, 4);
            Syscalls.call("ioctl TCGETS", SysNr.ioctl, fd, TCGETS, t.address());
            byte[] saved = t.toArray(ValueLayout.JAVA_BYTE);
            int iflag = t.get(ValueLayout.JAVA_INT, 0), oflag = t.get(ValueLayout.JAVA_INT, 4),
                    cflag = t.get(ValueLayout.JAVA_INT, 8), lflag = t.get(ValueLayout.JAVA_INT, 12);
            iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
            oflag &= ~OPOST;
            lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
            cflag = (cflag & ~(CSIZE | PARENB)) | CS8;
            t.set(ValueLayout.JAVA_INT, 0, iflag);
            t.set(ValueLayout.JAVA_INT, 4, oflag);
            t.set(ValueLayout.JAVA_INT, 8, cflag);
            t.set(ValueLayout.JAVA_INT, 12, lflag);
            Syscalls.call("ioctl TCSETS", SysNr.ioctl, fd, TCSETS, t.address());
            return saved;
        } catch (LinuxException e) {
            return null;
        }
    }

    private static void setAttr(int fd, byte[] termios) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS, 4);
            MemorySegment.copy(termios, 0, t, ValueLayout.JAVA_BYTE, 0, termios.length);
            Syscalls.raw(SysNr.ioctl, fd, TCSETS, t.address());
        }
    }
}
