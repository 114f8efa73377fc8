package dev.jrunc.spec;

import dev.jrunc.spec.config.Capabilities;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Hook;
import dev.jrunc.spec.config.Hooks;
import dev.jrunc.spec.config.Linux;
import dev.jrunc.spec.config.Mount;
import dev.jrunc.spec.config.Namespace;
import dev.jrunc.spec.config.Process;
import dev.jrunc.spec.config.Rlimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks that the JSON Schema cannot express: versions, absolute paths, known capability and
 * rlimit names, namespace consistency. Runs on an already-parsed {@link Config}; reports every problem
 * in document order (the loader throws on the first).
 */
public final class SemanticValidator {
    private SemanticValidator() {}

    /** The major version of the runtime-spec that jrunc accepts. */
    public static final int SUPPORTED_MAJOR = 1;

    public static List<Violation> check(Config c, NamespaceTypeProbe probe) {
        if (probe == null) probe = NamespaceTypeProbe.NONE;
        List<Violation> out = new ArrayList<>();
        checkVersion(c.ociVersion(), out);
        if (c.process() != null) checkProcess(c.process(), out);
        if (c.root() == null) {
            out.add(new Violation("/root", "is required"));
        } else if (c.root().path().isEmpty()) {
            out.add(new Violation("/root/path", "must not be empty"));
        }
        List<Mount> mounts = c.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            if (!mounts.get(i).destination().startsWith("/"))
                out.add(new Violation("/mounts/" + i + "/destination", "must be an absolute path"));
        }
        if (c.hooks() != null) checkHooks(c.hooks(), out);
        checkLinux(c.linux(), probe, out);
        return List.copyOf(out);
    }

    private static void checkVersion(String v, List<Violation> out) {
        int dot = v.indexOf('.');
        String major = dot < 0 ? v : v.substring(0, dot);
        boolean digits = !major.isEmpty() && major.length() < 9;
        for (int i = 0; digits && i < major.length(); i++) digits = Character.isDigit(major.charAt(i));
        if (!digits || dot < 0) {
            out.add(new Violation("/ociVersion", "must be a semantic version (got \"" + v + "\")"));
        } else if (Integer.parseInt(major) != SUPPORTED_MAJOR) {
            out.add(new Violation("/ociVersion", "unsupported version \"" + v + "\" (jrunc supports "
                    + SUPPORTED_MAJOR + ".x)"));
        }
    }

    private static void checkProcess(Process p, List<Violation> out) {
        if (p.args().isEmpty() && p.commandLine() == null)
            out.add(new Violation("/process/args", "must not be empty"));
        if (!p.cwd().startsWith("/")) out.add(new Violation("/process/cwd", "must be an absolute path"));
        Capabilities caps = p.capabilities();
        if (caps != null) {
            capSet("bounding", caps.bounding(), out);
            capSet("effective", caps.effective(), out);
            capSet("inheritable", caps.inheritable(), out);
            capSet("permitted", caps.permitted(), out);
            capSet("ambient", caps.ambient(), out);
        }
        List<Rlimit> rl = p.rlimits();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rl.size(); i++) {
            Rlimit r = rl.get(i);
            String ptr = "/process/rlimits/" + i;
            if (LinuxNames.rlimitNumber(r.type()) < 0) {
                out.add(new Violation(ptr + "/type", "unknown rlimit \"" + r.type() + "\""));
            } else {
                Integer prev = seen.put(r.type(), i);
                if (prev != null)
                    out.add(new Violation(ptr + "/type", "duplicate rlimit \"" + r.type() + "\" (also at /process/rlimits/" + prev + ")"));
            }
            if (Long.compareUnsigned(r.soft(), r.hard()) > 0)
                out.add(new Violation(ptr + "/soft", "must not exceed hard limit (" + Long.toUnsignedString(r.soft())
                        + " > " + Long.toUnsignedString(r.hard()) + ")"));
        }
    }

    private static void capSet(String name, List<String> set, List<Violation> out) {
        for (int i = 0; i < set.size(); i++) {
            String cap = set.get(i);
            if (LinuxNames.capabilityNumber(cap) < 0)
                out.add(new Violation("/process/capabilities/" + name + "/" + i, "unknown capability \"" + cap + "\""));
        }
    }

    private static void checkHooks(Hooks h, List<Violation> out) {
        hookList("prestart", h.prestart(), out);
        hookList("createRuntime", h.createRuntime(), out);
        hookList("createContainer", h.createContainer(), out);
        hookList("startContainer", h.startContainer(), out);
        hookList("poststart", h.poststart(), out);
        hookList("poststop", h.poststop(), out);
    }

    private static void hookList(String name, List<Hook> hooks, List<Violation> out) {
        for (int i = 0; i < hooks.size(); i++) {
            Hook k = hooks.get(i);
            String ptr = "/hooks/" + name + "/" + i;
            if (!k.path().startsWith("/")) out.add(new Violation(ptr + "/path", "must be an absolute path"));
            if (k.timeout() != null && k.timeout() <= 0)
                out.add(new Violation(ptr + "/timeout", "must be greater than zero"));
        }
    }

    private static void checkLinux(Linux l, NamespaceTypeProbe probe, List<Violation> out) {
        if (l == null) return;
        HashSet<String> types = new HashSet<>();
        boolean newUserns = false, userns = false;
        List<Namespace> ns = l.namespaces();
        for (int i = 0; i < ns.size(); i++) {
            Namespace n = ns.get(i);
            String ptr = "/linux/namespaces/" + i;
            if (!types.add(n.type())) out.add(new Violation(ptr + "/type", "duplicate namespace \"" + n.type() + "\""));
            if (n.type().equals("user")) {
                userns = true;
                if (n.path() == null || n.path().isEmpty()) newUserns = true;
            }
            if (n.path() != null && !n.path().isEmpty()) {
                String want = LinuxNames.kernelNamespaceName(n.type());
                String got = probe.typeOf(n.path());
                if (got != null && !got.equals(want))
                    out.add(new Violation(ptr + "/path", "\"" + n.path() + "\" is not a " + n.type()
                            + " namespace (it is " + got + ")"));
            }
        }
        if (newUserns) {
            if (l.uidMappings().isEmpty())
                out.add(new Violation("/linux/uidMappings", "is required with a new user namespace"));
            if (l.gidMappings().isEmpty())
                out.add(new Violation("/linux/gidMappings", "is required with a new user namespace"));
        } else if (!userns) {
            if (!l.uidMappings().isEmpty())
                out.add(new Violation("/linux/uidMappings", "requires a user namespace"));
            if (!l.gidMappings().isEmpty())
                out.add(new Violation("/linux/gidMappings", "requires a user namespace"));
        }
        if (!l.timeOffsets().isEmpty() && !types.contains("time"))
            out.add(new Violation("/linux/timeOffsets", "requires a time namespace"));
    }
}
