package dev.jrunc.linux;

import java.io.Serial;

/**
 * A failed Linux system call. The message reads like
 * {@code "mount proc on /proc: EPERM (Operation not permitted)"}.
 */
public final class LinuxException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * @param call  what was attempted, e.g. "mount proc on /proc"
     * @param errno positive errno value (a negative value is accepted and normalised)
     */
    public LinuxException(String call, int errno) {
        super(call + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ")");
        this.call = call;
        this.errno = Math.abs(errno);
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** Symbolic errno name, e.g. "EPERM". */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** Description of what was attempted. */
    public String call() {
        return call;
    }

    /** Throws a {@link LinuxException} if {@code result} is negative (a -errno value); otherwise returns it. */
    public static long check(String call, long result) {
        if (result < 0) {
            throw new LinuxException(call, (int) -result);
        }
        return result;
    }
}
