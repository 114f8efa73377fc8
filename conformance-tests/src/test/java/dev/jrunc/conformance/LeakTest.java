package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.ScmRights;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures on the paths that hold more than a state directory — the NOTIFY_SOCKET proxy,
 * a seccomp agent's connection and listener, device rules, {@code exec --cgroup}, a streaming
 * {@code events}, a foreground {@code run} — leave nothing: no state directory, cgroup, process
 * (the test JVM is a child subreaper, so orphans land here), host mount or fd of the caller.
 * Late failures come from {@code JRUNC_TEST_FAIL_STEP} (jrunc only), at a step found by its
 * description in the {@code --debug} launch plan.
 */
class LeakTest {
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int P_PID = 1, WEXITED = 4, WNOHANG = 1;
    private static final Path CG = Path.of("/sys/fs/cgroup");

    @TempDir static Path work;
    static Jrunc jrunc;
    @TempDir Path tmp;
    private final List<String> ids = new ArrayList<>();

    private long self;
    private Set<Long> baseChildren;
    private Set<String> mountsBefore;
    private int fdsBefore;

    @BeforeAll
    static void setUp() {
        jrunc = new Jrunc(work);
        if (Jrunc.isJrunc()) Linux.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }

    @AfterAll
    static void notSubreaper() {
        if (Jrunc.isJrunc()) Linux.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
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

    /** What the host looks like before the operation under test. */
    @BeforeEach
    void baseline() throws IOException {
        self = ProcessHandle.current().pid();
        reapZombies();
        baseChildren = new HashSet<>(Procs.childrenOf(self));
        mountsBefore = Procs.hostMountinfo();
        fdsBefore = Procs.fdCount();
    }

    private void reapZombies() {
        for (long pid : Procs.childrenOf(self)) {
            if (Procs.state(pid) != 'Z') continue;
            try {
                Linux.waitid(P_PID, (int) pid, WEXITED | WNOHANG);
            } catch (LinuxException e) {
                // reaped meanwhile
            }
        }
    }

    private static List<Path> cgroupsNamed(String id) throws IOException {
        return Procs.cgroupDirsNamed(id);
    }

    /** Nothing of {@code id} is left, and the host is as {@link #baseline} found it. */
    private void assertNothingLeft(String id) throws IOException {
        List<String> problems = new ArrayList<>();
        if (Files.exists(jrunc.root().resolve(id))) problems.add("state dir left: " + jrunc.root().resolve(id));
        if (jrunc.exec("list", "-q").out().lines().anyMatch(id::equals)) problems.add("listed");
        List<Path> cgroups = cgroupsNamed(id);
        if (!cgroups.isEmpty()) problems.add("cgroups left: " + cgroups);
        Set<Long> left = new HashSet<>();
        for (int i = 0; i < 20; i++) { // a dying init may take a moment
            reapZombies();
            left = new HashSet<>(Procs.childrenOf(self));
            left.removeAll(baseChildren);
            if (left.isEmpty()) break;
            Jrunc.sleep(50);
        }
        if (!left.isEmpty()) {
            problems.add("processes left: " + left);
            for (long pid : left) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        Set<String> added = new HashSet<>(Procs.hostMountinfo());
        added.removeAll(mountsBefore);
        if (!added.isEmpty()) problems.add("host mounts added: " + added);
        int fds = Procs.fdCount();
        if (fds != fdsBefore) problems.add("test JVM fds " + fdsBefore + " -> " + fds);
        assertTrue(problems.isEmpty(), id + ":\n" + String.join("\n", problems));
    }

    /** The {@code --debug} launch plan's step lines for a create of {@code b} (the container is deleted again). */
    private List<String> planSteps(Bundle b, Map<String, String> env) throws IOException {
        String id = newId("plan");
        Path log = tmp.resolve(id + ".log");
        Jrunc.Result r = jrunc.exec(env, null, Jrunc.TIMEOUT, "--debug", "--log", log.toString(), "--log-format", "json",
                "create", "--bundle", b.dir().toString(), id);
        try {
            assertEquals(0, r.exit(), () -> r + "\nlog:\n" + Jrunc.read(log));
            for (String line : Files.readAllLines(log)) {
                if (line.isBlank()) continue;
                String msg = Jrunc.parseJson(line).path("msg").asText();
                if (msg.startsWith("launch plan for")) return List.of(msg.split("\n"));
            }
            fail("no launch plan in the --debug log:\n" + Jrunc.read(log));
            return null;
        } finally {
            jrunc.forceDelete(id);
        }
    }

    /** The number of the first plan step whose line contains {@code text}. */
    private static int step(List<String> plan, String text) {
        for (String l : plan) {
            String t = l.strip();
            int sp = t.indexOf(' ');
            if (sp > 0 && t.substring(0, sp).chars().allMatch(Character::isDigit) && t.contains(text)) {
                return Integer.parseInt(t.substring(0, sp));
            }
        }
        fail("no step with \"" + text + "\" in the plan:\n" + String.join("\n", plan));
        return -1;
    }

    private Jrunc.Result failingAt(int step, Map<String, String> env, String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.put("JRUNC_TEST_FAIL_STEP", Integer.toString(step));
        return jrunc.exec(e, null, Duration.ofSeconds(20), args);
    }

    // ------------------------------------------------------------------ NOTIFY_SOCKET

    @Test
    void createWithNotifySocketFailingLateLeavesNothing() throws Exception {
        assumeTrue(Jrunc.isJrunc(), "JRUNC_TEST_FAIL_STEP is a jrunc test hook");
        Bundle b = Bundle.create(tmp.resolve("b"), "leak", "true");
        Map<String, String> env = Map.of("NOTIFY_SOCKET", tmp.resolve("host-notify.sock").toString());
        List<String> plan = planSteps(b, env);
        // after the proxy's bind mount, and the last step before READY
        for (int n : new int[] {step(plan, "remounting /run/notify"), step(plan, "{READY}")}) {
            baseline();
            String id = newId("leaknotify");
            Jrunc.Result r = failingAt(n, env, "create", "--bundle", b.dir().toString(), id);
            assertNotEquals(0, r.exit(), r::toString);
            assertTrue(r.err().contains("(step " + n + ")"), r::toString);
            assertNothingLeft(id);
        }
    }

    /**
     * The state directory's notify socket is bound through a short path: under a --root deep
     * enough that ROOT/ID/notify/notify.sock does not fit in sun_path (108 bytes), start still
     * binds it where the container's /run/notify shows it, and delete leaves nothing. (runc 1.1
     * refuses: "listen unixgram ...: bind: invalid argument".)
     */
    @Test
    void notifySocketUnderADeepRootIsBoundInPlace() throws Exception {
        assumeTrue(Jrunc.isJrunc(), "runc refuses a notify socket path longer than sun_path");
        Path deep = Files.createDirectories(tmp.resolve("d".repeat(Math.max(1, 100 - tmp.toString().length()))));
        Jrunc deepJrunc = new Jrunc(deep);
        String id = Jrunc.uniqueId("deepnotify");
        Path sock = deepJrunc.root().resolve(id).resolve("notify/notify.sock");
        assertTrue(sock.toString().getBytes(StandardCharsets.UTF_8).length > 108, sock::toString);
        Bundle b = Bundle.create(tmp.resolve("b"), "leak", "sh", "-c",
                "sleep 0.3; test -S /run/notify/notify.sock && echo bound");
        Map<String, String> env = Map.of("NOTIFY_SOCKET", tmp.resolve("host-notify.sock").toString());
        try {
            Jrunc.Result c = deepJrunc.exec(env, null, Jrunc.TIMEOUT, "create", "--bundle", b.dir().toString(), id);
            assertEquals(0, c.exit(), c::toString);
            Jrunc.Result s = deepJrunc.exec(env, null, Jrunc.TIMEOUT, "start", id); // ends at the exit: no READY
            assertEquals(0, s.exit(), s::toString);
            assertEquals("bound", c.stdoutNow().strip(), c::toString);
        } finally {
            deepJrunc.forceDelete(id);
        }
        try (Stream<Path> left = Files.list(deepJrunc.root())) {
            assertEquals(List.of(), left.toList(), "nothing under --root after delete");
        }
        assertEquals(List.of(), cgroupsNamed(id));
    }

    // ------------------------------------------------------------------ seccomp agent

    /** socket + bind + listen: a seccomp agent's AF_UNIX stream server. */
    private static int listen(Path path) {
        int fd = Linux.socket(ScmRights.AF_UNIX, ScmRights.SOCK_STREAM | ScmRights.SOCK_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
            MemorySegment addr = a.allocate(110);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) ScmRights.AF_UNIX);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
            Syscalls.call("bind", SysNr.bind, fd, addr.address(), 2 + name.length + 1);
        }
        Syscalls.call("listen", SysNr.listen, fd, 1);
        return fd;
    }

    /**
     * Accepts one connection and takes the listener; true once the listener reports POLLHUP
     * (the filter has no process left), false if none came or it stayed open for 10 s.
     */
    private static CompletableFuture<Boolean> agent(int server) {
        return CompletableFuture.supplyAsync(() -> {
            int conn = (int) Syscalls.call("accept4", SysNr.accept4, server, 0, 0, ScmRights.SOCK_CLOEXEC);
            ScmRights.Received got;
            try {
                got = ScmRights.receive(conn, 4, 65536);
            } finally {
                Linux.closeQuietly(conn);
            }
            if (got.fds().length != 1) return false;
            int listener = got.fds()[0];
            try (Arena a = Arena.ofConfined()) {
                MemorySegment pfd = a.allocate(8, 4);
                for (int i = 0; i < 100; i++) {
                    pfd.set(ValueLayout.JAVA_INT, 0, listener);
                    pfd.set(ValueLayout.JAVA_SHORT, 4, (short) 0);
                    pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                    if (Syscalls.raw(SysNr.poll, pfd.address(), 1, 100) > 0
                            && (pfd.get(ValueLayout.JAVA_SHORT, 6) & 0x10) != 0) {
                        return true;
                    }
                }
                return false;
            } finally {
                Linux.closeQuietly(listener);
            }
        });
    }

    private static void notifyOnMkdir(Bundle b, Path listenerPath) {
        b.edit(c -> {
            ObjectNode s = ((ObjectNode) c.get("linux")).putObject("seccomp");
            s.put("defaultAction", "SCMP_ACT_ALLOW");
            s.putArray("architectures").add("SCMP_ARCH_X86_64");
            ObjectNode rule = s.putArray("syscalls").addObject();
            ArrayNode n = rule.putArray("names");
            n.add("mkdir").add("mkdirat");
            rule.put("action", "SCMP_ACT_NOTIFY");
            s.put("listenerPath", listenerPath.toString());
        });
    }

    @Test
    void createFailingAfterTheAgentTookTheListenerLeavesNothing() throws Exception {
        assumeTrue(Jrunc.isJrunc(), "JRUNC_TEST_FAIL_STEP is a jrunc test hook");
        Path sock = tmp.resolve("agent.sock");
        int server = listen(sock);
        try {
            Bundle b = Bundle.create(tmp.resolve("b"), "leak", "true");
            notifyOnMkdir(b, sock);
            CompletableFuture<Boolean> planAgent = agent(server);
            List<String> plan = planSteps(b, Map.of());
            planAgent.get(30, TimeUnit.SECONDS);
            int delivered = step(plan, "reporting the seccomp listener");
            int ready = step(plan, "{READY}");
            assertTrue(delivered < ready, "the listener goes to the agent before READY:\n" + String.join("\n", plan));

            baseline();
            CompletableFuture<Boolean> agent = agent(server);
            String id = newId("leakseccomp");
            Jrunc.Result r = failingAt(ready, Map.of(), "create", "--bundle", b.dir().toString(), id);
            assertNotEquals(0, r.exit(), r::toString);
            assertTrue(r.err().contains("(step " + ready + ")"), r::toString);
            assertTrue(agent.get(30, TimeUnit.SECONDS), "the agent got the listener, and its filter has no process left");
            assertNothingLeft(id);
        } finally {
            Linux.closeQuietly(server);
        }
    }

    /**
     * The container's process holds its stdio and nothing else of the runtime's (no agent
     * connection, listener, notify socket, state dir or pipe), read from the host.
     */
    @Test
    void theProcessHoldsOnlyItsStdio() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        int server = listen(sock);
        try {
            Bundle b = Bundle.create(tmp.resolve("b"), "leak", "sleep", "60");
            notifyOnMkdir(b, sock);
            CompletableFuture<Boolean> agent = agent(server);
            String id = newId("leakfds");
            // created with NOTIFY_SOCKET; started without, so start does not wait for a READY
            Jrunc.Result c = jrunc.exec(Map.of("NOTIFY_SOCKET", tmp.resolve("host-notify.sock").toString()), null,
                    Jrunc.TIMEOUT, "create", "--bundle", b.dir().toString(), id);
            assertEquals(0, c.exit(), c::toString);
            long pid = jrunc.state(id).get("pid").asLong();
            assertEquals(0, jrunc.exec("start", id).exit());
            jrunc.awaitStatus(id, "running", Duration.ofSeconds(10));
            List<String> fds = new ArrayList<>();
            for (int i = 0; i < 100; i++) { // until sleep has exec'd (its comm changes)
                if (Files.readString(Path.of("/proc/" + pid + "/comm")).strip().equals("sleep")) break;
                Jrunc.sleep(20);
            }
            try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                s.forEach(p -> fds.add(p.getFileName().toString()));
            }
            fds.sort(java.util.Comparator.comparingInt(Integer::parseInt));
            assertEquals(List.of("0", "1", "2"), fds);
            jrunc.forceDelete(id);
            assertTrue(agent.get(30, TimeUnit.SECONDS), "the agent's listener hung up at delete");
        } finally {
            Linux.closeQuietly(server);
        }
    }

    // ------------------------------------------------------------------ device rules

    @Test
    void deviceRulesTheParentCannotGrantLeaveNothing() throws Exception {
        Path devices = CG.resolve("devices");
        assumeTrue(Files.exists(devices.resolve("devices.deny")), "needs the v1 devices hierarchy");
        String parent = "leak-parent-" + ProcessHandle.current().pid();
        Path parentDir = devices.resolve(parent);
        Files.createDirectory(parentDir);
        try {
            Files.writeString(parentDir.resolve("devices.deny"), "a"); // nothing below can be allowed
            String id = newId("leakdev");
            Bundle b = Bundle.create(tmp.resolve("b"), "leak", "true").edit(c -> {
                ObjectNode linux = (ObjectNode) c.get("linux");
                linux.put("cgroupsPath", "/" + parent + "/" + id);
                linux.putObject("resources").putArray("devices").addObject().put("allow", true).put("type", "c")
                        .put("major", 1).put("minor", 3).put("access", "rw");
            });
            baseline();
            Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
            assertNotEquals(0, r.exit(), r::toString);
            if (Jrunc.isJrunc()) assertTrue(r.err().contains("devices.allow") && r.err().contains("EPERM"), r::toString);
            assertNothingLeft(id);
            try (Stream<Path> s = Files.list(parentDir)) {
                assertEquals(List.of(), s.filter(Files::isDirectory).toList(), "no cgroup under the parent");
            }
            // the parent existed in the devices hierarchy only: made elsewhere, it is removed there
            // (runc 1.1 leaves it in the other hierarchies)
            if (Jrunc.isJrunc()) assertEquals(List.of(parentDir), cgroupsNamed(parent));
        } finally {
            for (Path p : cgroupsNamed(parent)) Files.deleteIfExists(p);
        }
    }

    // ------------------------------------------------------------------ exec --cgroup

    @Test
    void execIntoAMissingSubCgroupStartsNothing() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("b"), "leak", "sleep", "60");
        String id = newId("leakexec");
        Jrunc.Result c = jrunc.exec("run", "-d", "--bundle", b.dir().toString(), id);
        assertEquals(0, c.exit(), c::toString);
        long init = jrunc.state(id).get("pid").asLong();
        List<Path> before = cgroupsNamed(id);
        assertTrue(!before.isEmpty(), "the container has cgroups");
        baseline();
        Jrunc.Result r = jrunc.exec("exec", "--cgroup", "no-such-sub", id, "sh", "-c", "echo ran; sleep 60");
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(!r.out().contains("ran"), r::toString);
        if (Jrunc.isJrunc()) assertTrue(r.err().contains("no-such-sub") && r.err().contains("does not exist"), r::toString);
        // the container holds its init alone, and no sub-cgroup was made
        Jrunc.Result ps = jrunc.exec("ps", "--format", "json", id);
        assertEquals("[" + init + "]", ps.out().strip(), ps::toString);
        for (Path d : before) assertTrue(!Files.exists(d.resolve("no-such-sub")), d + "/no-such-sub");
        Set<Long> left = new HashSet<>(Procs.childrenOf(self));
        left.removeAll(baseChildren);
        assertEquals(Set.of(), left);
        assertEquals(fdsBefore, Procs.fdCount());
    }

    // ------------------------------------------------------------------ events

    @Test
    void eventsEndsAtDeleteWithFewFdsAndThreads() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("b"), "leak", "sleep", "60");
        String id = newId("leakevents");
        Jrunc.Result c = jrunc.exec("run", "-d", "--bundle", b.dir().toString(), id);
        assertEquals(0, c.exit(), c::toString);
        Path out = tmp.resolve("events.jsonl");
        List<String> cmd = List.of(Jrunc.binary().toString(), "--root", jrunc.root().toString(), "events",
                "--interval", "200ms", id);
        Process ev = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(tmp.resolve("events.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            long pid = ev.pid();
            // a few samples in: the fd and thread counts hold still while it streams
            awaitStatsLines(out, 3);
            int fds1 = fdCount(pid);
            String threads1 = Procs.statusField(pid, "Threads");
            awaitStatsLines(out, 8);
            int fds2 = fdCount(pid);
            String threads2 = Procs.statusField(pid, "Threads");
            assertEquals(fds1, fds2, "events' fds grow while it streams");
            assertEquals(threads1, threads2, "events' threads grow while it streams");
            assertTrue(fds2 < 32, "events holds " + fds2 + " fds");

            assertEquals(0, jrunc.exec("delete", "--force", id).exit());
            assertTrue(ev.waitFor(10, TimeUnit.SECONDS), "events did not end at delete");
            assertEquals(0, ev.exitValue(), () -> Jrunc.read(tmp.resolve("events.err")));
            assertEquals(List.of(), cgroupsNamed(id));
        } finally {
            ev.destroyForcibly();
        }
    }

    private static int fdCount(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        }
    }

    private static void awaitStatsLines(Path out, int n) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.readAllLines(out).stream().filter(l -> l.contains("\"stats\"")).count() < n) {
            if (System.nanoTime() > deadline) fail("fewer than " + n + " stats lines: " + Files.readString(out));
            Jrunc.sleep(50);
        }
    }

    // ------------------------------------------------------------------ run in the foreground

    @Test
    void foregroundRunWhoseStartFailsLeavesNothing() throws Exception {
        assumeTrue(Jrunc.isJrunc(), "JRUNC_TEST_FAIL_STEP is a jrunc test hook");
        Bundle b = Bundle.create(tmp.resolve("b"), "leak", "true");
        Map<String, String> env = Map.of("NOTIFY_SOCKET", tmp.resolve("host-notify.sock").toString());
        List<String> plan = planSteps(b, env);
        // after READY: create succeeds, the init dies before start's handshake
        int n = step(plan, "waiting for start on exec.fifo");
        baseline();
        String id = newId("leakrun");
        Jrunc.Result r = failingAt(n, env, "run", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        // the init may be seen dying, or already dead, at start
        assertTrue(r.err().contains("exited before start") || r.err().contains("has stopped"), r::toString);
        assertNothingLeft(id);
    }
}
