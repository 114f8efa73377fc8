package dev.jrunc.conformance.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jrunc.conformance.Jrunc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Podman on jrunc, through its CLI: {@code podman --runtime jrunc} resolved by a
 * private containers.conf ({@code [engine.runtimes]}, {@code runtime_supports_json};
 * and once {@code --runtime <bin/jrunc>} by path),
 * private --root/--runroot/--tmpdir, the vfs storage driver, and the busybox
 * image from a rootfs tarball ({@code podman import}). Asserts what podman
 * reports and what the container and the host see.
 */
class PodmanEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String IMAGE = "localhost/jrunc-busybox:latest";
    private static Path dir;
    private static Path runtime;
    private static Map<String, String> env;
    private static List<String> podman;
    private static String cgroupParent;
    private static List<Path> createdDirs;
    private static List<Path> cgroupControllerDirs;
    private static Path cache;
    private static boolean cacheExisted;

    /** runs the cleanup should the JVM be stopped before @AfterAll */
    private static Thread hook;
    private static boolean cleaned;

    @BeforeAll
    static void setUp() throws IOException {
        Host.require("podman", "conmon");
        runtime = Jrunc.binary();
        dir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-podman-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        cgroupParent = "/jrunc-engines-podman-" + ProcessHandle.current().pid();
        // side effects of podman 4.3 as root outside its private dirs, undone in tearDown:
        // netavark's run dir, c/image's blob-info cache, runtime state dirs under /run
        createdDirs = Host.absentNow("/run/containers", "/run/containers/networks",
                "/var/lib/containers", "/var/lib/containers/cache");
        cache = Path.of("/var/lib/containers/cache/blob-info-cache-v1.boltdb");
        cacheExisted = Files.exists(cache);
        cgroupControllerDirs = unmountedControllerDirs();
        hook = new Thread(PodmanEngineTest::tearDown, "engine-test-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String d : List.of("root", "runroot", "tmp", "volumes", "netconf")) Files.createDirectories(dir.resolve(d));
        Files.writeString(dir.resolve("containers.conf"), containersConf());
        env = new HashMap<>();
        env.put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
        env.put("TMPDIR", dir.resolve("tmp").toString());
        podman = List.of("podman",
                "--root", dir.resolve("root").toString(), "--runroot", dir.resolve("runroot").toString(),
                "--tmpdir", dir.resolve("tmp").toString(), "--volumepath", dir.resolve("volumes").toString(),
                "--network-config-dir", dir.resolve("netconf").toString(),
                "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--storage-driver", "vfs",
                "--runtime", "jrunc");   // by name: containers.conf's [engine.runtimes] has the path
        Path tar = Host.makeRootfsTar(dir, dir.resolve("rootfs.tar"));
        Host.Result imp = podman("import", "--change", "CMD [\"/bin/sh\"]", "--change", "ENV PATH=/bin:/sbin",
                tar.toString(), IMAGE);
        if (imp.exit() != 0) fail("podman import failed: " + imp);
    }

    /**
     * containers.conf as docs/engines.md shows it: jrunc under [engine.runtimes] and
     * in runtime_supports_json (then conmon passes --log-format=json --log FILE),
     * plus what keeps this podman private (no network, cgroupfs, file events and locks).
     */
    private static String containersConf() {
        String ulimits = "";
        if (!Host.hasCapability(24)) {
            // without CAP_SYS_RESOURCE podman's root default nofile/nproc of 1048576 cannot be set
            // by any runtime ("setrlimit: operation not permitted"): pin them to what we have
            ulimits = "default_ulimits = [\"nofile=" + hardLimit("Max open files", 1048576) + ":" + hardLimit("Max open files", 1048576)
                    + "\", \"nproc=" + hardLimit("Max processes", 32768) + ":" + hardLimit("Max processes", 32768) + "\"]\n";
        }
        return """
                [containers]
                netns = "none"
                %s
                [engine]
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                events_logfile_path = "%s"
                lock_type = "file"
                runtime = "jrunc"
                runtime_supports_json = ["crun", "runc", "kata", "runsc", "krun", "jrunc"]

                [engine.runtimes]
                jrunc = ["%s"]
                """.formatted(ulimits, dir.resolve("events.log"), runtime);
    }

    /** this process's hard limit named NAME in /proc/self/limits ("Max open files"), at most CAP */
    private static long hardLimit(String name, long cap) {
        for (String line : Host.readLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(name)) {
                String hard = line.substring(name.length()).strip().split("\\s+")[1];
                return hard.equals("unlimited") ? cap : Math.min(cap, Long.parseLong(hard));
            }
        }
        return cap;
    }

    @AfterAll
    static synchronized void tearDown() {
        if (dir == null || cleaned) return;
        cleaned = true;
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
        Path out = dir.resolve("cleanup");
        if (podman != null) {
            Host.run(out, env, TIMEOUT, concat(podman, "rm", "-a", "-f", "-t", "0"));
            Host.run(out, env, TIMEOUT, concat(podman, "system", "reset", "-f"));   // unmounts and removes storage
        }
        Host.killProcessesMentioning(dir.toString());   // conmon
        Host.killAndRemoveCgroup(cgroupParent);
        for (Path d : cgroupControllerDirs) {
            if (Files.isDirectory(d) && !Host.hasMountsUnder(d)) Host.deleteTree(d);
        }
        if (!cacheExisted) {
            try {
                Files.deleteIfExists(cache);
            } catch (IOException ignored) {
                // in use by another podman
            }
        }
        Host.removeIfEmpty(createdDirs);
        Host.unmountUnder(dir, out);
        Host.deleteTree(dir);
    }

    /**
     * podman 4.3 (cgroupfs, v1) also makes the cgroup parent under /sys/fs/cgroup/NAME
     * for controllers listed in /proc/cgroups but not mounted (plain tmpfs directories)
     */
    private static List<Path> unmountedControllerDirs() {
        List<Path> out = new ArrayList<>();
        List<String> lines = Host.readLines(Path.of("/proc/cgroups"));
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String name = line.split("\t")[0];
            Path d = Path.of("/sys/fs/cgroup", name);
            if (!Files.exists(d)) out.add(d);
        }
        return out;
    }

    private static Host.Result podman(String... args) {
        return Host.run(dir.resolve("cmd"), env, TIMEOUT, concat(podman, args));
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> l = new ArrayList<>(base);
        l.addAll(List.of(more));
        return l;
    }

    /** podman run --rm --network none --cgroup-parent P [OPTIONS...] IMAGE CMD... as one list */
    private static String[] run(List<String> options, String... cmd) {
        List<String> l = new ArrayList<>(List.of("run", "--network", "none", "--cgroup-parent", cgroupParent));
        l.addAll(options);
        l.add(IMAGE);
        l.addAll(List.of(cmd));
        return l.toArray(String[]::new);
    }

    @Test
    void runReportsOutputAndExitCodes() {
        Host.Result info = podman("info", "--format", "{{.Host.OCIRuntime.Name}} {{.Host.OCIRuntime.Path}}");
        assertEquals(0, info.exit(), info::toString);
        assertEquals("jrunc " + runtime, info.outTrimmed(), "containers.conf's [engine.runtimes] entry");
        // the path itself as --runtime works as well (podman then names the runtime by its path)
        List<String> byPath = new ArrayList<>(podman);
        byPath.set(byPath.indexOf("--runtime") + 1, runtime.toString());
        Host.Result direct = Host.run(dir.resolve("cmd"), env, TIMEOUT, concat(byPath, run(List.of("--rm"), "echo", "by-path")));
        assertEquals(0, direct.exit(), direct::toString);
        assertEquals("by-path", direct.outTrimmed());

        Host.Result echo = podman(run(List.of("--rm"), "echo", "hello-from-podman"));
        assertEquals(0, echo.exit(), echo::toString);
        assertEquals("hello-from-podman", echo.outTrimmed());
        assertEquals(3, podman(run(List.of("--rm"), "sh", "-c", "exit 3")).exit());
        // podman maps the runtime's error text (its --log JSON) to 127
        Host.Result missing = podman(run(List.of("--rm"), "/no/such/cmd"));
        assertEquals(127, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("no such file or directory"), missing::toString);
    }

    @Test
    void ttyRunsThroughThePty() {
        List<String> cmd = concat(podman, run(List.of("--rm", "-t"), "sh", "-c", "tty; [ -t 0 ] && echo stdin-is-tty"));
        Host.Result r = Host.runWithTty(dir.resolve("cmd"), env, TIMEOUT, cmd);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("/dev/pts/0", "stdin-is-tty"), r.out().lines().map(String::strip).toList(), r::toString);
    }

    @Test
    void execMemoryLimitAndKillInADetachedContainer() {
        String name = "jrunc-long-" + ProcessHandle.current().pid();
        Host.Result started = podman(run(List.of("-d", "--name", name, "--memory", "64m"), "sleep", "100000"));
        assertEquals(0, started.exit(), started::toString);
        try {
            Host.Result status = podman("inspect", "-f", "{{.State.Status}} {{.State.Pid}} {{.HostConfig.Memory}}", name);
            assertEquals(0, status.exit(), status::toString);
            String[] f = status.outTrimmed().split(" ");
            assertEquals("running", f[0]);
            long pid = Long.parseLong(f[1]);
            assertEquals("67108864", f[2], "podman reports the limit");

            Host.Result hi = podman("exec", name, "sh", "-c", "echo hi; exit 5");
            assertEquals(5, hi.exit(), hi::toString);
            assertEquals("hi", hi.outTrimmed());
            Host.Result exTty = Host.runWithTty(dir.resolve("cmd"), env, TIMEOUT, concat(podman, "exec", "-t", name, "tty"));
            assertEquals(0, exTty.exit(), exTty::toString);
            assertTrue(exTty.outTrimmed().startsWith("/dev/pts/"), exTty::toString);

            Host.Result inside = podman("exec", name, "sh", "-c", Host.INSIDE_MEMLIMIT);
            assertEquals("67108864", inside.outTrimmed(), inside::toString);
            assertEquals("67108864", Host.memoryLimitOf(pid), "the host's cgroup file");

            Host.Result kill = podman("kill", name);
            assertEquals(0, kill.exit(), kill::toString);
            assertTrue(Host.await(Duration.ofSeconds(20), () -> podman("inspect", "-f", "{{.State.Status}}", name)
                    .outTrimmed().equals("exited")), "not exited after kill");
            assertEquals("137", podman("inspect", "-f", "{{.State.ExitCode}}", name).outTrimmed());
            assertTrue(Host.await(Duration.ofSeconds(10), () -> !Files.exists(Path.of("/proc/" + pid))), "pid still alive");
        } finally {
            podman("rm", "-f", "-t", "0", name);
        }
        assertEquals("", podman("ps", "-a", "-q").outTrimmed(), "no leftover containers");
    }
}
