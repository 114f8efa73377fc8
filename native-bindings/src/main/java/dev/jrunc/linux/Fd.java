package dev.jrunc.linux;

/**
 * An owned file descriptor. {@link #close()} closes it once (idempotent); {@link #release()}
 * hands ownership back to the caller without closing.
 */
public final class Fd implements AutoCloseable {
    private int fd;

    private Fd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("invalid fd " + fd);
        }
        this.fd = fd;
    }

    /** Takes ownership of {@code fd}. */
    public static Fd of(int fd) {
        return new Fd(fd);
    }

    /** Takes ownership of a syscall result that is known to be a valid descriptor. */
    public static Fd of(long fd) {
        return new Fd(Math.toIntExact(fd));
    }

    /** The descriptor number; throws if already closed or released. */
    public int fd() {
        if (fd < 0) {
            throw new IllegalStateException("fd already closed or released");
        }
        return fd;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    /** Gives up ownership and returns the number; the caller must close it. */
    public int release() {
        int f = fd();
        fd = -1;
        return f;
    }

    /** Closes the descriptor (errors from close(2) other than EINTR are thrown). */
    @Override
    public void close() {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            long r = Syscalls.raw(SysNr.close, f);
            if (r < 0 && r != -Errno.EINTR) {
                throw new LinuxException("close fd " + f, (int) -r);
            }
        }
    }

    @Override
    public String toString() {
        return fd >= 0 ? "Fd[" + fd + "]" : "Fd[closed]";
    }
}
