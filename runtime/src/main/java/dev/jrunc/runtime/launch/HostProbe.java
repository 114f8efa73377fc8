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

    /**
     * The classic-BPF program (8-byte {@code struct sock_filter}s) for a validated seccomp
     * profile: compiled with libseccomp, or read from the compiled-filter cache.
     */
    default byte[] seccompProgram(dev.jrunc.spec.config.Seccomp profile) {
        throw new UnsupportedOperationException("this host probe cannot compile seccomp profiles");
    }

    /** Whether AppArmor is enabled ({@code /sys/module/apparmor/parameters/enabled} is Y). */
    default boolean apparmorEnabled() {
        return false;
    }

    /** Whether SELinux is enabled ({@code /sys/fs/selinux/enforce} exists). */
    default boolean selinuxEnabled() {
        return false;
    }

    /**
     * The host directory bound for hierarchy {@code name} of a "cgroup" mount: the
     * container's own cgroup once it has one (as runc does), else the whole hierarchy.
     */
    default String cgroupSource(String name) {
        return name.isEmpty() ? "/sys/fs/cgroup" : "/sys/fs/cgroup/" + name;
    }

    /** One mounted hierarchy: its directory name under /sys/fs/cgroup, fs type and options. */
    record CgroupHierarchy(String name, String fsType, String options) {}
}
