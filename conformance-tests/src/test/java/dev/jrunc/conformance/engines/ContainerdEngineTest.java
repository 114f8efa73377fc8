package dev.jrunc.conformance.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jrunc.conformance.Jrunc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * containerd on jrunc, through ctr: a private containerd (own config, root,
 * state, sockets; no CRI) and {@code ctr run --runc-binary <bin/jrunc>}, which
 * hands the path to containerd-shim-runc-v2 as the runtime option BinaryName
 * (the field dockerd and the CRI plugin fill in). The busybox rootfs is given
 * as a directory ({@code ctr run --rootfs}). Also checks that containerd reads
 * the CRI runtime snippet of docs/engines.md.
 */
class ContainerdEngineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static Path dir;
    private static Path socket;
    private static Path rootfs;
    private static Path runtime;
    private static String namespace;
    private static Process containerd;
    private static List<Path> createdRunDirs;

    /** runs the cleanup should the JVM be stopped before @AfterAll */
    private static Thread hook;
    private static boolean cleaned;

    @BeforeAll
    static void startContainerd() throws IOException {
        Host.require("containerd", "ctr", "containerd-shim-runc-v2");
        runtime = Jrunc.binary();
        dir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-ctrd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = dir.resolve("containerd.sock");
        namespace = "jrunc-engines-" + ProcessHandle.current().pid();   // also the cgroup parent /NAMESPACE
        // the shim keeps its sockets in /run/containerd/s and the runtime state in
        // /run/containerd/runc/NAMESPACE, whatever containerd's own state dir is
        createdRunDirs = Host.absentNow("/run/containerd", "/run/containerd/s", "/run/containerd/runc");
        hook = new Thread(ContainerdEngineTest::stopContainerd, "engine-test-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Files.createDirectories(dir.resolve("fifo"));
        Files.writeString(dir.resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
                  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
                  "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp",
                  "io.containerd.internal.v1.tracing"]
                [grpc]
                  address = "%2$s"
                [ttrpc]
                  address = "%2$s.ttrpc"
                [debug]
                  address = "%1$s/debug.sock"
                [metrics]
                  address = ""
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                """.formatted(dir, socket));
        rootfs = dir.resolve("rootfs");
        Host.makeRootfs(rootfs, dir.resolve("cmd"));
        containerd = new ProcessBuilder("containerd", "--config", dir.resolve("config.toml").toString())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(dir.resolve("containerd.log").toFile())
                .redirectErrorStream(true)
                .start();
        boolean up = Host.await(Duration.ofSeconds(30), () -> !containerd.isAlive()
                || Files.exists(socket) && ctr("version").exit() == 0);
        if (!up || !containerd.isAlive()) {
            String log = Host.tail(dir.resolve("containerd.log"), 30);
            stopContainerd();
            fail("private containerd did not start\n--- containerd.log (tail):\n" + log);
        }
    }

    @AfterAll
    static synchronized void stopContainerd() {
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
        if (containerd != null && containerd.isAlive()) {
            for (String t : ctr("task", "ls", "-q").out().lines().filter(s -> !s.isBlank()).toList()) {
                Host.run(out, Map.of(), TIMEOUT, ctrCmd("task", "kill", "-a", "-s", "SIGKILL", t));
                Host.run(out, Map.of(), TIMEOUT, ctrCmd("task", "delete", "-f", t));
            }
            for (String c : ctr("container", "ls", "-q").out().lines().filter(s -> !s.isBlank()).toList()) {
                Host.run(out, Map.of(), TIMEOUT, ctrCmd("container", "rm", c));
            }
        }
        Host.stopProcess(containerd, Duration.ofSeconds(20));
        Host.killProcessesMentioning(socket.toString());   // shims: -address SOCKET
        Path runtimeRoot = Path.of("/run/containerd/runc", namespace);
        if (Files.isDirectory(runtimeRoot)) {
            try (var s = Files.list(runtimeRoot)) {
                for (Path c : s.toList()) {
                    Host.run(out, Map.of(), TIMEOUT, List.of(runtime.toString(), "--root", runtimeRoot.toString(),
                            "delete", "--force", c.getFileName().toString()));
                }
            } catch (IOException ignored) {
                // best effort
            }
        }
        Host.removeIfEmpty(List.of(runtimeRoot, runtimeRoot.resolveSibling(namespace + "-seccomp-cache")));
        Host.killAndRemoveCgroup("/" + namespace);
        Host.removeIfEmpty(createdRunDirs);
        Host.unmountUnder(dir, out);
        Host.deleteTree(dir);
    }

    private static List<String> ctrCmd(String... args) {
        List<String> l = new ArrayList<>(List.of("ctr", "--address", socket.toString(), "--namespace", namespace));
        l.addAll(List.of(args));
        return l;
    }

    private static Host.Result ctr(String... args) {
        return Host.run(dir.resolve("cmd"), Map.of(), TIMEOUT, ctrCmd(args));
    }

    /**
     * ctr run --rootfs --env PATH=/bin:/sbin --fifo-dir F --runc-binary JRUNC [OPTIONS] ROOTFS ID CMD...
     * (a bare rootfs has no image config, so no PATH: runc then finds no "sh")
     */
    private static List<String> runCmd(List<String> options, String id, String... cmd) {
        List<String> l = ctrCmd("run", "--rootfs", "--env", "PATH=/bin:/sbin", "--fifo-dir", dir.resolve("fifo").toString(),
                "--runc-binary", runtime.toString());
        l.addAll(options);
        l.add(rootfs.toString());
        l.add(id);
        l.addAll(List.of(cmd));
        return l;
    }

    private static Host.Result run(List<String> options, String id, String... cmd) {
        return Host.run(dir.resolve("cmd"), Map.of(), TIMEOUT, runCmd(options, id, cmd));
    }

    /** "PID STATUS" of task ID from `ctr task ls`, or "" */
    private static String task(String id) {
        for (String line : ctr("task", "ls").out().lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 3 && f[0].equals(id)) return f[1] + " " + f[2];
        }
        return "";
    }

    private static String taskStatus(String id) {
        String t = task(id);
        return t.isEmpty() ? "" : t.split(" ")[1];
    }

    @Test
    void runReportsOutputAndExitCodes() {
        Host.Result echo = run(List.of("--rm"), "c-echo", "echo", "hello-from-containerd");
        assertEquals(0, echo.exit(), echo::toString);
        assertEquals("hello-from-containerd", echo.outTrimmed());
        assertEquals(3, run(List.of("--rm"), "c-exit", "sh", "-c", "exit 3").exit());
        // the shim reads the runtime's --log JSON and reports the last error message
        Host.Result missing = run(List.of("--rm"), "c-nocmd", "/no/such/cmd");
        assertNotEquals(0, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("no such file or directory"), missing::toString);
        ctr("container", "rm", "c-nocmd");
    }

    @Test
    void ttyRunsThroughThePty() {
        Host.Result r = Host.runWithTty(dir.resolve("cmd"), Map.of(), TIMEOUT,
                runCmd(List.of("--rm", "-t"), "c-tty", "sh", "-c", "tty; [ -t 0 ] && echo stdin-is-tty"));
        assertEquals(0, r.exit(), r::toString);
        // ctr writes a NUL into the console, echoed as "^@" (the same under runc)
        assertEquals(List.of("/dev/pts/0", "stdin-is-tty"), r.out().replace("^@", "").lines().map(String::strip).toList(),
                r::toString);
    }

    @Test
    void execPauseAndKillADetachedTask() {
        String id = "c-long";
        Host.Result started = run(List.of("-d", "--memory-limit", "67108864"), id, "sleep", "100000");
        assertEquals(0, started.exit(), started::toString);
        try {
            assertTrue(Host.await(Duration.ofSeconds(20), () -> taskStatus(id).equals("RUNNING")), "task: " + task(id));
            long pid = Long.parseLong(task(id).split(" ")[0]);
            // jrunc made it: its state under the shim's --root, same pid
            Host.Result state = Host.run(dir.resolve("cmd"), Map.of(), TIMEOUT, List.of(runtime.toString(),
                    "--root", "/run/containerd/runc/" + namespace, "state", id));
            assertEquals(0, state.exit(), state::toString);
            assertTrue(state.out().replace(" ", "").contains("\"pid\":" + pid), state::toString);

            Host.Result hi = ctr("task", "exec", "--fifo-dir", dir.resolve("fifo").toString(), "--exec-id", "e1", id,
                    "sh", "-c", "echo hi; exit 5");
            assertEquals(5, hi.exit(), hi::toString);
            assertEquals("hi", hi.outTrimmed());
            // ctr's default spec gives the container an empty /sys/fs/cgroup (runc alike): host side only
            assertEquals("67108864", Host.memoryLimitOf(pid), "the host's cgroup file");

            assertEquals(0, ctr("task", "pause", id).exit());
            assertEquals("PAUSED", taskStatus(id));
            assertEquals("FROZEN", Host.freezerStateOf(pid));
            assertEquals(0, ctr("task", "resume", id).exit());
            assertEquals("RUNNING", taskStatus(id));
            assertEquals("THAWED", Host.freezerStateOf(pid));

            Host.Result kill = ctr("task", "kill", "-s", "SIGKILL", id);
            assertEquals(0, kill.exit(), kill::toString);
            assertTrue(Host.await(Duration.ofSeconds(20), () -> taskStatus(id).equals("STOPPED")), "task: " + task(id));
            Host.Result delete = ctr("task", "delete", id);
            assertTrue(delete.out().contains("137") || delete.err().contains("137"), "exit status 137: " + delete);
            assertTrue(Host.await(Duration.ofSeconds(10), () -> !Files.exists(Path.of("/proc/" + pid))), "pid still alive");
        } finally {
            ctr("task", "delete", "-f", id);
            ctr("container", "rm", id);
        }
        assertEquals("", ctr("task", "ls", "-q").outTrimmed(), "no leftover tasks");
        assertEquals("", ctr("container", "ls", "-q").outTrimmed(), "no leftover containers");
    }

    @Test
    void criConfigSnippetNamesJruncAsBinaryName() throws IOException {
        // the snippet of docs/engines.md; containerd parses it (config dump starts nothing)
        Path conf = dir.resolve("cri-config.toml");
        Files.writeString(conf, """
                version = 2
                root = "%1$s/cri-root"
                state = "%1$s/cri-state"

                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.jrunc]
                  runtime_type = "io.containerd.runc.v2"
                  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.jrunc.options]
                    BinaryName = "%2$s"
                """.formatted(dir, runtime));
        Host.Result dump = Host.run(dir.resolve("cmd"), Map.of(), TIMEOUT,
                List.of("containerd", "--config", conf.toString(), "config", "dump"));
        assertEquals(0, dump.exit(), dump::toString);
        String out = dump.out();
        int section = out.indexOf("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.jrunc.options]");
        assertTrue(section >= 0, out);
        String options = out.substring(section).lines().skip(1).takeWhile(l -> !l.strip().startsWith("[")).toList().toString();
        assertTrue(options.contains("BinaryName = \"" + runtime + "\""), options);
    }
}
