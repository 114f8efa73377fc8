package dev.jrunc.linux;

import dev.jrunc.linux.generated.rlimit;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** prlimit(2) (prlimit64) get and set, with OCI "RLIMIT_*" name lookup. */
public final class Rlimits {
    private Rlimits() {}

    /** RLIM_INFINITY. */
    public static final long INFINITY = -1L;

    private static final String[] NAMES = {"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
            "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"};

    public static final int RLIMIT_NOFILE = 7;

    /** soft/hard; -1 means RLIM_INFINITY. */
    public record Limit(long soft, long hard) {}

    /** Resource number for "RLIMIT_NOFILE" etc., or -1. */
    public static int resource(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public static String name(int resource) {
        return resource >= 0 && resource < NAMES.length ? NAMES[resource] : "RLIMIT_" + resource;
    }

    /** prlimit(pid, resource, NULL, &old); pid 0 = self. */
    public static Limit get(int pid, int resource) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment old = rlimit.allocate(a);
            Syscalls.call("prlimit get " + name(resource), SysNr.prlimit64, pid, resource, 0, old.address());
            return new Limit(rlimit.rlim_cur(old), rlimit.rlim_max(old));
        }
    }

    /** prlimit(pid, resource, &new, NULL); pid 0 = self. */
    public static void set(int pid, int resource, long soft, long hard) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment nl = rlimit.allocate(a);
            rlimit.rlim_cur(nl, soft);
            rlimit.rlim_max(nl, hard);
            Syscalls.call("prlimit set " + name(resource) + " " + soft + "/" + hard, SysNr.prlimit64, pid, resource,
                    nl.address(), 0);
        }
    }
}
