package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** create/start/state/kill/delete/run/list as separate invocations, checked from inside and outside. */
class LifecycleTest {
    @TempDir static Path work;
    static Jrunc jrunc;
    @TempDir Path tmp;
    private final List<String> ids = new ArrayList<>();
    private int bundles;

    @BeforeAll
    static void setUp() {
        jrunc = new Jrunc(work);
    }

    @AfterEach
    void cleanUp() {
        ids.forEach(jrunc::forceDelete);
    }

    private String newId(String prefix) {
        String id = Jrunc.uniqueId(prefix);
        ids.add(id);
        return id;
    }

    private Bundle bundle(String... args) {
        return Bundle.create(tmp.resolve("bundle-" + (++bundles)), "conformance", args);
    }

    // ---------------------------------------------------------------- 1. run

    @Test
    void runShowsPidOneHostnameAndOnlyContainerMounts() {
        Bundle b = bundle("sh", "-c", "echo $$; hostname; cat /proc/self/mountinfo");
        String id = newId("run");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() >= 3, r::toString);
        assertEquals("1", lines.get(0), "the container's first process is pid 1\n" + r);
        assertEquals("conformance", lines.get(1), "hostname\n" + r);
        List<String> mounts = lines.subList(2, lines.size());
        assertEquals("/", Procs.mountPoint(mounts.getFirst()), "the root mount comes first\n" + r);
        assertTrue(mounts.size() < 50, "only the container's mounts (" + mounts.size() + ")\n" + r);
        for (String m : mounts) {
            String mp = Procs.mountPoint(m);
            assertFalse(mp.startsWith("/work") || mp.startsWith(b.dir().toString())
                            || mp.startsWith(work.toString()) || mp.startsWith("/run/") || mp.equals("/tmp"),
                    "host mount point visible in the container: " + m);
        }
    }

    @Test
    void runExitsWithTheContainerStatus() {
        Bundle b = bundle("sh", "-c", "exit 3");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), newId("exit"));
        assertEquals(3, r.exit(), r::toString);
    }

    /** A foreground {@code run} in the background of the test, stdio on files; waits for "ready" on its stdout. */
    private Process runUntilReady(Bundle b, String id, Path out) throws Exception {
        Process p = new ProcessBuilder(Jrunc.binary().toString(), "--root", jrunc.root().toString(), "run",
                "--bundle", b.dir().toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(tmp.resolve(id + ".err").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Jrunc.read(out).contains("ready")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("run did not get ready: " + Jrunc.read(out)
                        + Jrunc.read(tmp.resolve(id + ".err")));
            }
            Jrunc.sleep(20);
        }
        return p;
    }

    private static int exitOf(Process p) throws InterruptedException {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("run did not exit");
        }
        return p.exitValue();
    }

    /**
     * runc's rule: a foreground run passes the signals it gets to the container's process, all
     * of them but CHLD, URG, PROF and WINCH (CONT and TSTP too; not tried here: they would stop
     * things).
     */
    @ParameterizedTest
    @ValueSource(strings = {"TERM:15", "INT:2", "HUP:1", "USR1:10", "USR2:12", "ALRM:14", "PIPE:13",
        "TRAP:5", "ABRT:6", "STKFLT:16", "XCPU:24", "XFSZ:25", "VTALRM:26", "IO:29", "PWR:30", "SYS:31"})
    void foregroundRunForwardsSignalsToTheContainer(String signal) throws Exception {
        String name = signal.substring(0, signal.indexOf(':'));
        int number = Integer.parseInt(signal.substring(signal.indexOf(':') + 1));
        Bundle b = bundle("sh", "-c", "trap \"echo got-" + name.toLowerCase() + "; exit 7\" " + name
                + "; echo ready; while :; do sleep 0.1; done");
        String id = newId("fwd");
        Path out = tmp.resolve(id + ".out");
        Process p = runUntilReady(b, id, out);
        // the launcher execs the JVM: the process we started is jrunc itself
        dev.jrunc.linux.Linux.kill((int) p.pid(), number);
        assertEquals(7, exitOf(p), () -> Jrunc.read(out) + Jrunc.read(tmp.resolve(id + ".err")));
        assertEquals("ready\ngot-" + name.toLowerCase() + "\n", Jrunc.read(out));
        assertFalse(Files.exists(jrunc.root().resolve(id)), "run removed the container");
    }

    /**
     * Without a terminal SIGWINCH has nothing to resize and is not passed on (as runc); nor are
     * SIGCHLD and SIGPROF, and run survives all three. The container sees only the TERM that
     * follows. (SIGURG is left out: runc 1.1 passes it on, later ones do not, nor does jrunc.)
     */
    @Test
    void winchChldAndProfAreNotForwarded() throws Exception {
        // (no CHLD trap: the shell's own sleeps raise it)
        Bundle b = bundle("sh", "-c", "trap 'echo got-winch' WINCH; trap 'echo got-prof' PROF;"
                + " trap 'echo got-term; exit 7' TERM;"
                + " echo ready; while :; do sleep 0.1; done");
        String id = newId("fwd-winch");
        Path out = tmp.resolve(id + ".out");
        Process p = runUntilReady(b, id, out);
        dev.jrunc.linux.Linux.kill((int) p.pid(), 28);
        dev.jrunc.linux.Linux.kill((int) p.pid(), 17);
        dev.jrunc.linux.Linux.kill((int) p.pid(), 27);
        Jrunc.sleep(300); // each signal is handled on its own thread: let those three go first
        assertTrue(p.isAlive(), () -> "run ended on WINCH/CHLD/PROF: " + Jrunc.read(tmp.resolve(id + ".err")));
        dev.jrunc.linux.Linux.kill((int) p.pid(), 15);
        assertEquals(7, exitOf(p), () -> Jrunc.read(out) + Jrunc.read(tmp.resolve(id + ".err")));
        assertEquals("ready\ngot-term\n", Jrunc.read(out));
    }

    /**
     * jrunc cannot catch real-time signals (runc passes them on): it ignores them while it waits
     * rather than die and leave the container behind. The container itself still has them at
     * their default action (its init resets every disposition).
     */
    @Test
    void aRealTimeSignalDoesNotEndJruncsRun() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Jrunc.isJrunc(), "runc passes real-time signals on");
        Bundle b = bundle("sh", "-c", "trap 'echo got-rt' 35; trap 'echo got-term; exit 7' TERM;"
                + " grep SigIgn /proc/self/status; echo ready; while :; do sleep 0.1; done");
        String id = newId("fwd-rt");
        Path out = tmp.resolve(id + ".out");
        Process p = runUntilReady(b, id, out);
        dev.jrunc.linux.Linux.kill((int) p.pid(), 35);
        dev.jrunc.linux.Linux.kill((int) p.pid(), 64);
        Jrunc.sleep(300);
        assertTrue(p.isAlive(), () -> "run ended on a real-time signal: " + Jrunc.read(tmp.resolve(id + ".err")));
        dev.jrunc.linux.Linux.kill((int) p.pid(), 15);
        assertEquals(7, exitOf(p), () -> Jrunc.read(out) + Jrunc.read(tmp.resolve(id + ".err")));
        // grep inherits the shell's dispositions: nothing ignored
        assertEquals("SigIgn:\t0000000000000000\nready\ngot-term\n", Jrunc.read(out));
    }

    @Test
    void foregroundRunOfAKilledContainerExits137() throws Exception {
        Bundle b = bundle("sh", "-c", "echo ready; while :; do sleep 0.1; done");
        String id = newId("killed");
        Path out = tmp.resolve(id + ".out");
        Process p = runUntilReady(b, id, out);
        Jrunc.Result k = jrunc.exec("kill", id, "KILL");
        assertEquals(0, k.exit(), k::toString);
        assertEquals(137, exitOf(p), () -> Jrunc.read(tmp.resolve(id + ".err")));
        assertFalse(Files.exists(jrunc.root().resolve(id)), "run removed the container");
    }

    /** A signal the container does not catch (its init ignores it as pid 1): run only ends when it does. */
    @Test
    void aSignalTheContainerIgnoresDoesNotEndRun() throws Exception {
        Bundle b = bundle("sh", "-c", "echo ready; while :; do sleep 0.1; done");
        String id = newId("fwd-ign");
        Path out = tmp.resolve(id + ".out");
        Process p = runUntilReady(b, id, out);
        dev.jrunc.linux.Linux.kill((int) p.pid(), 15); // pid 1 without a TERM handler: ignored
        Jrunc.sleep(300);
        assertTrue(p.isAlive(), () -> "run ended on a signal its container ignores: " + Jrunc.read(out));
        assertEquals("running", jrunc.state(id).get("status").asText());
        long init = jrunc.state(id).get("pid").asLong();
        dev.jrunc.linux.Linux.kill((int) init, 9);
        assertEquals(137, exitOf(p));
    }

    @Test
    void noPivotStillIsolatesTheRoot() {
        Bundle b = bundle("sh", "-c", "echo $$; ls /");
        Jrunc.Result r = jrunc.exec("run", "--no-pivot", "--bundle", b.dir().toString(), newId("nopivot"));
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("1", lines.getFirst(), r::toString);
        // the container's / is the bundle's rootfs, not the host's
        assertTrue(lines.contains("bin") && !lines.contains("work") && !lines.contains("boot"), r::toString);
    }

    @Test
    void preserveFdsPassesExactlyTheExtraFds() throws IOException {
        Bundle b = bundle("sh", "-c", "cat <&3");
        Path secret = tmp.resolve("fd3.txt");
        Files.writeString(secret, "through fd 3\n");
        String run = "exec 3<" + secret + "; exec " + Jrunc.binary() + " --root " + jrunc.root() + " run %s --bundle "
                + b.dir() + " %s";
        Jrunc.Result kept = Jrunc.execRaw(List.of("bash", "-c", String.format(run, "--preserve-fds 1", newId("fds"))),
                Map.of(), null, Jrunc.TIMEOUT, Files.createTempDirectory(tmp, "out"));
        assertEquals(0, kept.exit(), kept::toString);
        assertEquals("through fd 3", kept.out().strip());
        // without --preserve-fds the caller's fd 3 must not reach the container
        Jrunc.Result closed = Jrunc.execRaw(List.of("bash", "-c", String.format(run, "", newId("fds"))),
                Map.of(), null, Jrunc.TIMEOUT, Files.createTempDirectory(tmp, "out"));
        assertNotEquals(0, closed.exit(), closed::toString);
        assertFalse(closed.out().contains("through fd 3"), closed::toString);
    }

    @Test
    void listenFdsArePassedWithTheirEnvironment() throws IOException {
        Bundle b = bundle("sh", "-c", "echo $LISTEN_FDS $LISTEN_PID; cat <&3");
        Path socketish = tmp.resolve("listen.txt");
        Files.writeString(socketish, "activated\n");
        String run = "exec 3<" + socketish + "; LISTEN_FDS=1 LISTEN_PID=$$ exec " + Jrunc.binary() + " --root " + jrunc.root()
                + " run --bundle " + b.dir() + " " + newId("listen");
        Jrunc.Result r = Jrunc.execRaw(List.of("bash", "-c", run), Map.of(), null, Jrunc.TIMEOUT,
                Files.createTempDirectory(tmp, "out"));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("1 1", "activated"), r.out().lines().toList(), r::toString);
    }

    // ---------------------------------------------------------------- 2. separate invocations

    @Test
    void createStartKillDeleteLifecycle() throws IOException {
        Bundle b = bundle("sleep", "30");
        String id = newId("life");
        Path pidFile = tmp.resolve("init.pid").toAbsolutePath();
        Jrunc.Result c = jrunc.exec("create", "--bundle", b.dir().toString(), "--pid-file", pidFile.toString(), id);
        assertEquals(0, c.exit(), c::toString);

        String pidText = Files.readString(pidFile);
        assertTrue(pidText.matches("[1-9][0-9]*"), "pid file holds just the pid, no newline: '" + pidText + "'");
        long pid = Long.parseLong(pidText);
        assertTrue(Procs.alive(pid), "init is alive after create");

        JsonNode s = jrunc.state(id);
        assertEquals("created", s.path("status").asText(), s::toString);
        assertEquals(pid, s.path("pid").asLong(), s::toString);
        assertEquals(b.dir().toRealPath().toString(), Path.of(s.path("bundle").asText()).toRealPath().toString());
        assertEquals(b.dir().toAbsolutePath().toString(), s.path("bundle").asText(), "bundle is absolute");
        assertEquals(id, s.path("id").asText());
        assertFalse(s.path("ociVersion").asText().isEmpty(), s::toString);

        Jrunc.Result st = jrunc.exec("start", id);
        assertEquals(0, st.exit(), st::toString);
        s = jrunc.awaitStatus(id, "running", Duration.ofSeconds(5));
        assertEquals(pid, s.path("pid").asLong());
        assertEquals("sleep", Files.readString(Path.of("/proc/" + pid + "/comm")).strip(), "init exec'd the args");

        Jrunc.Result k = jrunc.exec("kill", id, "KILL");
        assertEquals(0, k.exit(), k::toString);
        jrunc.awaitStatus(id, "stopped", Duration.ofSeconds(5));
        assertTrue(Procs.awaitGone(pid, Duration.ofSeconds(5)), "init killed");

        Jrunc.Result d = jrunc.exec("delete", id);
        assertEquals(0, d.exit(), d::toString);
        Jrunc.Result gone = jrunc.exec("state", id);
        assertEquals(1, gone.exit(), gone::toString);
        assertTrue(gone.err().contains("does not exist"), gone::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "state dir removed from --root");
    }

    @Test
    void createdInitIsOneThreadAndTiny() throws IOException {
        assumeTrue(Jrunc.isJrunc(), "jrunc-only: runc's waiting init is a multi-threaded Go process");
        Bundle b = bundle("true");
        String id = newId("tiny");
        Path pidFile = tmp.resolve("tiny.pid");
        Jrunc.Result c = jrunc.exec("create", "--bundle", b.dir().toString(), "--pid-file", pidFile.toString(), id);
        assertEquals(0, c.exit(), c::toString);
        long pid = Long.parseLong(Files.readString(pidFile));
        assertEquals("1", Procs.statusField(pid, "Threads"), "the waiting init is single-threaded");
        long rss = Long.parseLong(Procs.statusField(pid, "VmRSS"));
        assertTrue(rss <= 64, "the waiting init's VmRSS is " + rss + " kB, want <= 64 kB");
        // nothing of the JVM stays open in it: stdio and the state directory (for exec.fifo) only
        List<String> fds = new ArrayList<>();
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : list.sorted().toList()) {
                String n = fd.getFileName().toString();
                if (n.equals("0") || n.equals("1") || n.equals("2")) continue;
                fds.add(n + " -> " + Files.readSymbolicLink(fd));
            }
        }
        assertEquals(List.of(), fds.stream().filter(f -> !f.endsWith(jrunc.root().resolve(id).toString())).toList(),
                "fds of the waiting init besides stdio and its state directory");
    }

    @Test
    void initStaysADescendantOfTheCallerForItsSubreaper() throws IOException {
        // conmon and the containerd shim are child subreapers: once create exits, they reap the init
        dev.jrunc.linux.Linux.prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0);
        try {
            Bundle b = bundle("sleep", "30");
            String id = newId("reaper");
            Path pidFile = tmp.resolve("reaper.pid");
            Jrunc.Result c = jrunc.exec("create", "--bundle", b.dir().toString(), "--pid-file", pidFile.toString(), id);
            assertEquals(0, c.exit(), c::toString);
            long pid = Long.parseLong(Files.readString(pidFile));
            assertEquals(ProcessHandle.current().pid(), Procs.ppid(pid), "the init's parent after create exited");
        } finally {
            dev.jrunc.linux.Linux.prctl(36, 0, 0, 0, 0);
        }
    }

    @Test
    void userProcessGetsOnlyStdio() {
        Bundle b = bundle("ls", "/proc/self/fd");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), newId("fds"));
        assertEquals(0, r.exit(), r::toString);
        // 0, 1, 2 and the directory fd ls itself opened to list them
        assertEquals(4, r.out().lines().count(), "open fds in the container process:\n" + r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIGKILL", "9", "KILL"})
    void killAcceptsSignalForms(String signal) throws IOException {
        Bundle b = bundle("sleep", "30");
        String id = newId("kill");
        Path pidFile = tmp.resolve("kill.pid"); // given relative: resolved against the caller's cwd
        Jrunc.Result c = jrunc.exec(java.util.Map.of(), tmp, Jrunc.TIMEOUT, "create", "--bundle", b.dir().toString(),
                "--pid-file", "kill.pid", id);
        assertEquals(0, c.exit(), c::toString);
        long pid = Long.parseLong(Files.readString(pidFile));
        assertEquals(0, jrunc.exec("start", id).exit());
        jrunc.awaitStatus(id, "running", Duration.ofSeconds(5));
        Jrunc.Result k = jrunc.exec("kill", id, signal);
        assertEquals(0, k.exit(), k::toString);
        jrunc.awaitStatus(id, "stopped", Duration.ofSeconds(5));
        assertTrue(Procs.awaitGone(pid, Duration.ofSeconds(5)));
    }

    // ---------------------------------------------------------------- 3. errors

    @Test
    void duplicateIdIsRefusedAndTheFirstIsUnaffected() throws IOException {
        Bundle b = bundle("sleep", "30");
        String id = newId("dup");
        Path pidFile = tmp.resolve("dup.pid");
        assertEquals(0, jrunc.exec("create", "--bundle", b.dir().toString(), "--pid-file", pidFile.toString(), id)
                .exit());
        long pid = Long.parseLong(Files.readString(pidFile));
        Jrunc.Result again = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, again.exit(), again::toString);
        assertTrue(again.err().contains("exists"), again::toString); // runc 1.1: "already exists"
        JsonNode s = jrunc.state(id);
        assertEquals("created", s.path("status").asText());
        assertEquals(pid, s.path("pid").asLong());
        assertTrue(Procs.alive(pid));
        assertEquals(0, jrunc.exec("start", id).exit());
        jrunc.awaitStatus(id, "running", Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", "../escape"})
    void invalidIdsAreRefused(String id) throws IOException {
        Bundle b = bundle("true");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        try (var s = Files.list(jrunc.root())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().equals("a")
                    || p.getFileName().toString().equals("escape")), "nothing created under --root");
        }
        assertFalse(Files.exists(jrunc.root().resolveSibling("escape")), "nothing created beside --root");
    }

    @Test
    void forceDeleteOfMissingIdSucceeds() {
        Jrunc.Result r = jrunc.exec("delete", "--force", Jrunc.uniqueId("missing"));
        assertEquals(0, r.exit(), r::toString);
    }

    @Test
    void deleteOfRunningContainerNeedsForce() throws IOException {
        Bundle b = bundle("sleep", "30");
        String id = newId("busy");
        Path pidFile = tmp.resolve("busy.pid");
        assertEquals(0, jrunc.exec("create", "--bundle", b.dir().toString(), "--pid-file", pidFile.toString(), id)
                .exit());
        long pid = Long.parseLong(Files.readString(pidFile));
        assertEquals(0, jrunc.exec("start", id).exit());
        jrunc.awaitStatus(id, "running", Duration.ofSeconds(5));

        Jrunc.Result d = jrunc.exec("delete", id);
        assertNotEquals(0, d.exit(), d::toString);
        assertTrue(d.err().contains("not stopped"), d::toString);
        assertEquals("running", jrunc.state(id).path("status").asText());

        Jrunc.Result f = jrunc.exec("delete", "--force", id);
        assertEquals(0, f.exit(), f::toString);
        assertTrue(Procs.awaitGone(pid, Duration.ofSeconds(5)), "process killed by delete --force");
        Jrunc.Result gone = jrunc.exec("state", id);
        assertNotEquals(0, gone.exit(), gone::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)));
    }

    // ---------------------------------------------------------------- 4. list

    @Test
    void listShowsContainersWithStatus() {
        Bundle b1 = bundle("sleep", "30");
        Bundle b2 = bundle("sleep", "30");
        String created = newId("lc");
        String running = newId("lr");
        assertEquals(0, jrunc.exec("create", "--bundle", b1.dir().toString(), created).exit());
        assertEquals(0, jrunc.exec("create", "--bundle", b2.dir().toString(), running).exit());
        assertEquals(0, jrunc.exec("start", running).exit());
        jrunc.awaitStatus(running, "running", Duration.ofSeconds(5));

        Jrunc.Result table = jrunc.exec("list");
        assertEquals(0, table.exit(), table::toString);
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("ID"), table::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(created + " ") && l.contains("created")), table::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(running + " ") && l.contains("running")), table::toString);

        Jrunc.Result json = jrunc.exec("list", "--format", "json");
        assertEquals(0, json.exit(), json::toString);
        JsonNode arr = Jrunc.parseJson(json.out());
        assertTrue(arr.isArray(), json::toString);
        String seen = "";
        for (JsonNode c : arr) {
            if (c.path("id").asText().equals(created)) {
                assertEquals("created", c.path("status").asText());
                seen += "c";
            }
            if (c.path("id").asText().equals(running)) {
                assertEquals("running", c.path("status").asText());
                assertTrue(c.path("pid").asLong() > 0);
                seen += "r";
            }
        }
        assertEquals(2, seen.length(), json::toString);

        Jrunc.Result quiet = jrunc.exec("list", "-q");
        assertEquals(0, quiet.exit(), quiet::toString);
        assertTrue(quiet.out().lines().toList().containsAll(List.of(created, running)), quiet::toString);
    }
}
