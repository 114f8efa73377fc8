package dev.jrunc.linux.trampoline;

/**
 * What {@link Trampoline#launch} puts into {@code struct clone_args} (clone3(2)).
 *
 * @param flags      CLONE_* flags, e.g. {@link #CLONE_NEWNS} | {@link #CLONE_NEWPID}; {@link #CLONE_PIDFD}
 *                   and {@link #CLONE_INTO_CGROUP} are set by {@link #withPidfd()} / {@link #withCgroup(int)}
 * @param exitSignal signal the parent gets when the child ends (SIGCHLD = 17 normally)
 * @param cgroupFd   fd of a cgroup v2 directory the child starts in (CLONE_INTO_CGROUP), or -1
 */
public record CloneSpec(long flags, int exitSignal, int cgroupFd) {
    public static final long CLONE_VM = 0x100;
    public static final long CLONE_PIDFD = 0x1000;
    public static final long CLONE_VFORK = 0x4000;
    public static final long CLONE_NEWTIME = 0x80;
    public static final long CLONE_NEWNS = 0x20000;
    public static final long CLONE_NEWCGROUP = 0x02000000;
    public static final long CLONE_NEWUTS = 0x04000000;
    public static final long CLONE_NEWIPC = 0x08000000;
    public static final long CLONE_NEWUSER = 0x10000000;
    public static final long CLONE_NEWPID = 0x20000000;
    public static final long CLONE_NEWNET = 0x40000000;
    public static final long CLONE_INTO_CGROUP = 0x200000000L;
    public static final int SIGCHLD = 17;

    /** A plain fork: own copy of memory, SIGCHLD on exit. The default; required for plans that unmap memory. */
    public static CloneSpec fork() {
        return new CloneSpec(0, SIGCHLD, -1);
    }

    /**
     * CLONE_VM|CLONE_VFORK: no page-table copy, the parent sleeps until the child execs or exits.
     * The child runs on a small stack inside the plan region (the trampoline never uses it).
     * Do not use with plans that unmap memory or unregister rseq (the child shares the parent's memory).
     */
    public static CloneSpec vfork() {
        return new CloneSpec(CLONE_VM | CLONE_VFORK, SIGCHLD, -1);
    }

    public CloneSpec withFlags(long more) {
        return new CloneSpec(flags | more, exitSignal, cgroupFd);
    }

    public CloneSpec withPidfd() {
        return withFlags(CLONE_PIDFD);
    }

    public CloneSpec withCgroup(int fd) {
        return new CloneSpec(flags | CLONE_INTO_CGROUP, exitSignal, fd);
    }

    public boolean sharesMemory() {
        return (flags & CLONE_VM) != 0;
    }
}
