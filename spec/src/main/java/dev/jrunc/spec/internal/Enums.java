package dev.jrunc.spec.internal;

import java.util.List;
import java.util.Set;

/** Internal: closed value sets shared by the fast parser; the JSON Schema carries the same lists (a test checks). */
public final class Enums {
    private Enums() {}

    public static final List<String> NAMESPACE_TYPES =
            List.of("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");
    public static final List<String> SECCOMP_ACTIONS = List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
            "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW",
            "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
    public static final List<String> SECCOMP_OPS = List.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",
            "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");
    public static final List<String> SECCOMP_ARCHS = List.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64",
            "SCMP_ARCH_X32", "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64",
            "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
            "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X",
            "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64",
            "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB");
    public static final List<String> SECCOMP_FLAGS = List.of("SECCOMP_FILTER_FLAG_TSYNC",
            "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
    public static final List<String> ROOTFS_PROPAGATION = List.of("", "private", "rprivate", "slave", "rslave",
            "shared", "rshared", "unbindable", "runbindable");
    public static final List<String> DEVICE_TYPES = List.of("c", "b", "u", "p");
    public static final List<String> MEMPOLICY_MODES = List.of("MPOL_DEFAULT", "MPOL_BIND", "MPOL_INTERLEAVE",
            "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED", "MPOL_PREFERRED_MANY", "MPOL_LOCAL");
    public static final List<String> MEMPOLICY_FLAGS = List.of("MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES",
            "MPOL_F_STATIC_NODES");
    public static final List<String> SCHED_POLICIES = List.of("SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",
            "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE");
    public static final List<String> SCHED_FLAGS = List.of("SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",
            "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY", "SCHED_FLAG_KEEP_PARAMS",
            "SCHED_FLAG_UTIL_CLAMP_MIN", "SCHED_FLAG_UTIL_CLAMP_MAX");
    public static final List<String> IOPRIO_CLASSES = List.of("IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
            "IOPRIO_CLASS_IDLE");
    public static final List<String> PERSONALITY_DOMAINS = List.of("LINUX", "LINUX32");

    static final Set<String> NAMESPACE_TYPES_SET = Set.copyOf(NAMESPACE_TYPES);
    static final Set<String> SECCOMP_ACTIONS_SET = Set.copyOf(SECCOMP_ACTIONS);
    static final Set<String> SECCOMP_OPS_SET = Set.copyOf(SECCOMP_OPS);
    static final Set<String> SECCOMP_ARCHS_SET = Set.copyOf(SECCOMP_ARCHS);
    static final Set<String> SECCOMP_FLAGS_SET = Set.copyOf(SECCOMP_FLAGS);
    static final Set<String> ROOTFS_PROPAGATION_SET = Set.copyOf(ROOTFS_PROPAGATION);
    static final Set<String> DEVICE_TYPES_SET = Set.copyOf(DEVICE_TYPES);
    static final Set<String> MEMPOLICY_MODES_SET = Set.copyOf(MEMPOLICY_MODES);
    static final Set<String> MEMPOLICY_FLAGS_SET = Set.copyOf(MEMPOLICY_FLAGS);
    static final Set<String> SCHED_POLICIES_SET = Set.copyOf(SCHED_POLICIES);
    static final Set<String> SCHED_FLAGS_SET = Set.copyOf(SCHED_FLAGS);
    static final Set<String> IOPRIO_CLASSES_SET = Set.copyOf(IOPRIO_CLASSES);
    static final Set<String> PERSONALITY_DOMAINS_SET = Set.copyOf(PERSONALITY_DOMAINS);
}
