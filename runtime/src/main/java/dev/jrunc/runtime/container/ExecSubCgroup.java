package dev.jrunc.runtime.container;

import dev.jrunc.runtime.JruncException;
import dev.jrunc.runtime.cgroup.CgroupManager;
import dev.jrunc.runtime.cgroup.CgroupMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code exec --cgroup}, with runc 1.1's rules: either one {@code PATH}, a sub-cgroup of the
 * container's cgroup in every hierarchy, or (cgroup v1) any number of
 * {@code CONTROLLER[,CONTROLLER]:PATH}, each for the hierarchies of those controllers (the
 * others keep the container's own cgroup). The sub-cgroup must exist already, a bare path on v1
 * in every hierarchy of the container (as runc 1.1); the exec'd process is written into its
 * {@code cgroup.procs} before it runs anything.
 */
public final class ExecSubCgroup {
    private ExecSubCgroup() {}

    /**
     * The flag's values as controller → sub-path ({@code ""} for "every hierarchy"); empty when
     * the flag was not given. Malformed values fail with runc's wordings.
     */
    public static Map<String, String> parse(List<String> args) throws JruncException {
        Map<String, String> paths = new LinkedHashMap<>();
        if (args == null) return paths;
        for (String a : args) {
            String[] cs = a.split(":", -1);
            if (cs.length > 2) throw new JruncException("invalid --cgroup argument: " + a);
            if (cs.length == 1) {
                if (args.size() != 1) {
                    throw new JruncException("invalid --cgroup argument: " + a + " (missing <controller>: prefix)");
                }
                paths.put("", a);
                continue;
            }
            for (String ctrl : cs[0].split(",", -1)) {
                if (paths.containsKey(ctrl)) {
                    throw new JruncException("invalid --cgroup argument(s): controller " + ctrl
                            + " specified multiple times");
                }
                paths.put(ctrl, cs[1]);
            }
        }
        return paths;
    }

    /**
     * Hierarchy name → the directory the process joins: the container's directory, or the
     * named sub-cgroup of it. Fails, naming the flag, for a controller the container has no
     * cgroup of, controllers on cgroup v2, a path leaving the container's cgroup, or a
     * sub-cgroup that does not exist.
     */
    public static Map<String, Path> resolve(CgroupManager m, Map<String, String> sub) throws JruncException {
        Map<String, Path> out = new LinkedHashMap<>(m.dirs());
        if (sub.isEmpty()) return out;
        if (m.mode() == CgroupMode.V2 && !(sub.size() == 1 && sub.containsKey(""))) {
            throw new JruncException("--cgroup: cgroup v2 takes a single path without controllers, got " + sub.keySet());
        }
        for (String ctrl : sub.keySet()) {
            if (ctrl.isEmpty()) continue;
            boolean found = false;
            for (String name : out.keySet()) found |= hasController(name, ctrl);
            if (!found) throw new JruncException("--cgroup: the container has no " + ctrl + " cgroup");
        }
        String all = sub.get("");
        for (Map.Entry<String, Path> e : out.entrySet()) {
            String path = all;
            if (path == null) {
                for (Map.Entry<String, String> s : sub.entrySet()) {
                    if (hasController(e.getKey(), s.getKey())) path = s.getValue();
                }
            }
            if (path == null) continue;
            Path base = e.getValue();
            Path target = base.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
            if (!target.startsWith(base)) {
                throw new JruncException("--cgroup " + path + ": leaves the container's cgroup " + base);
            }
            if (!Files.isDirectory(target)) {
                // as runc: a bare path on v1 must exist in every hierarchy of the container
                throw new JruncException("--cgroup " + path + ": sub-cgroup " + target + " does not exist");
            }
            e.setValue(target);
        }
        return out;
    }

    /** A v1 hierarchy named {@code cpu,cpuacct} has the cpu controller; names match whole. */
    private static boolean hasController(String hierarchy, String ctrl) {
        if (hierarchy.equals(ctrl)) return true;
        for (String c : hierarchy.split(",")) if (c.equals(ctrl)) return true;
        return false;
    }

    /** Writes {@code pid} into {@code cgroup.procs} of each directory. */
    public static void join(Map<String, Path> dirs, int pid) throws JruncException {
        for (Path d : dirs.values()) {
            Path procs = d.resolve("cgroup.procs");
            try {
                Files.writeString(procs, Integer.toString(pid));
            } catch (IOException e) {
                throw new JruncException("joining cgroup " + d + ": writing cgroup.procs: " + e.getMessage(), e);
            }
        }
    }
}
