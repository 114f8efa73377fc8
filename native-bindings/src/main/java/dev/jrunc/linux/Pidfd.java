package dev.jrunc.linux;

/** pidfd_open(2), pidfd_send_signal(2), pidfd_getfd(2). */
public final class Pidfd {
    private Pidfd() {}

    /** PIDFD_NONBLOCK (= O_NONBLOCK). */
    public static final int PIDFD_NONBLOCK = 04000;

    /** pidfd_open(2). */
    public static int open(int pid, int flags) {
        return (int) Syscalls.call("pidfd_open " + pid, SysNr.pidfd_open, pid, flags);
    }

    /** pidfd_send_signal(2) without siginfo. */
    public static void sendSignal(int pidfd, int sig) {
        Syscalls.call("pidfd_send_signal " + sig, SysNr.pidfd_send_signal, pidfd, sig, 0, 0);
    }

    /** pidfd_getfd(2): duplicates {@code targetFd} of the pidfd's process into ours. */
    public static int getfd(int pidfd, int targetFd) {
        return (int) Syscalls.call("pidfd_getfd " + targetFd, SysNr.pidfd_getfd, pidfd, targetFd, 0);
    }
}
