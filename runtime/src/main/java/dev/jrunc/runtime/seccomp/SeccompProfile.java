package dev.jrunc.runtime.seccomp;

import dev.jrunc.spec.config.Seccomp;
import dev.jrunc.spec.config.SeccompArg;
import dev.jrunc.spec.config.Syscall;
import java.util.List;
import java.util.Map;

/**
 * The OCI seccomp profile's vocabulary (actions, operators, architectures, flags) and
 * its validation. Pure: no libseccomp, so a bad profile is refused before anything is
 * loaded or made; {@link SeccompCompiler} turns a valid one into BPF.
 */
public final class SeccompProfile {
    private SeccompProfile() {}

    /** OCI action name → libseccomp action without its 16-bit data (errno or trace value). */
    public static final Map<String, Integer> ACTIONS = Map.of(
            "SCMP_ACT_KILL", 0x00000000,
            "SCMP_ACT_KILL_THREAD", 0x00000000,
            "SCMP_ACT_KILL_PROCESS", 0x80000000,
            "SCMP_ACT_TRAP", 0x00030000,
            "SCMP_ACT_ERRNO", 0x00050000,
            "SCMP_ACT_TRACE", 0x7ff00000,
            "SCMP_ACT_LOG", 0x7ffc0000,
            "SCMP_ACT_ALLOW", 0x7fff0000,
            "SCMP_ACT_NOTIFY", 0x7fc00000);

    /** OCI operator name → libseccomp's {@code enum scmp_compare}. */
    public static final Map<String, Integer> OPERATORS = Map.of(
            "SCMP_CMP_NE", 1, "SCMP_CMP_LT", 2, "SCMP_CMP_LE", 3, "SCMP_CMP_EQ", 4,
            "SCMP_CMP_GE", 5, "SCMP_CMP_GT", 6, "SCMP_CMP_MASKED_EQ", 7);

    /** OCI architecture name → libseccomp's token (the kernel's AUDIT_ARCH_* value). */
    public static final Map<String, Integer> ARCHES = Map.ofEntries(
            Map.entry("SCMP_ARCH_X86", 0x40000003), Map.entry("SCMP_ARCH_X86_64", 0xc000003e),
            Map.entry("SCMP_ARCH_X32", 0x4000003e), Map.entry("SCMP_ARCH_ARM", 0x40000028),
            Map.entry("SCMP_ARCH_AARCH64", 0xc00000b7), Map.entry("SCMP_ARCH_MIPS", 0x00000008),
            Map.entry("SCMP_ARCH_MIPS64", 0x80000008), Map.entry("SCMP_ARCH_MIPS64N32", 0xa0000008),
            Map.entry("SCMP_ARCH_MIPSEL", 0x40000008), Map.entry("SCMP_ARCH_MIPSEL64", 0xc0000008),
            Map.entry("SCMP_ARCH_MIPSEL64N32", 0xe0000008), Map.entry("SCMP_ARCH_PPC", 0x00000014),
            Map.entry("SCMP_ARCH_PPC64", 0x80000015), Map.entry("SCMP_ARCH_PPC64LE", 0xc0000015),
            Map.entry("SCMP_ARCH_S390", 0x00000016), Map.entry("SCMP_ARCH_S390X", 0x80000016),
            Map.entry("SCMP_ARCH_PARISC", 0x0000000f), Map.entry("SCMP_ARCH_PARISC64", 0x8000000f),
            Map.entry("SCMP_ARCH_RISCV64", 0xc00000f3));

    /** OCI flag name → SECCOMP_FILTER_FLAG_* bit passed to seccomp(2). */
    public static final Map<String, Integer> FLAGS = Map.of(
            "SECCOMP_FILTER_FLAG_TSYNC", 1,
            "SECCOMP_FILTER_FLAG_LOG", 2,
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4,
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 32);

    private static final int EPERM = 1;

    /** Sorted lists for {@code features}. */
    public static List<String> sorted(Map<String, Integer> m) {
        return m.keySet().stream().sorted().toList();
    }

    /**
     * Checks the profile; returns null when it is valid, else {@code /linux/seccomp/...: why}.
     * Unknown syscall names are not an error (they are skipped, as runc does: a profile
     * written for a newer kernel must still run on an older one).
     */
    public static String problem(Seccomp s) {
        String base = "/linux/seccomp";
        if (s.defaultAction() == null || s.defaultAction().isEmpty()) {
            return base + "/defaultAction: is required";
        }
        if (!ACTIONS.containsKey(s.defaultAction())) {
            return base + "/defaultAction: unknown action \"" + s.defaultAction() + "\"";
        }
        if (s.defaultErrnoRet() != null && !takesData(s.defaultAction())) {
            return base + "/defaultErrnoRet: only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE";
        }
        if (s.defaultErrnoRet() != null && (s.defaultErrnoRet() < 0 || s.defaultErrnoRet() > 0xffff)) {
            return base + "/defaultErrnoRet: must be between 0 and 65535";
        }
        List<String> arches = s.architectures() == null ? List.of() : s.architectures();
        for (int i = 0; i < arches.size(); i++) {
            if (!ARCHES.containsKey(arches.get(i))) {
                return base + "/architectures/" + i + ": unknown architecture \"" + arches.get(i) + "\"";
            }
        }
        List<String> flags = s.flags() == null ? List.of() : s.flags();
        for (int i = 0; i < flags.size(); i++) {
            if (!FLAGS.containsKey(flags.get(i))) {
                return base + "/flags/" + i + ": unknown flag \"" + flags.get(i) + "\"";
            }
        }
        boolean notify = "SCMP_ACT_NOTIFY".equals(s.defaultAction());
        if (notify) return base + "/defaultAction: SCMP_ACT_NOTIFY cannot be the default action";
        List<Syscall> calls = s.syscalls() == null ? List.of() : s.syscalls();
        for (int i = 0; i < calls.size(); i++) {
            Syscall c = calls.get(i);
            String p = base + "/syscalls/" + i;
            if (c.names() == null || c.names().isEmpty()) return p + "/names: must not be empty";
            if (!ACTIONS.containsKey(c.action())) return p + "/action: unknown action \"" + c.action() + "\"";
            if (c.errnoRet() != null && !takesData(c.action())) {
                return p + "/errnoRet: only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE";
            }
            if (c.errnoRet() != null && (c.errnoRet() < 0 || c.errnoRet() > 0xffff)) {
                return p + "/errnoRet: must be between 0 and 65535";
            }
            if (c.action().equals("SCMP_ACT_NOTIFY")) {
                if (c.names().contains("write")) return p + "/names: SCMP_ACT_NOTIFY on write would deadlock the init";
                notify = true;
            }
            List<SeccompArg> args = c.args() == null ? List.of() : c.args();
            for (int j = 0; j < args.size(); j++) {
                SeccompArg a = args.get(j);
                if (a.index() < 0 || a.index() > 5) return p + "/args/" + j + "/index: must be between 0 and 5";
                if (!OPERATORS.containsKey(a.op())) return p + "/args/" + j + "/op: unknown operator \"" + a.op() + "\"";
            }
        }
        if (notify) {
            // the listener fd goes to listenerPath's agent (SeccompListener); runc also requires it
            if (s.listenerPath() == null || s.listenerPath().isEmpty()) {
                return base + "/listenerPath: is required with SCMP_ACT_NOTIFY";
            }
            int len = s.listenerPath().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (len >= SUN_PATH) return base + "/listenerPath: must be shorter than " + SUN_PATH + " bytes";
        }
        return null;
    }

    /** sizeof(sockaddr_un.sun_path), with its terminating NUL. */
    private static final int SUN_PATH = 108;

    /**
     * True when a rule has SCMP_ACT_NOTIFY: the filter is then installed with
     * SECCOMP_FILTER_FLAG_NEW_LISTENER and its listener fd sent to listenerPath.
     */
    public static boolean notifies(Seccomp s) {
        if (s == null || s.syscalls() == null) return false;
        for (Syscall c : s.syscalls()) if ("SCMP_ACT_NOTIFY".equals(c.action())) return true;
        return false;
    }

    private static boolean takesData(String action) {
        return action.equals("SCMP_ACT_ERRNO") || action.equals("SCMP_ACT_TRACE");
    }

    /** The libseccomp action value, with errnoRet (EPERM by default) for ERRNO and TRACE. */
    public static int action(String name, Long errnoRet) {
        int a = ACTIONS.get(name);
        if (takesData(name)) a |= (int) ((errnoRet == null ? EPERM : errnoRet) & 0xffff);
        return a;
    }

    /** SECCOMP_FILTER_FLAG_NEW_LISTENER: seccomp(2) returns the notify listener fd. */
    public static final int NEW_LISTENER = 8;

    /**
     * The SECCOMP_FILTER_FLAG_* bits for seccomp(2). With a notify rule: NEW_LISTENER, and
     * no TSYNC (the kernel refuses the pair; the init has one thread, so it changes nothing).
     * WAIT_KILLABLE_RECV only means something to a listener: without one it is left out
     * rather than failing the filter with EINVAL.
     */
    public static long filterFlags(Seccomp s) {
        long f = 0;
        for (String n : s.flags() == null ? List.<String>of() : s.flags()) f |= FLAGS.get(n);
        if (notifies(s)) {
            f = (f & ~FLAGS.get("SECCOMP_FILTER_FLAG_TSYNC")) | NEW_LISTENER;
        } else {
            f &= ~FLAGS.get("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
        }
        return f;
    }

    /** {@link #filterFlags} as the plan shows them. */
    public static String filterFlagNames(long flags) {
        if (flags == 0) return "0";
        StringBuilder sb = new StringBuilder();
        for (String n : sorted(FLAGS)) {
            if ((flags & FLAGS.get(n)) != 0) sb.append(sb.isEmpty() ? "" : "|").append(n);
        }
        if ((flags & NEW_LISTENER) != 0) sb.append(sb.isEmpty() ? "" : "|").append("SECCOMP_FILTER_FLAG_NEW_LISTENER");
        return sb.toString();
    }
}
