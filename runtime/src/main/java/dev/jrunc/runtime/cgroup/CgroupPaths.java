package dev.jrunc.runtime.cgroup;

import java.util.ArrayDeque;
import java.util.Deque;

/** linux.cgroupsPath, as runc's cgroupfs driver reads it. */
public final class CgroupPaths {
    private CgroupPaths() {}

    /**
     * The container's cgroup: absolute ("/a/b": under each hierarchy's root) or relative
     * ("a/b": under the runtime's own cgroup in each hierarchy). Absent means {@code id},
     * relative, as runc does. ".." never climbs above the start.
     */
    public static String resolve(String cgroupsPath, String id, boolean systemd) throws CgroupException {
        if (systemd) {
            throw new CgroupException("/linux/cgroupsPath: systemd cgroup driver not supported yet");
        }
        if (cgroupsPath == null || cgroupsPath.isEmpty()) return clean(id, false);
        if (cgroupsPath.indexOf(':') >= 0 && !cgroupsPath.startsWith("/")) {
            throw new CgroupException("/linux/cgroupsPath: " + cgroupsPath
                    + " is a systemd slice:prefix:name path; the systemd cgroup driver is not supported yet");
        }
        String c = clean(cgroupsPath, cgroupsPath.startsWith("/"));
        if (c.equals("/") || c.isEmpty()) {
            throw new CgroupException("/linux/cgroupsPath: " + cgroupsPath + " names the root cgroup");
        }
        return c;
    }

    static String clean(String p, boolean absolute) {
        Deque<String> parts = new ArrayDeque<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
                continue;
            }
            parts.addLast(s);
        }
        String joined = String.join("/", parts);
        return absolute ? "/" + joined : joined;
    }
}
