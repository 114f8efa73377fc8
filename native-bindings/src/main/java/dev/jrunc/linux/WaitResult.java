package dev.jrunc.linux;

/**
 * Outcome of waitid(2)/wait4(2).
 *
 * @param pid    child pid, 0 when WNOHANG and nothing is ready
 * @param code   CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_STOPPED, ... (waitid), or 0 for wait4
 * @param status exit status when exited, signal number when killed/stopped (waitid);
 *               the raw wait status for wait4
 */
public record WaitResult(int pid, int code, int status) {
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;
    public static final int CLD_TRAPPED = 4;
    public static final int CLD_STOPPED = 5;
    public static final int CLD_CONTINUED = 6;

    public boolean exited() {
        return code == CLD_EXITED;
    }

    public boolean signaled() {
        return code == CLD_KILLED || code == CLD_DUMPED;
    }

    /** Shell-style exit code: status when exited, 128+signal when killed. */
    public int shellExitCode() {
        return signaled() ? 128 + status : status;
    }

    /** Decodes a raw wait4 status word into (pid, CLD_*, value). */
    public static WaitResult fromWaitStatus(int pid, int ws) {
        int sig = ws & 0x7f;
        if (sig == 0) {
            return new WaitResult(pid, CLD_EXITED, (ws >> 8) & 0xff);
        }
        if (sig == 0x7f) {
            return ws == 0xffff ? new WaitResult(pid, CLD_CONTINUED, 18 /* SIGCONT */) : new WaitResult(pid, CLD_STOPPED, (ws >> 8) & 0xff);
        }
        return new WaitResult(pid, (ws & 0x80) != 0 ? CLD_DUMPED : CLD_KILLED, sig);
    }
}
