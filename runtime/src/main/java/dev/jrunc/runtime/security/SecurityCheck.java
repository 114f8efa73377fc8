package dev.jrunc.runtime.security;

import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.launch.HostProbe;
import dev.jrunc.runtime.seccomp.SeccompProfile;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Linux;
import dev.jrunc.spec.config.Namespace;
import dev.jrunc.spec.config.Process;
import dev.jrunc.spec.config.Scheduler;
import java.util.List;
import java.util.Map;

/**
 * Checks the process-security settings the launch plan carries out (seccomp, sysctl,
 * personality, scheduler, I/O priority, CPU affinity, LSM labels) before anything is
 * made; every error names the field as a JSON pointer.
 */
public final class SecurityCheck {
    private SecurityCheck() {}

    /** sched_setattr policies. */
    public static final Map<String, Integer> SCHED_POLICIES = Map.of("SCHED_OTHER", 0, "SCHED_FIFO", 1,
            "SCHED_RR", 2, "SCHED_BATCH", 3, "SCHED_IDLE", 5, "SCHED_DEADLINE", 6);

    /** sched_setattr flags (SCHED_FLAG_*). */
    public static final Map<String, Integer> SCHED_FLAGS = Map.of("SCHED_FLAG_RESET_ON_FORK", 0x01,
            "SCHED_FLAG_RECLAIM", 0x02, "SCHED_FLAG_DL_OVERRUN", 0x04, "SCHED_FLAG_KEEP_POLICY", 0x08,
            "SCHED_FLAG_KEEP_PARAMS", 0x10, "SCHED_FLAG_UTIL_CLAMP_MIN", 0x20, "SCHED_FLAG_UTIL_CLAMP_MAX", 0x40);

    /** ioprio classes. */
    public static final Map<String, Integer> IO_CLASSES = Map.of("IOPRIO_CLASS_RT", 1, "IOPRIO_CLASS_BE", 2,
            "IOPRIO_CLASS_IDLE", 3);

    /** personality(2) domains. */
    public static final Map<String, Integer> PERSONALITIES = Map.of("LINUX", 0x0000, "LINUX32", 0x0008);

    public static void check(Config c, HostProbe probe) throws JruncException {
        String p = problem(c, probe);
        if (p != null) throw new JruncException(p);
    }

    /** The first problem as {@code /pointer: why}, or null. */
    public static String problem(Config c, HostProbe probe) {
        Process proc = c.process();
        Linux l = c.linux();
        if (proc != null) {
            if (proc.apparmorProfile() != null && !proc.apparmorProfile().isEmpty() && !probe.apparmorEnabled()) {
                return "/process/apparmorProfile: AppArmor is not enabled on this host";
            }
            if (proc.selinuxLabel() != null && !proc.selinuxLabel().isEmpty() && !probe.selinuxEnabled()) {
                return "/process/selinuxLabel: SELinux is not enabled on this host";
            }
            String s = scheduler(proc.scheduler());
            if (s != null) return s;
            if (proc.ioPriority() != null) {
                if (!IO_CLASSES.containsKey(proc.ioPriority().ioClass())) {
                    return "/process/ioPriority/class: unknown class \"" + proc.ioPriority().ioClass() + "\"";
                }
                if (proc.ioPriority().priority() < 0 || proc.ioPriority().priority() > 7) {
                    return "/process/ioPriority/priority: must be between 0 and 7";
                }
            }
            if (proc.execCPUAffinity() != null) {
                for (String[] f : new String[][] {{"initial", proc.execCPUAffinity().initial()},
                        {"final", proc.execCPUAffinity().finalCpus()}}) {
                    if (f[1] == null || f[1].isEmpty()) continue;
                    try {
                        CpuList.parse(f[1]);
                    } catch (IllegalArgumentException e) {
                        return "/process/execCPUAffinity/" + f[0] + ": " + e.getMessage();
                    }
                }
            }
        }
        if (l == null) return null;
        if (l.mountLabel() != null && !l.mountLabel().isEmpty()) {
            // runc ignores it there; engines only send one where SELinux is enabled
            if (!probe.selinuxEnabled()) return "/linux/mountLabel: SELinux is not enabled on this host";
            if (l.mountLabel().indexOf('"') >= 0) {
                // written as context="LABEL" (quoted: an MLS range has commas, s0:c1,c2)
                return "/linux/mountLabel: must not contain '\"'";
            }
        }
        if (l.seccomp() != null) {
            String s = SeccompProfile.problem(l.seccomp());
            if (s != null) return s;
        }
        if (l.personality() != null) {
            if (!PERSONALITIES.containsKey(l.personality().domain())) {
                return "/linux/personality/domain: unknown domain \"" + l.personality().domain()
                        + "\" (LINUX or LINUX32)";
            }
            if (l.personality().flags() != null && !l.personality().flags().isEmpty()) {
                return "/linux/personality/flags: personality flags are not supported";
            }
        }
        if (l.sysctl() != null) {
            for (String name : l.sysctl().keySet().stream().sorted().toList()) {
                String s = sysctl(name, l.namespaces());
                if (s != null) return "/linux/sysctl/" + name + ": " + s;
            }
        }
        return null;
    }

    private static String scheduler(Scheduler s) {
        if (s == null) return null;
        String b = "/process/scheduler";
        Integer policy = SCHED_POLICIES.get(s.policy());
        if (policy == null) return b + "/policy: unknown policy \"" + s.policy() + "\"";
        if (s.nice() != null && (s.nice() < -20 || s.nice() > 19)) return b + "/nice: must be between -20 and 19";
        int prio = s.priority() == null ? 0 : s.priority();
        boolean rt = policy == 1 || policy == 2;
        if (rt && (prio < 1 || prio > 99)) return b + "/priority: must be between 1 and 99 for " + s.policy();
        if (!rt && prio != 0) return b + "/priority: must be 0 for " + s.policy();
        List<String> flags = s.flags() == null ? List.of() : s.flags();
        for (int i = 0; i < flags.size(); i++) {
            if (!SCHED_FLAGS.containsKey(flags.get(i))) return b + "/flags/" + i + ": unknown flag \"" + flags.get(i) + "\"";
        }
        if (policy == 6) {
            long rtm = s.runtime() == null ? 0 : s.runtime(), dl = s.deadline() == null ? 0 : s.deadline();
            long per = s.period() == null ? dl : s.period();
            if (rtm <= 0) return b + "/runtime: is required for SCHED_DEADLINE";
            if (dl < rtm) return b + "/deadline: must be at least runtime";
            if (per < dl) return b + "/period: must be at least deadline";
        } else if (s.runtime() != null || s.deadline() != null || s.period() != null) {
            return b + ": runtime, deadline and period are only for SCHED_DEADLINE";
        }
        return null;
    }

    /** Why a sysctl may not be set with these namespaces, or null. */
    static String sysctl(String name, List<Namespace> namespaces) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..") || name.contains("/")
                || name.contains("\0")) {
            return "not a sysctl name";
        }
        boolean ipc = has(namespaces, "ipc"), net = has(namespaces, "network"), uts = has(namespaces, "uts");
        if (name.startsWith("kernel.shm") || name.startsWith("kernel.msg") || name.equals("kernel.sem")
                || name.startsWith("fs.mqueue.")) {
            return ipc ? null : "requires an ipc namespace";
        }
        if (name.startsWith("net.")) return net ? null : "requires a network namespace";
        if (name.equals("kernel.hostname") || name.equals("kernel.domainname")) {
            return uts ? null : "requires a uts namespace";
        }
        return "not a namespaced sysctl (it would change the host)";
    }

    private static boolean has(List<Namespace> namespaces, String type) {
        if (namespaces == null) return false;
        for (Namespace n : namespaces) if (n.type().equals(type)) return true;
        return false;
    }
}
