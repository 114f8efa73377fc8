package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.linux.Linux;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * process.terminal with --console-socket: a receiver in the test (as conmon or the containerd
 * shim) gets the pty master over SCM_RIGHTS and reads what the container writes to its terminal.
 */
class TerminalTest {
    @TempDir static Path work;
    static Jrunc jrunc;
    @TempDir Path tmp;
    private final List<String> ids = new ArrayList<>();
    private final List<Integer> fds = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        jrunc = new Jrunc(work);
    }

    @AfterEach
    void cleanUp() {
        ids.forEach(jrunc::forceDelete);
        fds.forEach(Linux::closeQuietly);
    }

    private String newId(String prefix) {
        String id = Jrunc.uniqueId(prefix);
        ids.add(id);
        return id;
    }

    /** socket + bind + listen on {@code path}: an AF_UNIX stream server, as a console receiver makes. */
    private int listen(Path path) {
        int fd = Linux.socket(ScmRights.AF_UNIX, ScmRights.SOCK_STREAM | ScmRights.SOCK_CLOEXEC, 0);
        fds.add(fd);
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

    /** accept4 then one recvmsg: the payload and the pty master. */
    private CompletableFuture<ScmRights.Received> receive(int server) {
        return CompletableFuture.supplyAsync(() -> {
            int conn = (int) Syscalls.call("accept4", SysNr.accept4, server, 0, 0, ScmRights.SOCK_CLOEXEC);
            try {
                ScmRights.Received r = ScmRights.receive(conn, 4);
                for (int fd : r.fds()) fds.add(fd);
                return r;
            } finally {
                Linux.closeQuietly(conn);
            }
        });
    }

    /** Reads the master until {@code marker} appears or the terminal hangs up (EIO once the peer is gone). */
    private static String readUntil(int master, String marker) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder out = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!out.toString().contains(marker)) {
                int n;
                try {
                    n = Linux.read(master, buf, 0, buf.length);
                } catch (RuntimeException e) {
                    break; // EIO: every peer fd is closed
                }
                if (n <= 0) break;
                out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return out.toString();
        }).get(20, TimeUnit.SECONDS);
    }

    private Bundle terminalBundle(String script) {
        Bundle b = Bundle.create(tmp.resolve("b"), "tty", "sh", "-c", script);
        return b.edit(c -> {
            ObjectNode p = (ObjectNode) c.get("process");
            p.put("terminal", true);
            p.putObject("consoleSize").put("height", 30).put("width", 100);
        });
    }

    @Test
    void theMasterGoesToTheSocketAndTheProcessRunsOnThePty() throws Exception {
        Bundle b = terminalBundle("tty; stty size; test -t 0 && echo stdin-tty; echo hi > /dev/tty && echo ctty-ok;"
                + " echo console $(stat -c %t:%T /dev/console); echo done");
        Path sock = tmp.resolve("console.sock");
        var received = receive(listen(sock));
        String id = newId("tty");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), "--console-socket", sock.toString(), id);
        assertEquals(0, r.exit(), r::toString);
        ScmRights.Received got = received.get(10, TimeUnit.SECONDS);
        assertEquals(1, got.fds().length, got::toString);
        assertEquals("/dev/ptmx", new String(got.payload(), StandardCharsets.UTF_8));
        assertEquals("created", jrunc.state(id).get("status").asText());

        r = jrunc.exec("start", id);
        assertEquals(0, r.exit(), r::toString);
        String out = readUntil(got.fds()[0], "done");
        List<String> lines = out.lines().map(String::strip).toList();
        assertTrue(lines.contains("/dev/pts/0"), out);
        assertTrue(lines.contains("30 100"), out);
        assertTrue(lines.contains("stdin-tty"), out);
        assertTrue(lines.contains("ctty-ok"), out);
        assertTrue(lines.contains("console 88:0"), out); // /dev/console is the pty (136, 0)
        assertTrue(lines.contains("done"), out);
    }

    @Test
    void aMissingConsoleSocketFailsAndLeavesNothing() throws IOException {
        Bundle b = terminalBundle("true");
        String id = newId("tty-nosock");
        Set<Long> children = new HashSet<>(Procs.childrenOf(ProcessHandle.current().pid()));
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), "--console-socket",
                tmp.resolve("nosuch.sock").toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("nosuch.sock") && r.err().contains("connect"), r::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "state dir left");
        assertEquals(children, new HashSet<>(Procs.childrenOf(ProcessHandle.current().pid())));
    }

    @Test
    void aTerminalWithoutAConsoleSocketIsRefused() {
        Bundle b = terminalBundle("true");
        String id = newId("tty-none");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("cannot allocate tty if runc will detach without setting console socket"),
                r::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "state dir left");
    }

    @Test
    void aConsoleSocketWithoutATerminalIsRefused() throws IOException {
        Bundle b = Bundle.create(tmp.resolve("b"), "tty", "true");
        Path sock = tmp.resolve("console.sock");
        listen(sock);
        String id = newId("tty-noterm");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), "--console-socket", sock.toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("cannot use console socket if runc will not detach or allocate tty"), r::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "state dir left");
    }

    @Test
    void execTtyGivesTheProcessItsOwnPty() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("b"), "tty", "sleep", "300");
        String id = newId("tty-exec");
        Jrunc.Result r = jrunc.exec("run", "--detach", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        Path sock = tmp.resolve("exec.sock");
        var received = receive(listen(sock));
        r = jrunc.exec("exec", "--detach", "--tty", "--console-socket", sock.toString(), id, "sh", "-c",
                "tty; test -t 0 && echo stdin-tty; echo hi > /dev/tty && echo ctty-ok; echo done");
        assertEquals(0, r.exit(), r::toString);
        ScmRights.Received got = received.get(10, TimeUnit.SECONDS);
        assertEquals(1, got.fds().length, got::toString);
        String out = readUntil(got.fds()[0], "done");
        List<String> lines = out.lines().map(String::strip).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("/dev/pts/")), out);
        assertTrue(lines.contains("stdin-tty"), out);
        assertTrue(lines.contains("ctty-ok"), out);
        assertTrue(lines.contains("done"), out);
    }

    @Test
    void execTtyWithoutAConsoleSocketIsRefused() {
        Bundle b = Bundle.create(tmp.resolve("b"), "tty", "sleep", "300");
        String id = newId("tty-exec");
        Jrunc.Result r = jrunc.exec("run", "--detach", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        r = jrunc.exec("exec", "--detach", "--tty", id, "true");
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("cannot allocate tty if runc will detach without setting console socket"),
                r::toString);
    }

    /** CVE-2025-52565: a /dev/console that is a symlink must never have the pty mounted over its target. */
    @Test
    void aDevConsoleSymlinkIsRefused() throws Exception {
        Bundle b = terminalBundle("true");
        // the image's own /dev (no tmpfs over it), with /dev/console pointing at a /proc file
        Files.createSymbolicLink(b.rootfs().resolve("dev/ptmx"), Path.of("pts/ptmx"));
        Files.createSymbolicLink(b.rootfs().resolve("dev/console"), Path.of("/proc/sys/kernel/core_pattern"));
        b.edit(c -> {
            var mounts = (com.fasterxml.jackson.databind.node.ArrayNode) c.get("mounts");
            for (int i = mounts.size() - 1; i >= 0; i--) {
                if (mounts.get(i).get("destination").asText().equals("/dev")) mounts.remove(i);
            }
        });
        String before = Files.readString(Path.of("/proc/sys/kernel/core_pattern"));
        Path sock = tmp.resolve("console.sock");
        var received = receive(listen(sock));
        String id = newId("tty-cve");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), "--console-socket", sock.toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        if (Jrunc.isJrunc()) assertTrue(r.err().contains("/dev/console") && r.err().contains("ELOOP"), r::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "state dir left");
        assertEquals(before, Files.readString(Path.of("/proc/sys/kernel/core_pattern")));
        received.cancel(true);
    }

    /**
     * Runs {@code command} under script(1), so that jrunc's stdio is a pty of its own (a
     * terminal the test holds); {@code sleep 3 |} keeps script's stdin open meanwhile.
     */
    private Jrunc.Result underScript(String command) {
        return Jrunc.execRaw(List.of("sh", "-c", "sleep 3 | script -qec \"stty rows 33 cols 91; " + command
                + "\" /dev/null"), java.util.Map.of(), null, Jrunc.TIMEOUT, tmp);
    }

    private String jruncCommand() {
        return Jrunc.binary() + " --root " + jrunc.root();
    }

    @Test
    void foregroundRunRelaysThePtyToItsOwnTerminal() {
        Bundle b = Bundle.create(tmp.resolve("b"), "tty", "sh", "-c",
                "tty; stty size; test -t 0 && echo stdin-tty; echo hello-tty; exit 5");
        b.edit(c -> ((ObjectNode) c.get("process")).put("terminal", true));
        String id = newId("relay");
        Jrunc.Result r = underScript(jruncCommand() + " run --bundle " + b.dir() + " " + id);
        // the exit status passes through jrunc and script; the pty has the caller's size
        assertEquals(5, r.exit(), r::toString);
        assertTrue(r.out().contains("/dev/pts/0\r\n"), r::toString);
        assertTrue(r.out().contains("33 91\r\n"), r::toString);
        assertTrue(r.out().contains("stdin-tty\r\nhello-tty\r\n"), r::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "run removed the container");
    }

    @Test
    void foregroundRunWithATerminalAndNoCallerTerminalStillRelays() {
        Bundle b = Bundle.create(tmp.resolve("b"), "tty", "sh", "-c", "tty; echo out; exit 4");
        b.edit(c -> ((ObjectNode) c.get("process")).put("terminal", true));
        String id = newId("relay");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), id);
        assertEquals(4, r.exit(), r::toString);
        assertEquals("/dev/pts/0\r\nout\r\n", r.out());
    }

    /**
     * jrunc's stdio is the slave of a pty the test holds: the container's pty starts with that
     * terminal's size, and after the outer size changes a SIGWINCH to jrunc resizes the inner one
     * (whose foreground process group, the container's shell, the kernel then signals itself).
     */
    @Test
    void sigwinchCopiesTheNewSizeToTheContainersPty() throws Exception {
        int master = dev.jrunc.linux.Terminal.openPtmx();
        fds.add(master);
        dev.jrunc.linux.Terminal.unlock(master);
        dev.jrunc.linux.Terminal.setWindowSize(master, 24, 80);
        java.io.File slave = new java.io.File("/dev/pts/" + dev.jrunc.linux.Terminal.ptsNumber(master));
        Bundle b = Bundle.create(tmp.resolve("b"), "tty", "sh", "-c",
                "trap 'echo resized $(stty size)-done; exit 3' WINCH; echo start $(stty size); echo ready;"
                        + " while :; do sleep 0.1; done");
        b.edit(c -> ((ObjectNode) c.get("process")).put("terminal", true));
        String id = newId("winch");
        Process p = new ProcessBuilder(Jrunc.binary().toString(), "--root", jrunc.root().toString(), "run",
                "--bundle", b.dir().toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(slave))
                .redirectOutput(ProcessBuilder.Redirect.to(slave))
                .redirectError(tmp.resolve("winch.err").toFile())
                .start();
        try {
            String out = readUntil(master, "ready");
            assertTrue(out.contains("start 24 80\r\n"), () -> out + Jrunc.read(tmp.resolve("winch.err")));
            dev.jrunc.linux.Terminal.setWindowSize(master, 50, 132);
            Linux.kill((int) p.pid(), 28); // SIGWINCH, as the kernel sends a terminal's session leader
            String after = readUntil(master, "-done");
            assertTrue(after.contains("resized 50 132-done"), after);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "run did not exit");
            assertEquals(3, p.exitValue(), () -> Jrunc.read(tmp.resolve("winch.err")));
            assertFalse(Files.exists(jrunc.root().resolve(id)), "run removed the container");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void foregroundExecTtyRelaysThePty() {
        Bundle b = Bundle.create(tmp.resolve("b"), "tty", "sleep", "300");
        String id = newId("relay");
        assertEquals(0, jrunc.exec("run", "--detach", "--bundle", b.dir().toString(), id).exit());
        Jrunc.Result r = underScript(jruncCommand() + " exec -t " + id + " sh -c 'tty; stty size; exit 6'");
        assertEquals(6, r.exit(), r::toString);
        assertTrue(r.out().contains("/dev/pts/0\r\n33 91\r\n"), r::toString);
    }
}
