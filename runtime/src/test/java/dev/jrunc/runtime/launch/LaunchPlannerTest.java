package dev.jrunc.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.spec.ConfigLoader;
import dev.jrunc.spec.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the launch plan: a config in, the exact list of syscalls out, with
 * no root and no side effects. Regenerate after an intended change with
 * {@code -Djrunc.updateGolden=true} and review the diff.
 */
class LaunchPlannerTest {

    /** A fixed host: the planner must not look at the real one. */
    static final HostProbe PROBE = new HostProbe() {
        @Override public boolean isDirectory(String hostPath) {
            return !hostPath.startsWith("/etc/") && !hostPath.endsWith(".conf");
        }

        @Override public boolean maskedPathIsDirectory(String rootfs, String p) {
            return List.of("/proc/acpi", "/proc/asound", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap")
                    .contains(p);
        }

        @Override public int capLastCap() {
            return 40;
        }

        @Override public byte[] seccompProgram(dev.jrunc.spec.config.Seccomp profile) {
            return new byte[8 * (1 + (profile.syscalls() == null ? 0 : profile.syscalls().size()))];
        }

        @Override public List<CgroupHierarchy> cgroupHierarchies() {
            return List.of(new CgroupHierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct"),
                    new CgroupHierarchy("memory", "cgroup", "memory"),
                    new CgroupHierarchy("unified", "cgroup2", ""));
        }
    };

    static LaunchContext context(Map<String, Integer> join) {
        return new LaunchContext("/bundle/rootfs", "/bin/sh", 5, 6, 8, 7, 1023, join, false, 0, PROBE);
    }

    static Config config(String name) throws Exception {
        try (InputStream in = LaunchPlannerTest.class.getResourceAsStream(name)) {
            return ConfigLoader.parse(in.readAllBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"runc-default", "runc-rootless", "docker"})
    void planMatchesGolden(String name) throws Exception {
        String plan = LaunchPlanner.plan(config(name + ".json"), context(Map.of())).render();
        Path golden = Path.of("src/test/resources/dev/jrunc/runtime/launch", name + ".plan");
        if (Boolean.getBoolean("jrunc.updateGolden")) Files.writeString(golden, plan);
        assertEquals(read(golden), plan, "plan of " + name + " differs from " + golden);
    }

    /** The exec plan joins the namespaces it is given (user first) and ends in the container's seccomp filter. */
    @ParameterizedTest
    @ValueSource(strings = {"docker", "runc-rootless"})
    void execPlanMatchesGolden(String name) throws Exception {
        Map<String, Integer> join = name.equals("runc-rootless")
                ? Map.of("user", 9, "mount", 10, "ipc", 11, "uts", 12, "cgroup", 13)
                : Map.of("mount", 10, "ipc", 11, "uts", 12, "network", 13);
        LaunchContext ctx = new LaunchContext("/proc/42/root", "/bin/sh", 5, 6, 8, -1, -1, join, false, 1, PROBE);
        String plan = LaunchPlanner.planExec(config(name + ".json"), ctx).render();
        Path golden = Path.of("src/test/resources/dev/jrunc/runtime/launch", name + "-exec.plan");
        if (Boolean.getBoolean("jrunc.updateGolden")) Files.writeString(golden, plan);
        assertEquals(read(golden), plan, "exec plan of " + name + " differs from " + golden);
        assertTrue(plan.indexOf("setns(9, CLONE_NEWUSER)") < plan.indexOf("setns(10, CLONE_NEWNS)"), plan);
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "<missing golden file " + p + ">";
    }

    @Test
    void planIsDeterministic() throws Exception {
        Config c = config("runc-default.json");
        assertEquals(LaunchPlanner.plan(c, context(Map.of())).render(), LaunchPlanner.plan(c, context(Map.of())).render());
    }

    @Test
    void everyPathInsideTheRootfsIsResolvedInRoot() throws Exception {
        LaunchPlan plan = LaunchPlanner.plan(config("docker.json"), context(Map.of()));
        int pivot = indexOf(plan, "pivot_root");
        for (int i = 0; i < pivot; i++) {
            Step s = plan.steps().get(i);
            // before pivot_root, mounts target /proc/self/fd/N of an fd opened with RESOLVE_IN_ROOT
            if (s.name().equals("mount") && s.args().get(1) instanceof Arg.Str target
                    && !target.value().equals("/") && !target.value().equals("/bundle/rootfs")) {
                assertTrue(target.value().startsWith("/proc/self/fd/"), "step " + i + " " + s.render());
            }
            if (s.name().equals("openat2")) {
                assertTrue(s.render().contains("RESOLVE_IN_ROOT"), s.render());
            }
        }
    }

    @Test
    void joinedNamespacesAreEnteredAndNotCreated() throws Exception {
        Config c = config("runc-default.json");
        LaunchPlan plan = LaunchPlanner.plan(c, context(Map.of("network", 9)));
        // the runc default has no path for network: created, and the fd map alone adds a setns
        assertTrue(plan.render().contains("setns(9, CLONE_NEWNET)"), plan.render());
    }

    @Test
    void userNamespaceBecomesRootAfterTheSyncPoint() throws Exception {
        LaunchPlan plan = LaunchPlanner.plan(config("runc-rootless.json"), context(Map.of()));
        int sync = -1, setuid = -1;
        for (int i = 0; i < plan.steps().size(); i++) {
            Step s = plan.steps().get(i);
            if (s.isDirective() && s.name().equals("sync") && sync < 0) sync = i;
            if (s.name().equals("setresuid") && setuid < 0) setuid = i;
        }
        assertTrue(sync >= 0 && setuid > sync, plan.render());
        assertTrue((plan.cloneFlags() & Abi.CLONE_NEWUSER) != 0);
        // no mknod in a user namespace: devices are bind-mounted from the host
        assertFalse(plan.render().contains("mknodat"), plan.render());
    }

    @Test
    void failureInjectionKeepsTheDescription() throws Exception {
        LaunchPlan plan = LaunchPlanner.plan(config("runc-default.json"), context(Map.of()));
        int n = indexOf(plan, "pivot_root");
        LaunchPlan broken = plan.failingAt(n);
        assertEquals(plan.steps().get(n).description(), broken.steps().get(n).description());
        assertEquals(dev.jrunc.linux.SysNr.close, broken.steps().get(n).nr());
        assertEquals(List.of(Arg.num(-1)), broken.steps().get(n).args());
    }

    private static int indexOf(LaunchPlan plan, String name) {
        for (int i = 0; i < plan.steps().size(); i++) if (plan.steps().get(i).name().equals(name)) return i;
        throw new AssertionError(name + " not in plan");
    }
}
