package dev.jrunc.runtime.cgroup;

import dev.jrunc.runtime.launch.HostProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The host probe, with the container's own cgroup directories as the sources of a "cgroup"
 * mount. Every other {@link HostProbe} method must be delegated here (a new one added to
 * HostProbe with a default would otherwise silently take the default).
 */
public final class ContainerCgroupProbe implements HostProbe {
    private final HostProbe host;
    private final Map<String, Path> dirs;

    public ContainerCgroupProbe(HostProbe host, Map<String, Path> dirs) {
        this.host = host;
        this.dirs = Map.copyOf(dirs);
    }

    @Override
    public boolean isDirectory(String hostPath) {
        return host.isDirectory(hostPath);
    }

    @Override
    public boolean maskedPathIsDirectory(String rootfs, String containerPath) {
        return host.maskedPathIsDirectory(rootfs, containerPath);
    }

    @Override
    public int capLastCap() {
        return host.capLastCap();
    }

    @Override
    public List<CgroupHierarchy> cgroupHierarchies() {
        return host.cgroupHierarchies();
    }

    @Override
    public byte[] seccompProgram(dev.jrunc.spec.config.Seccomp profile) {
        return host.seccompProgram(profile);
    }

    @Override
    public boolean apparmorEnabled() {
        return host.apparmorEnabled();
    }

    @Override
    public boolean selinuxEnabled() {
        return host.selinuxEnabled();
    }

    @Override
    public String cgroupSource(String name) {
        Path p = dirs.get(name);
        return p == null ? host.cgroupSource(name) : p.toString();
    }
}
