package dev.jrunc.runtime.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real host: stats paths and reads the cgroup mounts from mountinfo. */
public final class LinuxHostProbe implements HostProbe {

    private static final String CGROUP_ROOT = "/sys/fs/cgroup";

    /** Where compiled seccomp programs are cached (null: no cache). */
    private final Path seccompCache;

    public LinuxHostProbe() {
        this(null);
    }

    /** A probe whose seccomp programs are cached next to the state root {@code stateRoot}. */
    public LinuxHostProbe(Path stateRoot) {
        this.seccompCache = stateRoot == null ? null : seccompCacheOf(stateRoot);
    }

    /** {@code /run/jrunc} → {@code /run/jrunc-seccomp-cache}: beside the root, so never listed as a container. */
    public static Path seccompCacheOf(Path stateRoot) {
        Path abs = stateRoot.toAbsolutePath().normalize();
        Path name = abs.getFileName();
        return name == null ? Path.of("/run/jrunc-seccomp-cache") : abs.resolveSibling(name + "-seccomp-cache");
    }

    @Override
    public byte[] seccompProgram(dev.jrunc.spec.config.Seccomp profile) {
        return dev.jrunc.runtime.seccomp.SeccompCompiler.program(profile, seccompCache);
    }

    @Override
    public boolean apparmorEnabled() {
        try {
            return new String(Files.readAllBytes(Path.of("/sys/module/apparmor/parameters/enabled"))).trim().equals("Y");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean selinuxEnabled() {
        return Files.exists(Path.of("/sys/fs/selinux/enforce"));
    }

    @Override
    public boolean isDirectory(String hostPath) {
        return Files.isDirectory(Path.of(hostPath));
    }

    @Override
    public boolean maskedPathIsDirectory(String rootfs, String containerPath) {
        if (containerPath.equals("/proc") || containerPath.startsWith("/proc/")
                || containerPath.equals("/sys") || containerPath.startsWith("/sys/")) {
            return Files.isDirectory(Path.of(containerPath), LinkOption.NOFOLLOW_LINKS);
        }
        return Files.isDirectory(Path.of(rootfs, containerPath), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public int capLastCap() {
        // one read(2): the JDK's file reads truncate /proc/sys files
        return Integer.parseInt(dev.jrunc.linux.ProcFiles.readSmallString("/proc/sys/kernel/cap_last_cap").trim());
    }

    @Override
    public List<CgroupHierarchy> cgroupHierarchies() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            return List.of();
        }
        return parseMountinfo(lines);
    }

    /** The cgroup and cgroup2 mounts at or under /sys/fs/cgroup. */
    static List<CgroupHierarchy> parseMountinfo(List<String> lines) {
        List<CgroupHierarchy> out = new ArrayList<>();
        for (String line : lines) {
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] pre = line.substring(0, dash).split(" ");
            String[] post = line.substring(dash + 3).split(" ");
            if (pre.length < 5 || post.length < 3) continue;
            String mountPoint = pre[4];
            String fsType = post[0];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) continue;
            String name;
            if (mountPoint.equals(CGROUP_ROOT)) name = "";
            else if (mountPoint.startsWith(CGROUP_ROOT + "/")) name = mountPoint.substring(CGROUP_ROOT.length() + 1);
            else continue;
            List<String> opts = new ArrayList<>();
            for (String o : post[2].split(",")) {
                if (!o.equals("rw") && !o.equals("ro") && !o.isEmpty()) opts.add(o);
            }
            out.add(new CgroupHierarchy(name, fsType, fsType.equals("cgroup") ? String.join(",", opts) : ""));
        }
        return out;
    }
}
