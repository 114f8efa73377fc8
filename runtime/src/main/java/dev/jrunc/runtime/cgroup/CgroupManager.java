package dev.jrunc.runtime.cgroup;

import dev.jrunc.spec.config.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One container's cgroup in every hierarchy of the host. {@link CgroupV1Manager} serves
 * v1 and hybrid hosts (controllers on v1; the cgroup2 mount only holds the process),
 * {@link CgroupV2Manager} the unified hierarchy.
 */
public sealed interface CgroupManager permits CgroupV1Manager, CgroupV2Manager {

    /** The file in the state directory that records the cgroups (see {@link #save}). */
    String STATE_FILE = "cgroup";

    /** The manager for a new container; nothing is made until {@link #create}. */
    static CgroupManager of(CgroupHost host, String cgroupsPath, String id, boolean systemd) throws CgroupException {
        String path = CgroupPaths.resolve(cgroupsPath, id, systemd);
        List<Node> nodes = new ArrayList<>();
        for (CgroupHost.Hierarchy h : host.hierarchies()) {
            Path mount = h.mount(host.root());
            String rel = path.startsWith("/") ? path.substring(1)
                    : CgroupPaths.clean(h.ownPath() + "/" + path, false);
            nodes.add(new Node(h, mount, rel.isEmpty() ? mount : mount.resolve(rel), null));
        }
        return host.mode() == CgroupMode.V2 ? new CgroupV2Manager(host.mode(), nodes)
                : new CgroupV1Manager(host.mode(), nodes);
    }

    /** The manager that {@link #save} recorded in a state directory; null when there is none. */
    static CgroupManager load(Path stateDir) throws CgroupException {
        Path f = stateDir.resolve(STATE_FILE);
        List<String> lines;
        try {
            if (!Files.exists(f)) return null;
            lines = Files.readAllLines(f);
        } catch (java.io.IOException e) {
            throw new CgroupException("reading " + f + ": " + e.getMessage());
        }
        if (lines.isEmpty()) return null;
        CgroupMode mode = CgroupMode.valueOf(lines.getFirst().trim());
        List<Node> nodes = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] p = l.split("\t", -1);
            if (p.length < 5) continue;
            Set<String> ctrls = new LinkedHashSet<>();
            for (String c : p[2].split(",")) if (!c.isEmpty()) ctrls.add(c);
            CgroupHost.Hierarchy h = new CgroupHost.Hierarchy(p[0], ctrls, p[1].equals("2"), "/");
            Path dir = Path.of(p[3]);
            nodes.add(new Node(h, null, dir, p[4].isEmpty() ? null : Path.of(p[4])));
        }
        return mode == CgroupMode.V2 ? new CgroupV2Manager(mode, nodes) : new CgroupV1Manager(mode, nodes);
    }

    CgroupMode mode();

    /** Hierarchy name ("memory", "unified", "" for a v2 root) → the container's directory in it. */
    Map<String, Path> dirs();

    /** Makes the directories that do not exist yet (remembering which, for {@link #destroy}). */
    void create() throws CgroupException;

    /** Writes the limits; returns warnings for settings this host ignores. */
    List<String> apply(Resources r) throws CgroupException;

    /**
     * Sets the device rules ({@link DeviceRules#resolve}): v1 devices.deny/devices.allow
     * writes, v2 an eBPF device program. Returns warnings for what this host cannot do.
     */
    List<String> applyDevices(List<DeviceRules.Rule> rules) throws CgroupException;

    /** Moves {@code pid} into the container's cgroup of every hierarchy. */
    void join(int pid) throws CgroupException;

    void freeze() throws CgroupException;

    void thaw() throws CgroupException;

    boolean frozen();

    /** Every pid in the container's cgroup (the unified or a v1 hierarchy's cgroup.procs). */
    List<Integer> pids() throws CgroupException;

    /** runc's {@code events --stats} data object. */
    String statsJson();

    /** Starts watching for OOM kills and the cgroup's end ({@code events}); the caller closes it. */
    OomWatch watchOom() throws CgroupException;

    /** Removes the directories {@link #create} made, deepest first; the rest stay. */
    void destroy() throws CgroupException;

    /** Records the manager (and which directories it made) in {@code stateDir}. */
    void save(Path stateDir) throws CgroupException;

    /** One hierarchy's part: where it is mounted, the container's dir, the topmost dir we made. */
    final class Node {
        final CgroupHost.Hierarchy hierarchy;
        final Path mount;
        final Path dir;
        Path createdTop;

        Node(CgroupHost.Hierarchy hierarchy, Path mount, Path dir, Path createdTop) {
            this.hierarchy = hierarchy;
            this.mount = mount;
            this.dir = dir;
            this.createdTop = createdTop;
        }

        static Map<String, Path> dirs(List<Node> nodes) {
            Map<String, Path> m = new LinkedHashMap<>();
            for (Node n : nodes) m.put(n.hierarchy.name(), n.dir);
            return m;
        }
    }
}
