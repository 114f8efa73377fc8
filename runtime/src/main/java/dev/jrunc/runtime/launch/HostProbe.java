package dev.jrunc.runtime.launch;

import java.util.List;

/**
 * What the planner needs to know about the host. The planner itself never touches
 * the file system, so plans are golden-tested with a fixed probe.
 */
public interface HostProbe {

    /** Whether a host path (a bind source) is a directory; false when absent. */
    boolean isDirectory(String hostPath);

    /**
     * Whether a masked path is a directory inside the container: /proc and /sys paths
     * are judged from the host's own (same kernel), others from the rootfs, without
     * following symlinks.
     */
    boolean maskedPathIsDirectory(String rootfs, String containerPath);

    /** The highest capability number the kernel knows (/proc/sys/kernel/cap_last_cap). */
    int capLastCap();

    /** The host's cgroup hierarchies, to mount a "cgroup" mount the way the host has them. */
    List<CgroupHierarchy> cgroupHierarchies();

    /** One mounted hierarchy: its directory name under /sys/fs/cgroup, fs type and options. */
    record CgroupHierarchy(String name, String fsType, String options) {}
}
