package dev.jrunc.runtime.cgroup;

import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.runtime.log.RuntimeLog;
import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine's calls into cgroups, keyed by the container's state directory, where
 * {@link CgroupManager#save} records the cgroups a container was given.
 */
public final class ContainerCgroups {
    private ContainerCgroups() {}

    private static final int SIGKILL = 9, SIGCONT = 18;

    /**
     * Makes the container's cgroups and writes its limits, before the launch; records
     * them in {@code stateDir} first so that any later failure removes them. On failure
     * nothing is left.
     */
    public static CgroupManager create(Config config, String id, Path stateDir, boolean systemd, RuntimeLog log)
            throws CgroupException {
        String path = config.linux() == null ? null : config.linux().cgroupsPath();
        Resources r = config.linux() == null ? null : config.linux().resources();
        List<DeviceRules.Rule> devices = DeviceRules.resolve(config); // bad rules fail before anything is made
        CgroupManager m = CgroupManager.of(CgroupHost.detect(), path, id, systemd);
        m.create();
        try {
            m.save(stateDir);
            List<String> warnings = m.apply(r);
            for (String w : warnings) log.warn(w);
            for (String w : m.applyDevices(devices)) log.warn(w);
            return m;
        } catch (CgroupException | RuntimeException e) {
            // the caller has no manager yet to clean up with: whatever went wrong, undo here
            destroyQuietly(m);
            throw e;
        }
    }

    public static void destroyQuietly(CgroupManager m) {
        if (m instanceof CgroupSupport s) s.destroyQuietly();
    }

    /** The recorded manager, or null for a container made without one. */
    public static CgroupManager load(Path stateDir) {
        try {
            return Files.exists(stateDir.resolve(CgroupManager.STATE_FILE)) ? CgroupManager.load(stateDir) : null;
        } catch (CgroupException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the container's cgroup is frozen (status "paused"). */
    public static boolean paused(Path stateDir) {
        if (!Files.exists(stateDir.resolve(CgroupManager.STATE_FILE))) return false;
        CgroupManager m = load(stateDir);
        return m != null && m.frozen();
    }

    /** Thaws a paused container, so that a SIGKILL can take effect (v1 freezes signals too). */
    public static void thawForKill(Path stateDir) {
        CgroupManager m = load(stateDir);
        if (m == null || !m.frozen()) return;
        try {
            m.thaw();
        } catch (CgroupException ignored) {
            // the kill that follows reports what matters
        }
    }

    /**
     * After the init died: SIGKILL whatever is left in the cgroup (processes of a
     * container sharing the host's pid namespace survive their init), then remove the
     * cgroups this container made.
     */
    public static void remove(Path stateDir) throws CgroupException {
        CgroupManager m = load(stateDir);
        if (m == null) return;
        try {
            if (m.frozen()) m.thaw();
            for (int pid : m.pids()) {
                try {
                    Linux.kill(pid, SIGKILL);
                } catch (LinuxException ignored) {
                    // gone meanwhile
                }
            }
        } catch (CgroupException ignored) {
            // removing still tells what went wrong
        }
        m.destroy();
    }

    /** {@code kill --all}: every process in the container's cgroup. */
    public static void signalAll(Path stateDir, int signal) throws CgroupException {
        CgroupManager m = load(stateDir);
        if (m == null) throw new CgroupException("container has no cgroup to signal");
        for (int pid : m.pids()) {
            try {
                Linux.kill(pid, signal);
            } catch (LinuxException ignored) {
                // exited meanwhile
            }
        }
        if (m.frozen() && (signal == SIGKILL || signal == SIGCONT)) m.thaw();
    }
}
