package dev.jrunc.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host's cgroup hierarchies under a root (normally {@code /sys/fs/cgroup}), and this
 * process's own cgroup in each, which relative cgroupsPaths are resolved against (as runc
 * does). Built from mountinfo and /proc/self/cgroup text, so tests describe a fake tree.
 */
public record CgroupHost(Path root, CgroupMode mode, List<Hierarchy> hierarchies) {

    public static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");

    /**
     * One mounted hierarchy.
     *
     * @param name        directory name under the root ("memory", "cpu,cpuacct", "unified"; "" for a v2 root)
     * @param controllers the v1 controllers it holds ("name=systemd" included); empty for cgroup2
     * @param v2          a cgroup2 mount
     * @param ownPath     this process's cgroup in it ("/" when unknown)
     */
    public record Hierarchy(String name, Set<String> controllers, boolean v2, String ownPath) {
        public Path mount(Path root) {
            return name.isEmpty() ? root : root.resolve(name);
        }
    }

    public CgroupHost {
        hierarchies = List.copyOf(hierarchies);
    }

    /** The real host. */
    public static CgroupHost detect() throws CgroupException {
        try {
            return parse(DEFAULT_ROOT, Files.readAllLines(Path.of("/proc/self/mountinfo")),
                    Files.readAllLines(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new CgroupException("reading the host's cgroup mounts: " + e.getMessage());
        }
    }

    /** The hierarchies mounted at or directly under {@code root}, from mountinfo and /proc/self/cgroup lines. */
    public static CgroupHost parse(Path root, List<String> mountinfo, List<String> selfCgroup) throws CgroupException {
        String rootStr = root.toString();
        List<Hierarchy> found = new ArrayList<>();
        boolean v2Root = false, v1 = false, v2Sub = false;
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] pre = line.substring(0, dash).split(" ");
            String[] post = line.substring(dash + 3).split(" ");
            if (pre.length < 5 || post.length < 3) continue;
            String mp = unescape(pre[4]);
            String fs = post[0];
            if (!fs.equals("cgroup") && !fs.equals("cgroup2")) continue;
            String name;
            if (mp.equals(rootStr)) name = "";
            else if (mp.startsWith(rootStr + "/") && mp.indexOf('/', rootStr.length() + 1) < 0) {
                name = mp.substring(rootStr.length() + 1);
            } else continue;
            boolean isV2 = fs.equals("cgroup2");
            Set<String> ctrls = new LinkedHashSet<>();
            if (!isV2) {
                for (String o : post[2].split(",")) {
                    if (V1_CONTROLLERS.contains(o) || o.startsWith("name=")) ctrls.add(o);
                }
            }
            if (isV2 && name.isEmpty()) v2Root = true;
            else if (isV2) v2Sub = true;
            else v1 = true;
            found.add(new Hierarchy(name, ctrls, isV2, ownPath(selfCgroup, isV2, ctrls)));
        }
        if (v2Root) {
            for (Hierarchy h : found) {
                if (h.v2() && h.name().isEmpty()) return new CgroupHost(root, CgroupMode.V2, List.of(h));
            }
        }
        if (!v1) throw new CgroupException("no cgroup hierarchy is mounted under " + root);
        return new CgroupHost(root, v2Sub ? CgroupMode.HYBRID : CgroupMode.V1, found);
    }

    /** Known v1 controllers (mount options that are not controllers are left out). */
    static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    private static String ownPath(List<String> selfCgroup, boolean v2, Set<String> ctrls) {
        for (String l : selfCgroup) {
            int a = l.indexOf(':'), b = a < 0 ? -1 : l.indexOf(':', a + 1);
            if (b < 0) continue;
            String list = l.substring(a + 1, b);
            String path = l.substring(b + 1);
            if (v2) {
                if (list.isEmpty()) return path;
            } else if (!list.isEmpty()) {
                for (String c : list.split(",")) {
                    if (ctrls.contains(c)) return path;
                }
            }
        }
        return "/";
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** The v1 hierarchy holding {@code controller}, or null. */
    public Hierarchy v1(String controller) {
        for (Hierarchy h : hierarchies) if (!h.v2() && h.controllers().contains(controller)) return h;
        return null;
    }
}
