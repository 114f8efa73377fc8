package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.linux.Linux;
import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.ScmRights;
import dev.jrunc.linux.Seccomp;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** linux.seccomp and linux.sysctl, observed from inside the container. */
class SeccompTest {
    @TempDir static Path work;
    static Jrunc jrunc;
    @TempDir Path tmp;
    private String id;

    @BeforeAll
    static void setUp() {
        jrunc = new Jrunc(work);
    }

    @AfterEach
    void cleanUp() {
        if (id != null) jrunc.forceDelete(id);
    }

    private Jrunc.Result run(Bundle b) {
        id = Jrunc.uniqueId("secc");
        return jrunc.exec("run", "--bundle", b.dir().toString(), id);
    }

    private static void deny(Bundle b, String action, Integer errno, String... names) {
        b.edit(c -> {
            ObjectNode s = ((ObjectNode) c.get("linux")).putObject("seccomp");
            s.put("defaultAction", "SCMP_ACT_ALLOW");
            s.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
            ObjectNode rule = s.putArray("syscalls").addObject();
            ArrayNode n = rule.putArray("names");
            for (String name : names) n.add(name);
            rule.put("action", action);
            if (errno != null) rule.put("errnoRet", errno);
        });
    }

    @Test
    void deniedUnshareFails() {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "sh", "-c",
                "unshare -U true 2>/dev/null; echo unshare=$?; grep Seccomp: /proc/self/status | tr -d '\\t'");
        deny(b, "SCMP_ACT_ERRNO", null, "unshare", "no_such_syscall_is_skipped");
        Jrunc.Result r = run(b);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("unshare=1", "Seccomp:2"), r.out().lines().toList());
    }

    @Test
    void withoutTheFilterUnshareWorks() {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "sh", "-c", "unshare -U true; echo unshare=$?");
        Jrunc.Result r = run(b);
        assertEquals(List.of("unshare=0"), r.out().lines().toList(), r::toString);
    }

    @Test
    void errnoRetIsTheErrno() {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "sh", "-c", "mkdir /tmp/d 2>&1; true");
        deny(b, "SCMP_ACT_ERRNO", 28, "mkdir", "mkdirat");
        Jrunc.Result r = run(b);
        assertTrue(r.out().contains("No space left on device"), r::toString);
    }

    @Test
    void killProcessKillsIt() {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "sh", "-c", "uname; echo survived");
        deny(b, "SCMP_ACT_KILL_PROCESS", null, "uname");
        Jrunc.Result r = run(b);
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(!r.out().contains("survived") || r.out().isEmpty(), r::toString);
    }

    @Test
    void filterInstalledWithoutNoNewPrivsForAnUnprivilegedUser() {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "sh", "-c",
                "id -u; unshare -U true 2>/dev/null; echo unshare=$?; grep NoNewPrivs: /proc/self/status | tr -d '\\t'");
        deny(b, "SCMP_ACT_ERRNO", null, "unshare");
        b.edit(c -> {
            ObjectNode p = (ObjectNode) c.get("process");
            p.put("noNewPrivileges", false);
            p.putObject("user").put("uid", 1000).put("gid", 1000);
        });
        Jrunc.Result r = run(b);
        assertEquals(List.of("1000", "unshare=1", "NoNewPrivs:0"), r.out().lines().toList(), r::toString);
    }

    @Test
    void unknownActionIsRefusedWithItsPointer() {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "true");
        deny(b, "SCMP_ACT_BOGUS", null, "unshare");
        Jrunc.Result r = run(b);
        assertNotEquals(0, r.exit());
        if (Jrunc.isJrunc()) assertTrue(r.err().contains("/linux/seccomp/syscalls/0/action"), r::toString);
    }

    @Test
    void namespacedSysctlIsSetAndAHostOneRefused() {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "sh", "-c", "cat /proc/sys/kernel/shmmni");
        b.edit(c -> ((ObjectNode) c.get("linux")).putObject("sysctl").put("kernel.shmmni", "1234"));
        Jrunc.Result r = run(b);
        assertEquals(List.of("1234"), r.out().lines().toList(), r::toString);
        jrunc.forceDelete(id);

        b.edit(c -> ((ObjectNode) c.get("linux")).putObject("sysctl").put("vm.swappiness", "1"));
        r = run(b);
        assertNotEquals(0, r.exit());
        if (Jrunc.isJrunc()) assertTrue(r.err().contains("/linux/sysctl/vm.swappiness"), r::toString);
        if (Jrunc.isJrunc()) {
            assertEquals(0, jrunc.exec("list", "-q").out().lines().filter(id::equals).count(), "no state left");
        }
    }

    // ------------------------------------------------------------------ SCMP_ACT_NOTIFY

    /** x86-64 mkdir and mkdirat. */
    private static final int MKDIR = 83, MKDIRAT = 258, EXDEV = 18;

    /** What the agent saw: the ContainerProcessState JSON and the syscall numbers it answered. */
    record AgentLog(String state, List<Integer> notified) {}

    /** socket + bind + listen: the seccomp agent's AF_UNIX stream server. */
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
     * A seccomp agent: accepts one connection, takes the listener fd and the state, then
     * answers every notification (mkdir and mkdirat fail with EXDEV, anything else goes on)
     * until the filter has no process left (POLLHUP).
     */
    private static CompletableFuture<AgentLog> agent(int server) {
        return CompletableFuture.supplyAsync(() -> {
            int conn = (int) Syscalls.call("accept4", SysNr.accept4, server, 0, 0, ScmRights.SOCK_CLOEXEC);
            ScmRights.Received got;
            try {
                got = ScmRights.receive(conn, 4, 65536);
            } finally {
                Linux.closeQuietly(conn);
            }
            if (got.fds().length != 1) throw new IllegalStateException("fds: " + got);
            int listener = got.fds()[0];
            List<Integer> notified = new CopyOnWriteArrayList<>();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment pfd = a.allocate(8, 4);
                while (true) {
                    pfd.set(ValueLayout.JAVA_INT, 0, listener);
                    pfd.set(ValueLayout.JAVA_SHORT, 4, (short) 1); // POLLIN
                    pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                    long n = Syscalls.raw(SysNr.poll, pfd.address(), 1, 20_000);
                    if (n <= 0) break; // nothing for 20 s: give up
                    short rev = pfd.get(ValueLayout.JAVA_SHORT, 6);
                    if ((rev & 1) == 0) break; // POLLHUP alone: the filter's processes are gone
                    Seccomp.Notification req;
                    try {
                        req = Seccomp.receiveNotification(listener);
                    } catch (LinuxException e) {
                        continue; // ENOENT: the caller died meanwhile
                    }
                    notified.add(req.nr());
                    try {
                        if (req.nr() == MKDIR || req.nr() == MKDIRAT) {
                            Seccomp.respond(listener, req.id(), 0, EXDEV, 0);
                        } else {
                            Seccomp.respond(listener, req.id(), 0, 0, Seccomp.SECCOMP_USER_NOTIF_FLAG_CONTINUE);
                        }
                    } catch (LinuxException e) {
                        // the caller was killed before the answer
                    }
                }
            } finally {
                Linux.closeQuietly(listener);
            }
            return new AgentLog(new String(got.payload(), StandardCharsets.UTF_8), notified);
        });
    }

    private static void notifyOnMkdir(Bundle b, Path listenerPath) {
        deny(b, "SCMP_ACT_NOTIFY", null, "mkdir", "mkdirat");
        b.edit(c -> {
            ObjectNode s = (ObjectNode) c.get("linux").get("seccomp");
            if (listenerPath != null) s.put("listenerPath", listenerPath.toString());
            s.put("listenerMetadata", "agent-metadata-1");
        });
    }

    @Test
    void notifiedSyscallsAreAnsweredByTheAgentAtListenerPath() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        int server = listen(sock);
        try {
            CompletableFuture<AgentLog> agent = agent(server);
            Bundle b = Bundle.create(tmp.resolve("b"), "secc", "sh", "-c",
                    "mkdir /tmp/x 2>&1; echo mkdir=$?; test -d /tmp/x && echo exists;"
                            + " echo listeners=$(ls -l /proc/$$/fd | grep -c 'seccomp notify'); echo done");
            notifyOnMkdir(b, sock);
            Jrunc.Result r = run(b);
            assertEquals(0, r.exit(), r::toString);
            List<String> out = r.out().lines().toList();
            assertTrue(out.getFirst().contains("Invalid cross-device link"), r::toString);
            // the container keeps no copy of the listener
            assertEquals(List.of("mkdir=1", "listeners=0", "done"), out.subList(1, out.size()), r::toString);

            AgentLog log = agent.get(30, TimeUnit.SECONDS);
            assertTrue(log.notified().contains(MKDIR) || log.notified().contains(MKDIRAT), log.toString());
            JsonNode st = new ObjectMapper().readTree(log.state());
            assertTrue(st.get("ociVersion").asText().startsWith("1."), log.state());
            assertEquals("[\"seccompFd\"]", st.get("fds").toString(), log.state());
            assertTrue(st.get("pid").asLong() > 0, log.state());
            assertEquals("agent-metadata-1", st.get("metadata").asText(), log.state());
            JsonNode state = st.get("state");
            assertEquals(id, state.get("id").asText(), log.state());
            assertEquals("creating", state.get("status").asText(), log.state());
            assertEquals(st.get("pid").asLong(), state.get("pid").asLong(), log.state());
            assertEquals(b.dir().toRealPath().toString(), Path.of(state.get("bundle").asText()).toRealPath().toString());
        } finally {
            Linux.closeQuietly(server);
        }
    }

    @Test
    void anExecdProcessHandsItsListenerToTheAgentToo() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        int server = listen(sock);
        try {
            CompletableFuture<AgentLog> initAgent = agent(server);
            Bundle b = Bundle.create(tmp.resolve("b"), "secc", "sleep", "60");
            notifyOnMkdir(b, sock);
            id = Jrunc.uniqueId("secc");
            Jrunc.Result c = jrunc.exec("create", "--bundle", b.dir().toString(), id);
            assertEquals(0, c.exit(), c::toString);
            assertEquals(0, jrunc.exec("start", id).exit());
            CompletableFuture<AgentLog> execAgent = agent(server);
            Jrunc.Result r = jrunc.exec("exec", id, "sh", "-c", "mkdir /tmp/y 2>&1; echo mkdir=$?");
            assertTrue(r.out().contains("Invalid cross-device link"), r::toString);
            assertTrue(r.out().contains("mkdir=1"), r::toString);
            jrunc.forceDelete(id);

            JsonNode init = new ObjectMapper().readTree(initAgent.get(30, TimeUnit.SECONDS).state());
            JsonNode exec = new ObjectMapper().readTree(execAgent.get(30, TimeUnit.SECONDS).state());
            assertEquals("running", exec.get("state").get("status").asText(), exec.toString());
            assertEquals(init.get("pid").asLong(), exec.get("state").get("pid").asLong(), exec.toString());
            assertNotEquals(init.get("pid").asLong(), exec.get("pid").asLong(), "the exec'd process's own pid");
        } finally {
            Linux.closeQuietly(server);
        }
    }

    @Test
    void noAgentAtListenerPathFailsTheCreateAndLeavesNothing() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "true");
        notifyOnMkdir(b, tmp.resolve("nobody-listens.sock"));
        id = Jrunc.uniqueId("secc");
        int fdsBefore = Procs.fdCount();
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        if (Jrunc.isJrunc()) {
            assertTrue(r.err().contains("/linux/seccomp/listenerPath") && r.err().contains("nobody-listens.sock")
                    && r.err().contains("ENOENT"), r::toString);
        }
        assertEquals(0, jrunc.exec("list", "-q").out().lines().filter(id::equals).count(), "no state left");
        assertTrue(!Files.exists(jrunc.root().resolve(id)), "no state directory");
        assertEquals(fdsBefore, Procs.fdCount());
    }

    @Test
    void notifyWithoutListenerPathIsRefused() {
        Bundle b = Bundle.create(tmp.resolve("b"), "secc", "true");
        notifyOnMkdir(b, null);
        Jrunc.Result r = run(b);
        assertNotEquals(0, r.exit(), r::toString);
        if (Jrunc.isJrunc()) assertTrue(r.err().contains("/linux/seccomp/listenerPath: is required"), r::toString);
    }
}
