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

    private String cgroupName;

    /** A sleeper in its own cgroup {@code /jrunc-exec-cg-…}; returns the v1 memory (or v2) directory of it. */
    private Path cgroupedSleeper() {
        Bundle b = sleeper();
        cgroupName = Jrunc.uniqueId("jrunc-exec-cg");
        b.edit(c -> ((ObjectNode) c.get("linux")).put("cgroupsPath", "/" + cgroupName));
        runDetached(b);
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        return Path.of(v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory").resolve(cgroupName);
    }

    /** mkdir SUB in the container's cgroup of every hierarchy (v2: the one). */
    private void makeSubCgroupEverywhere(String sub) throws IOException {
        Path v2 = Path.of("/sys/fs/cgroup").resolve(cgroupName);
        if (Files.isDirectory(v2)) {
            Files.createDirectory(v2.resolve(sub));
            return;
        }
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Path d = h.resolve(cgroupName);
                if (Files.isSymbolicLink(h) || !Files.isDirectory(d)) continue;
                Files.createDirectory(d.resolve(sub));
                for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
                    // a new v1 cpuset has none: nothing could join it
                    if (Files.exists(d.resolve(f))) Files.writeString(d.resolve(sub).resolve(f), Files.readString(d.resolve(f)));
                }
            }
        }
    }

    /** The line of /proc/PID/cgroup output for the memory hierarchy (v1) or the unified one (v2). */
    private static String memoryLine(String procCgroup) {
        return procCgroup.lines().filter(l -> l.contains(":memory:") || l.startsWith("0::"))
                .reduce((a, b) -> a.contains(":memory:") ? a : b).orElse("");
    }

    @Test
    void cgroupFlagPlacesTheProcessInAnExistingSubCgroup() throws IOException {
        Path base = cgroupedSleeper();
        makeSubCgroupEverywhere("sub");
        boolean v2 = base.startsWith("/sys/fs/cgroup") && !base.startsWith("/sys/fs/cgroup/memory");
        // the bare path, and (v1) the same for the memory controller only
        List<String> flags = v2 ? List.of("sub") : List.of("sub", "memory:sub");
        for (String flag : flags) {
            Jrunc.Result r = exec("--cgroup", flag, id, "cat", "/proc/self/cgroup");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(memoryLine(r.out()).endsWith("/sub"), flag + ": " + r.out());
        }
        // and a detached one is found there by the host
        Path pidFile = tmp.resolve("sub.pid");
        Jrunc.Result d = exec("--detach", "--pid-file", pidFile.toString(), "--cgroup", flags.getLast(), id,
                "sleep", "60");
        assertEquals(0, d.exit(), d::toString);
        String pid = Files.readString(pidFile).strip();
        assertTrue(Files.readString(base.resolve("sub/cgroup.procs")).lines().anyMatch(pid::equals),
                "not in sub/cgroup.procs");
    }

    @Test
    void cgroupFlagWithAMissingSubCgroupFailsAndStartsNothing() throws IOException {
        Path base = cgroupedSleeper();
        String before = Files.readString(base.resolve("cgroup.procs"));
        Jrunc.Result r = exec("--cgroup", "no-such-sub", id, "touch", "/tmp/ran");
        assertNotEquals(0, r.exit(), r::toString);
        if (Jrunc.isJrunc()) assertTrue(r.err().contains("no-such-sub"), r::toString);
        assertEquals(before, Files.readString(base.resolve("cgroup.procs")));
        assertNotEquals(0, exec(id, "test", "-e", "/tmp/ran").exit(), "the process ran");
    }

    @Test
    void malformedCgroupFlagsAreRefused() {
        runDetached(sleeper());
        List<List<String>> bads = new ArrayList<>(List.of(List.of("a:b:c"), List.of("a", "b")));
        if (Jrunc.isJrunc()) bads.add(List.of("memory:x", "memory:y")); // runc 1.1.5 lets the last one win
        for (List<String> bad : bads) {
            List<String> args = new ArrayList<>();
            for (String v : bad) {
                args.add("--cgroup");
                args.add(v);
            }
            args.add(id);
            args.add("true");
            Jrunc.Result r = exec(args.toArray(String[]::new));
            assertNotEquals(0, r.exit(), r::toString);
            assertTrue(r.err().contains("--cgroup argument"), r::toString);
        }
    }
}
