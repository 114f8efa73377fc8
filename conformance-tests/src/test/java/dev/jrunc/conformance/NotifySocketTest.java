package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrunc.linux.Linux;
import dev.jrunc.linux.ScmRights;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NOTIFY_SOCKET proxying, as systemd's Type=notify units use it: the host side here is a
 * datagram socket in the test (as systemd's), the container sends with a tiny static
 * sd_notify built from {@code sd-notify.c} (busybox has no unix-datagram applet).
 */
class NotifySocketTest {
    @TempDir static Path work;
    static Jrunc jrunc;
    static Path sdNotify;
    @TempDir Path tmp;
    private final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        jrunc = new Jrunc(work);
        Path src = work.resolve("sd-notify.c");
        try (InputStream in = NotifySocketTest.class.getResourceAsStream("/sd-notify.c")) {
            Files.copy(in, src);
        }
        sdNotify = work.resolve("sd-notify");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", sdNotify.toString(), src.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no gcc: " + e.getMessage());
            return;
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        assumeTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc -static failed: " + out);
    }

    @AfterEach
    void cleanUp() {
        ids.forEach(jrunc::forceDelete);
    }

    private String newId() {
        String id = Jrunc.uniqueId("notify");
        ids.add(id);
        return id;
    }

    private Bundle bundle(String script) throws IOException {
        Bundle b = Bundle.create(tmp.resolve("b"), "notify-host", "sh", "-c", script);
        Files.copy(sdNotify, b.rootfs().resolve("bin/sd-notify"));
        b.rootfs().resolve("bin/sd-notify").toFile().setExecutable(true, false);
        return b;
    }

    /** One datagram and the number of fds that came with it (closed on receipt: that answers a barrier). */
    record Message(String text, int fds) {}

    /** An AF_UNIX datagram socket bound in the test's directory: systemd's side of NOTIFY_SOCKET. */
    static final class Listener implements AutoCloseable {
        final Path path;
        final int fd;

        Listener(Path path) {
            this.path = path;
            fd = Linux.socket(ScmRights.AF_UNIX, ScmRights.SOCK_DGRAM | ScmRights.SOCK_CLOEXEC, 0);
            try (Arena a = Arena.ofConfined()) {
                byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
                MemorySegment addr = a.allocate(110);
                addr.set(ValueLayout.JAVA_SHORT, 0, (short) ScmRights.AF_UNIX);
                MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
                Syscalls.call("bind", SysNr.bind, fd, addr.address(), 2 + name.length + 1);
            }
        }

        /** Collects datagrams until {@code quiet} passes without one (or {@code max} arrived). */
        CompletableFuture<List<Message>> collect(int max, Duration quiet) {
            return CompletableFuture.supplyAsync(() -> {
                List<Message> got = new ArrayList<>();
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment p = a.allocate(8, 8);
                    while (got.size() < max) {
                        p.set(ValueLayout.JAVA_INT, 0, fd);
                        p.set(ValueLayout.JAVA_SHORT, 4, (short) 1);
                        p.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                        if (Syscalls.raw(SysNr.poll, p.address(), 1, (int) quiet.toMillis()) <= 0) break;
                        ScmRights.Received r = ScmRights.receive(fd, 4);
                        for (int f : r.fds()) Linux.closeQuietly(f);
                        got.add(new Message(new String(r.payload(), StandardCharsets.UTF_8), r.fds().length));
                    }
                }
                return got;
            });
        }

        @Override
        public void close() {
            Linux.closeQuietly(fd);
        }
    }

    private static Map<String, String> env(Listener l) {
        return Map.of("NOTIFY_SOCKET", l.path.toString());
    }

    @Test
    void startForwardsReadyWithTheInitPidAndABarrier() throws Exception {
        Bundle b = bundle("echo \"[$NOTIFY_SOCKET]\"; sd-notify STATUS=warming; sleep 0.2; "
                + "sd-notify READY=1; exec sleep 300");
        String id = newId();
        try (Listener l = new Listener(tmp.resolve("host.sock"))) {
            Jrunc.Result c = jrunc.exec(env(l), null, Jrunc.TIMEOUT, "create", "--bundle", b.dir().toString(), id);
            assertEquals(0, c.exit(), c::toString);
            long pid = jrunc.state(id).get("pid").asLong();
            var got = l.collect(3, Duration.ofSeconds(20));
            Jrunc.Result s = jrunc.exec(env(l), null, Jrunc.TIMEOUT, "start", id);
            assertEquals(0, s.exit(), s::toString);
            List<Message> msgs = got.get(30, TimeUnit.SECONDS);
            List<Message> want = new ArrayList<>(List.of(new Message("READY=1\n", 0),
                    new Message("MAINPID=" + pid + "\n", 0)));
            // start returned only after the barrier (runc 1.2's sd_notify_barrier; 1.1 sends none)
            if (Jrunc.isJrunc()) want.add(new Message("BARRIER=1", 1));
            assertEquals(want, msgs);
            // the container inherited create's stdout
            assertEquals("[/run/notify/notify.sock]\n", c.stdoutNow());
        }
    }

    @Test
    void detachedRunReportsTheInitPid() throws Exception {
        Bundle b = bundle("sd-notify 'READY=1\nSTATUS=up'; exec sleep 300");
        String id = newId();
        try (Listener l = new Listener(tmp.resolve("host.sock"))) {
            var got = l.collect(3, Duration.ofSeconds(20));
            Jrunc.Result r = jrunc.exec(env(l), null, Jrunc.TIMEOUT, "run", "-d", "--bundle", b.dir().toString(), id);
            assertEquals(0, r.exit(), r::toString);
            long pid = jrunc.state(id).get("pid").asLong();
            List<Message> msgs = got.get(30, TimeUnit.SECONDS);
            assertEquals("READY=1\n", msgs.get(0).text());
            assertEquals("MAINPID=" + pid + "\n", msgs.get(1).text());
        }
    }

    @Test
    void foregroundRunReportsItsOwnPidAndExitStatus() throws Exception {
        Bundle b = bundle("sd-notify READY=1; exit 3");
        String id = newId();
        try (Listener l = new Listener(tmp.resolve("host.sock"))) {
            var got = l.collect(3, Duration.ofSeconds(20));
            ProcessBuilder pb = new ProcessBuilder(Jrunc.binary().toString(), "--root", jrunc.root().toString(),
                    "run", "--bundle", b.dir().toString(), id)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(tmp.resolve("run.out").toFile())
                    .redirectError(tmp.resolve("run.err").toFile());
            pb.environment().putAll(env(l));
            Process p = pb.start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "run did not finish");
            assertEquals(3, p.exitValue(), () -> Jrunc.read(tmp.resolve("run.err")));
            List<Message> msgs = got.get(30, TimeUnit.SECONDS);
            assertEquals("READY=1\n", msgs.get(0).text());
            // the launcher execs the JVM, so the process we started is the one that reports itself
            assertEquals("MAINPID=" + p.pid() + "\n", msgs.get(1).text());
        }
    }

    /**
     * A foreground run with a relayed terminal waits for READY while the process writes to its
     * pty: the relay must already be copying, or a process writing more than the pty buffer
     * (4 KB) before READY blocks and the run never ends.
     */
    @Test
    void foregroundRunWithATerminalRelaysOutputWrittenBeforeReady() throws Exception {
        Bundle b = bundle("head -c 65536 /dev/zero | tr '\\0' x; echo; sd-notify READY=1; echo after-ready; exit 4");
        b.edit(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("process")).put("terminal", true));
        String id = newId();
        try (Listener l = new Listener(tmp.resolve("host.sock"))) {
            var got = l.collect(3, Duration.ofSeconds(20)); // READY, MAINPID, and the barrier run waits for
            Jrunc.Result r = jrunc.exec(env(l), null, Jrunc.TIMEOUT, "run", "--bundle", b.dir().toString(), id);
            assertEquals(4, r.exit(), () -> r.err());
            assertEquals("x".repeat(65536) + "\r\nafter-ready\r\n", r.out());
            List<Message> msgs = got.get(30, TimeUnit.SECONDS);
            assertEquals("READY=1\n", msgs.get(0).text());
            assertFalse(Files.exists(jrunc.root().resolve(id)), "run removed the container");
        }
    }

    @Test
    void startReturnsWhenTheProcessExitsWithoutReady() throws Exception {
        Bundle b = bundle("sd-notify STATUS=never-ready; exit 0");
        String id = newId();
        try (Listener l = new Listener(tmp.resolve("host.sock"))) {
            assertEquals(0, jrunc.exec(env(l), null, Jrunc.TIMEOUT, "create", "--bundle", b.dir().toString(), id).exit());
            var got = l.collect(3, Duration.ofSeconds(2));
            Jrunc.Result s = jrunc.exec(env(l), null, Jrunc.TIMEOUT, "start", id);
            assertEquals(0, s.exit(), s::toString);
            assertEquals(List.of(), got.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void withoutNotifySocketNothingIsMounted() throws Exception {
        Bundle b = bundle("test -e /run/notify && echo mounted; echo \"[$NOTIFY_SOCKET]\"");
        String id = newId();
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("[]\n", r.out());
        assertFalse(Files.exists(jrunc.root().resolve(id)));
    }
}
