package dev.jrunc.spec;

import java.util.List;

/** Linux names the spec refers to, in kernel number order. */
public final class LinuxNames {
    private LinuxNames() {}

    /** Capability names; the index is the kernel capability number (CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40). */
    public static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
            "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
            "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** Resource limit names; the index is the kernel RLIMIT number (RLIMIT_CPU = 0 ... RLIMIT_RTTIME = 15). */
    public static final List<String> RLIMITS = List.of(
            "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
            "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    /** Kernel capability number, or -1 if unknown. */
    public static int capabilityNumber(String name) {
        return CAPABILITIES.indexOf(name);
    }

    /** Kernel RLIMIT number, or -1 if unknown. */
    public static int rlimitNumber(String name) {
        return RLIMITS.indexOf(name);
    }

    /** Spec namespace type ("network") to kernel/proc name ("net"); null if unknown. */
    public static String kernelNamespaceName(String specType) {
        if (specType == null) return null;
        switch (specType) {
            case "pid": return "pid";
            case "network": return "net";
            case "mount": return "mnt";
            case "ipc": return "ipc";
            case "uts": return "uts";
            case "user": return "user";
            case "cgroup": return "cgroup";
            case "time": return "time";
            default: return null;
        }
    }
}
