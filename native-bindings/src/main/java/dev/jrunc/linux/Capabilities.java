package dev.jrunc.linux;

import dev.jrunc.linux.generated.__user_cap_data_struct;
import dev.jrunc.linux.generated.__user_cap_header_struct;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * capget(2)/capset(2) (version 3, 64-bit sets) plus the bounding and ambient sets via prctl(2).
 * Capability sets are bit masks: bit n = capability n.
 */
public final class Capabilities {
    private Capabilities() {}

    public static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    public static final int PR_CAPBSET_READ = 23;
    public static final int PR_CAPBSET_DROP = 24;
    public static final int PR_CAP_AMBIENT = 47;
    public static final int PR_CAP_AMBIENT_IS_SET = 1;
    public static final int PR_CAP_AMBIENT_RAISE = 2;
    public static final int PR_CAP_AMBIENT_LOWER = 3;
    public static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    /** Names of capabilities 0..40 as in linux/capability.h (index = number). */
    private static final String[] NAMES = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};

    public static final int CAP_SYS_ADMIN = 21;

    /** The three per-thread sets from capget/capset. */
    public record Sets(long effective, long permitted, long inheritable) {
        public boolean effective(int cap) {
            return (effective & (1L << cap)) != 0;
        }

        public boolean permitted(int cap) {
            return (permitted & (1L << cap)) != 0;
        }

        public boolean inheritable(int cap) {
            return (inheritable & (1L << cap)) != 0;
        }
    }

    /** capget(2) for {@code pid} (0 = calling thread). */
    public static Sets capget(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment hdr = __user_cap_header_struct.allocate(a);
            __user_cap_header_struct.version(hdr, LINUX_CAPABILITY_VERSION_3);
            __user_cap_header_struct.pid(hdr, pid);
            MemorySegment data = __user_cap_data_struct.allocateArray(2, a);
            Syscalls.call("capget " + pid, SysNr.capget, hdr.address(), data.address());
            MemorySegment lo = __user_cap_data_struct.asSlice(data, 0);
            MemorySegment hi = __user_cap_data_struct.asSlice(data, 1);
            return new Sets(join(__user_cap_data_struct.effective(lo), __user_cap_data_struct.effective(hi)),
                    join(__user_cap_data_struct.permitted(lo), __user_cap_data_struct.permitted(hi)),
                    join(__user_cap_data_struct.inheritable(lo), __user_cap_data_struct.inheritable(hi)));
        }
    }

    /** capset(2) for the calling thread. */
    public static void capset(Sets sets) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment hdr = __user_cap_header_struct.allocate(a);
            __user_cap_header_struct.version(hdr, LINUX_CAPABILITY_VERSION_3);
            __user_cap_header_struct.pid(hdr, 0);
            MemorySegment data = __user_cap_data_struct.allocateArray(2, a);
            for (int i = 0; i < 2; i++) {
                MemorySegment d = __user_cap_data_struct.asSlice(data, i);
                __user_cap_data_struct.effective(d, (int) (sets.effective() >>> (32 * i)));
                __user_cap_data_struct.permitted(d, (int) (sets.permitted() >>> (32 * i)));
                __user_cap_data_struct.inheritable(d, (int) (sets.inheritable() >>> (32 * i)));
            }
            Syscalls.call("capset", SysNr.capset, hdr.address(), data.address());
        }
    }

    private static long join(int lo, int hi) {
        return (Integer.toUnsignedLong(hi) << 32) | Integer.toUnsignedLong(lo);
    }

    /** prctl(PR_CAPBSET_READ). */
    public static boolean inBoundingSet(int cap) {
        return Linux.prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1;
    }

    /** prctl(PR_CAPBSET_DROP). */
    public static void dropBounding(int cap) {
        Syscalls.call("prctl PR_CAPBSET_DROP " + name(cap), SysNr.prctl, PR_CAPBSET_DROP, cap, 0, 0, 0);
    }

    /** prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE). */
    public static void raiseAmbient(int cap) {
        Syscalls.call("prctl PR_CAP_AMBIENT_RAISE " + name(cap), SysNr.prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0);
    }

    /** prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL). */
    public static void clearAmbient() {
        Syscalls.call("prctl PR_CAP_AMBIENT_CLEAR_ALL", SysNr.prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    }

    /** prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET). */
    public static boolean isAmbient(int cap) {
        return Linux.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) == 1;
    }

    /** The running kernel's highest capability number (/proc/sys/kernel/cap_last_cap). */
    public static int lastCap() {
        return Integer.parseInt(ProcFiles.readSmallString("/proc/sys/kernel/cap_last_cap").trim());
    }

    /** "CAP_SYS_ADMIN" for 21; "CAP_&lt;n&gt;" for numbers unknown to this table. */
    public static String name(int cap) {
        return cap >= 0 && cap < NAMES.length ? NAMES[cap] : "CAP_" + cap;
    }

    /** Number for a name such as "CAP_SYS_ADMIN" (the "CAP_" prefix is optional, case-insensitive), or -1. */
    public static int number(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        if (!n.startsWith("CAP_")) {
            n = "CAP_" + n;
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(n)) {
                return i;
            }
        }
        return -1;
    }

    /** Highest capability number known to this table. */
    public static int knownLast() {
        return NAMES.length - 1;
    }
}
