package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exec}: a new process in a running container, seen from inside and from the host. */
class ExecTest {
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

    /** A running busybox {@code sleep} container with hostname {@code exec-host}. */
    private Bundle sleeper() {
        return Bundle.create(tmp.resolve("b"), "exec-host", "sleep", "300");
    }

    private long runDetached(Bundle b) {
        id = Jrunc.uniqueId("exec");
        Jrunc.Result r = jrunc.exec("run", "--detach", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        return jrunc.awaitStatus(id, "running", Duration.ofSeconds(10)).get("pid").asLong();
    }

    private Jrunc.Result exec(String... args) {
        List<String> all = new ArrayList<>(List.of("exec"));
        all.addAll(List.of(args));
        return jrunc.exec(all.toArray(String[]::new));
    }

    @Test
    void exitStatusIsPassedThrough() {
        runDetached(sleeper());
        Jrunc.Result r = exec(id, "sh", "-c", "echo out; exit 7");
        assertEquals(7, r.exit(), r::toString);
        assertEquals("out\n", r.out());
    }

    @Test
    void userEnvAndCwdFlags() {
        runDetached(sleeper());
        Jrunc.Result r = exec("--user", "1000:1000", "--env", "FOO=bar", "--cwd", "/tmp", id,
                "sh", "-c", "id -u; id -g; echo $FOO; pwd");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("1000", "1000", "bar", "/tmp"), r.out().lines().toList());
    }

    @Test
    void seesTheContainersHostnameAndPidNamespace() {
        long init = runDetached(sleeper());
        Jrunc.Result r = exec(id, "sh", "-c", "hostname; echo $$; tr '\\0' ' ' </proc/1/cmdline; echo");
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("exec-host", lines.get(0));
        long inner = Long.parseLong(lines.get(1));
        assertNotEquals(1, inner, "pid in the container's namespace, not its init");
        assertTrue(inner < init || inner < 1000, "a pid of the container's namespace: " + inner);
        assertEquals("sleep 300", lines.get(2).strip());
    }

    @Test
    void forwardsSigtermAndExitsWithItsStatus() throws Exception {
        runDetached(sleeper());
        List<String> cmd = List.of(Jrunc.binary().toString(), "--root", jrunc.root().toString(), "exec", id,
                "sleep", "30");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(tmp.resolve("sig.out").toFile()).redirectError(tmp.resolve("sig.err").toFile()).start();
        // wait until the sleep runs inside (two sleeps: the init's and ours)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Jrunc.Result ps = exec(id, "ps", "-o", "args");
            if (ps.out().lines().filter(l -> l.strip().equals("sleep 30")).count() == 1) break;
            Thread.sleep(50);
        }
        Runtime.getRuntime().exec(new String[] {"kill", "-TERM", Long.toString(p.pid())}).waitFor();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "jrunc exec did not exit after SIGTERM");
        assertEquals(143, p.exitValue(), () -> Jrunc.read(tmp.resolve("sig.err")));
        Jrunc.Result ps = exec(id, "ps", "-o", "args");
        assertTrue(ps.out().lines().noneMatch(l -> l.strip().equals("sleep 30")), ps::toString);
    }

    @Test
    void userNamespacedContainerShowsMappedRoot() throws Exception {
        Bundle b = sleeper();
        b.edit(c -> {
            ObjectNode linux = (ObjectNode) c.get("linux");
            ArrayNode ns = (ArrayNode) linux.get("namespaces");
            ns.addObject().put("type", "user");
            linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        });
        for (Path d = b.dir(); d != null && d.startsWith(tmp); d = d.getParent()) {
            Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
        Jrunc.Result chown = Jrunc.execRaw(List.of("chown", "-R", "-h", "100000:100000", b.rootfs().toString()),
                Map.of(), null, Duration.ofSeconds(20), tmp);
        assertEquals(0, chown.exit(), chown::toString);
        runDetached(b);
        Jrunc.Result r = exec(id, "sh", "-c", "id -u; cat /proc/self/uid_map");
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().map(l -> l.strip().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0", "0 100000 65536"), lines);
    }

    @Test
    void stoppedContainerIsRefused() {
        Bundle b = Bundle.create(tmp.resolve("b"), "exec-host", "true");
        id = Jrunc.uniqueId("exec");
        assertEquals(0, jrunc.exec("run", "--detach", "--bundle", b.dir().toString(), id).exit());
        jrunc.awaitStatus(id, "stopped", Duration.ofSeconds(10));
        Jrunc.Result r = exec(id, "true");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("cannot exec in a stopped container"), r::toString);
    }

    @Test
    void detachedWritesPidFileAndJoinsTheCgroup() throws IOException {
        long init = runDetached(sleeper());
        Path pidFile = tmp.resolve("exec.pid");
        Jrunc.Result r = exec("--detach", "--pid-file", pidFile.toString(), id, "sleep", "60");
        assertEquals(0, r.exit(), r::toString);
        String text = Files.readString(pidFile);
        assertTrue(text.matches("[0-9]+"), "no trailing newline: '" + text + "'");
        long pid = Long.parseLong(text);
        assertTrue(Procs.alive(pid));
        assertEquals(Files.readString(Path.of("/proc/" + init + "/cgroup")),
                Files.readString(Path.of("/proc/" + pid + "/cgroup")));
        assertEquals(Procs.readLink("/proc/" + init + "/ns/pid"), Procs.readLink("/proc/" + pid + "/ns/pid"));
        assertEquals(Procs.readLink("/proc/" + init + "/ns/mnt"), Procs.readLink("/proc/" + pid + "/ns/mnt"));
    }

    @Test
    void unknownExecutableFailsAndLeavesNothing() {
        runDetached(sleeper());
        Jrunc.Result before = exec(id, "ps", "-o", "pid");
        Jrunc.Result r = exec(id, "no-such-program");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("executable file not found in $PATH"), r::toString);
        Jrunc.Result after = exec(id, "ps", "-o", "pid");
        // the same processes but the ps itself: the failed exec left nothing inside
        assertEquals(before.out().lines().count(), after.out().lines().count(), after::toString);
    }

    @Test
    void execveFailureNamesTheStep() throws IOException {
        Bundle b = sleeper();
        Path secret = b.rootfs().resolve("bin/secret");
        Files.writeString(secret, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        runDetached(b);
        Jrunc.Result r = exec("--user", "1000", id, "/bin/secret");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("EACCES") || r.err().contains("permission denied"), r::toString);
    }
}
