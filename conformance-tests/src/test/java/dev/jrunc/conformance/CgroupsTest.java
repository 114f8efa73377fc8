package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cgroups on this host (v1 controllers, hybrid): limits seen from inside and from the
 * host, placement, pause/resume, update, and that delete and failed creates leave no
 * cgroup directory behind. Needs the memory, pids and freezer v1 hierarchies.
 */
class CgroupsTest {
    private static final Path CG = Path.of("/sys/fs/cgroup");

    @TempDir static Path work;
    static Jrunc jrunc;
    @TempDir Path tmp;
    private int bundles;

    @BeforeAll
    static void setUp() {
        jrunc = new Jrunc(work);
    }

    private Bundle bundle(Consumer<ObjectNode> resources, String... args) {
        Bundle b = Bundle.create(tmp.resolve("bundle-" + (++bundles)), "cg", args);
        return b.edit(c -> resources.accept(((ObjectNode) c.get("linux")).putObject("resources")));
    }

    private static void v1() {
        assumeTrue(Files.exists(CG.resolve("memory/memory.limit_in_bytes")), "needs cgroup v1 memory");
        assumeTrue(Files.exists(CG.resolve("pids")) && Files.exists(CG.resolve("freezer")), "needs v1 pids, freezer");
    }

    /** The process's cgroup directories on the host, from /proc/PID/cgroup (v1 hierarchies by their controller). */
    private static List<Path> cgroupDirs(long pid) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] p = l.split(":", 3);
            String h = p[1].isEmpty() ? "unified" : p[1].replace("name=", "");
            if (Files.isDirectory(CG.resolve(h))) out.add(Path.of(CG.resolve(h) + p[2]));
        }
        return out;
    }

    private static Path memoryDir(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] p = l.split(":", 3);
            if (p[1].equals("memory")) return Path.of(CG.resolve("memory") + p[2]);
        }
        throw new AssertionError("no memory cgroup for " + pid);
    }

    @Test
    void memoryLimitSeenInsideAndOnHostAndRemovedByDelete() throws Exception {
        v1();
        Bundle b = bundle(r -> r.putObject("memory").put("limit", 32L << 20),
                "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes");
        String id = Jrunc.uniqueId("cgmem");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r.toString());
        long pid = jrunc.state(id).get("pid").asLong();
        Path mem = memoryDir(pid);
        assertTrue(mem.endsWith(id), mem + " is named after the container");
        assertEquals(String.valueOf(32L << 20), Files.readString(mem.resolve("memory.limit_in_bytes")).strip());
        List<Path> dirs = cgroupDirs(pid);
        assertTrue(dirs.size() >= 3, dirs.toString());
        for (Path d : dirs) assertTrue(d.endsWith(id), d + " is the container's own");
        r = jrunc.exec("start", id);
        assertEquals(0, r.exit(), r.toString());
        jrunc.awaitStatus(id, "stopped", Duration.ofSeconds(10));
        r = jrunc.exec("delete", id);
        assertEquals(0, r.exit(), r.toString());
        for (Path d : dirs) assertFalse(Files.exists(d), d + " removed by delete");

        // inside: the container's own memory cgroup is what /sys/fs/cgroup/memory shows
        String id2 = Jrunc.uniqueId("cgmem");
        r = jrunc.exec("run", "--bundle", b.dir().toString(), id2);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(String.valueOf(32L << 20), r.out().strip());
    }

    @Test
    void pidsMaxOneRunsTrue() {
        v1();
        Bundle b = bundle(r -> r.putObject("pids").put("limit", 1), "true");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), Jrunc.uniqueId("cgpids"));
        assertEquals(0, r.exit(), r.toString());
        b.args("cat", "/sys/fs/cgroup/pids/pids.max");
        r = jrunc.exec("run", "--bundle", b.dir().toString(), Jrunc.uniqueId("cgpids"));
        assertEquals("1", r.out().strip(), r.toString());
        // and the limit holds: a second process cannot be forked
        b.args("sh", "-c", "/bin/true && echo forked");
        r = jrunc.exec("run", "--bundle", b.dir().toString(), Jrunc.uniqueId("cgpids"));
        assertFalse(r.out().contains("forked"), r.toString());
        assertTrue(r.err().contains("can't fork"), r.toString());
    }

    @Test
    void pauseFreezesAndResumeThaws() throws Exception {
        v1();
        Bundle b = bundle(r -> { }, "sleep", "100");
        String id = Jrunc.uniqueId("cgpause");
        try {
            assertEquals(0, jrunc.exec("run", "-d", "--bundle", b.dir().toString(), id).exit());
            long pid = jrunc.state(id).get("pid").asLong();
            Jrunc.Result r = jrunc.exec("pause", id);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("paused", jrunc.state(id).get("status").asText());
            assertTrue(Procs.statusField(pid, "State").startsWith("D"), Procs.statusField(pid, "State"));
            assertNotEquals(0, jrunc.exec("pause", id).exit(), "pausing a paused container");
            r = jrunc.exec("resume", id);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("running", jrunc.state(id).get("status").asText());
            assertTrue(Procs.statusField(pid, "State").startsWith("S"), Procs.statusField(pid, "State"));
            assertNotEquals(0, jrunc.exec("resume", id).exit(), "resuming a running container");
            // a paused container can be force-deleted, and leaves no cgroup
            List<Path> dirs = cgroupDirs(pid);
            assertEquals(0, jrunc.exec("pause", id).exit());
            r = jrunc.exec("delete", "-f", id);
            assertEquals(0, r.exit(), r.toString());
            for (Path d : dirs) assertFalse(Files.exists(d), d.toString());
        } finally {
            jrunc.forceDelete(id);
        }
    }

    @Test
    void updateChangesTheLimit() throws Exception {
        v1();
        Bundle b = bundle(r -> r.putObject("memory").put("limit", 32L << 20), "sleep", "100");
        String id = Jrunc.uniqueId("cgupd");
        try {
            assertEquals(0, jrunc.exec("run", "-d", "--bundle", b.dir().toString(), id).exit());
            Path mem = memoryDir(jrunc.state(id).get("pid").asLong());
            Jrunc.Result r = jrunc.exec("update", "--memory", "64M", "--pids-limit", "7", id);
            assertEquals(0, r.exit(), r.toString());
            assertEquals(String.valueOf(64L << 20), Files.readString(mem.resolve("memory.limit_in_bytes")).strip());
            Path resources = tmp.resolve("res.json");
            Files.writeString(resources, "{\"memory\":{\"limit\":50331648}}");
            r = jrunc.exec("update", "--resources", resources.toString(), id);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("50331648", Files.readString(mem.resolve("memory.limit_in_bytes")).strip());
            r = jrunc.exec("ps", "--format", "json", id);
            assertEquals("[" + jrunc.state(id).get("pid").asLong() + "]", r.out().strip());
            r = jrunc.exec("events", "--stats", id);
            assertEquals(0, r.exit(), r.toString());
            var ev = Jrunc.parseJson(r.out());
            assertEquals("stats", ev.get("type").asText());
            assertEquals(50331648L, ev.get("data").get("memory").get("usage").get("limit").asLong());
            assertEquals(7, ev.get("data").get("pids").get("limit").asInt());
        } finally {
            jrunc.forceDelete(id);
        }
    }

    @Test
    void refusedValueNamesThePointerAndLeavesNothing() throws Exception {
        v1();
        Bundle b = bundle(r -> r.putObject("cpu").put("cpus", "4095"), "true");
        String id = Jrunc.uniqueId("cgbad");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit());
        if (Jrunc.isJrunc()) {
            assertTrue(r.err().contains("/linux/resources/cpu/cpus: writing cpuset.cpus: "), r.err());
        } else {
            assertTrue(r.err().contains("cpuset.cpus"), r.err()); // runc: failed to write "4095": write …/cpuset.cpus
        }
        jrunc.forceDelete(id); // runc keeps the state of a failed create
        assertFalse(Files.exists(jrunc.root().resolve(id)));
        for (String h : List.of("cpuset", "pids", "freezer")) assertFalse(Files.exists(CG.resolve(h).resolve(id)), h);
    }

    @Test
    void failureAfterTheSyncPointLeavesNoCgroup() throws Exception {
        v1();
        assumeTrue(Jrunc.isJrunc(), "JRUNC_TEST_FAIL_STEP is jrunc's");
        Bundle b = bundle(r -> r.putObject("pids").put("limit", 10), "true");
        Path log = tmp.resolve("plan.log");
        String probe = Jrunc.uniqueId("cgplan");
        jrunc.exec("--debug", "--log", log.toString(), "create", "--bundle", b.dir().toString(), probe);
        jrunc.forceDelete(probe);
        Matcher m = Pattern.compile("\\s(\\d+) <sync ").matcher(Files.readString(log).replace("\\n", "\n"));
        assertTrue(m.find(), "the plan has a sync point");
        int failAt = Integer.parseInt(m.group(1)) + 2;
        String id = Jrunc.uniqueId("cgfail");
        Jrunc.Result r = jrunc.exec(Map.of("JRUNC_TEST_FAIL_STEP", Integer.toString(failAt)), null, Jrunc.TIMEOUT,
                "create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("(step " + failAt + ")"), r.err());
        for (String h : List.of("pids", "freezer", "cpuset", "unified")) {
            assertFalse(Files.exists(CG.resolve(h).resolve(id)), h + " cgroup left behind");
        }
        assertFalse(Files.exists(jrunc.root().resolve(id)));
    }

    @Test
    void oneMegabyteLimitRunsTrue() {
        v1();
        assumeTrue(Jrunc.isJrunc(), "runc's own init does not fit in 1 MB");
        Bundle b = bundle(r -> r.putObject("memory").put("limit", 1L << 20), "true");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), Jrunc.uniqueId("cg1m"));
        assertEquals(0, r.exit(), r.toString());
    }

    // ------------------------------------------------------------ events streaming

    /** {@code events ID ARGS} in the background, stdout to a file. */
    private Process events(Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Jrunc.binary().toString(), "--root", jrunc.root().toString(), "events"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(tmp.resolve("events-" + (++bundles) + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** The parsed JSON lines of {@code out} once {@code done} holds for them (at most {@code seconds}). */
    private static List<com.fasterxml.jackson.databind.JsonNode> awaitLines(Path out, int seconds,
            java.util.function.Predicate<List<com.fasterxml.jackson.databind.JsonNode>> done) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<com.fasterxml.jackson.databind.JsonNode> lines = new ArrayList<>();
        while (true) {
            lines.clear();
            String text = Files.readString(out);
            int end = text.lastIndexOf('\n');
            for (String l : text.substring(0, end + 1).split("\n")) if (!l.isBlank()) lines.add(Jrunc.parseJson(l));
            if (done.test(lines) || System.nanoTime() > deadline) return lines;
            Jrunc.sleep(100);
        }
    }

    private static long count(List<com.fasterxml.jackson.databind.JsonNode> lines, String type) {
        return lines.stream().filter(l -> l.get("type").asText().equals(type)).count();
    }

    @Test
    void eventsReportsAnOomKillAndEndsAtDelete() throws Exception {
        v1();
        // the shell keeps the command substitution's output: 64 MB of 'a' in a 16 MB cgroup without swap
        boolean memsw = Files.exists(CG.resolve("memory/memory.memsw.limit_in_bytes"));
        Bundle b = bundle(r -> {
                    ObjectNode m = r.putObject("memory").put("limit", 16L << 20);
                    if (memsw) m.put("swap", 16L << 20);
                },
                "sh", "-c", "x=$(head -c 64m /dev/zero | tr '\\0' a); echo survived; sleep 30");
        String id = Jrunc.uniqueId("cgoom");
        Path out = tmp.resolve("oom.jsonl");
        Process ev = null;
        try {
            Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
            assertEquals(0, r.exit(), r.toString());
            ev = events(out, "--interval", "1s", id);
            // a stats line means the OOM notification is registered (it is, before the first interval)
            List<com.fasterxml.jackson.databind.JsonNode> lines = awaitLines(out, 15, l -> count(l, "stats") >= 1);
            assertTrue(count(lines, "stats") >= 1, "no stats line: " + lines);
            assertEquals(0, jrunc.exec("start", id).exit());
            lines = awaitLines(out, 20, l -> count(l, "oom") >= 1);
            assertTrue(count(lines, "oom") >= 1, "no oom event: " + lines);
            for (var l : lines) {
                assertEquals(id, l.get("id").asText(), l.toString());
                if (l.get("type").asText().equals("oom")) assertEquals(2, l.size(), "oom has no data: " + l);
                else assertTrue(l.get("data").get("memory").has("usage"), l.toString());
            }
            assertTrue(ev.isAlive(), "events outlives the container's processes (v1: until the cgroup goes)");
            assertEquals(0, jrunc.exec("delete", "--force", id).exit());
            assertTrue(ev.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "events did not end at delete");
            assertEquals(0, ev.exitValue());
        } finally {
            if (ev != null) ev.destroyForcibly();
            jrunc.forceDelete(id);
        }
    }

    @Test
    void eventsStreamsStatsWithGrowingCpuUsage() throws Exception {
        v1();
        Bundle b = bundle(r -> r.putObject("pids").put("limit", 10), "sh", "-c", "while :; do :; done");
        String id = Jrunc.uniqueId("cgev");
        Path out = tmp.resolve("stats.jsonl");
        Process ev = null;
        try {
            Jrunc.Result r = jrunc.exec("run", "-d", "--bundle", b.dir().toString(), id);
            assertEquals(0, r.exit(), r.toString());
            ev = events(out, "--interval", "1s", id);
            List<com.fasterxml.jackson.databind.JsonNode> lines = awaitLines(out, 20, l -> l.size() >= 3);
            assertTrue(lines.size() >= 3, "fewer than 3 lines in 20 s: " + lines);
            long last = -1;
            for (var l : lines) {
                assertEquals("stats", l.get("type").asText(), l.toString());
                assertEquals(id, l.get("id").asText());
                assertEquals(10, l.get("data").get("pids").get("limit").asInt());
                long total = l.get("data").get("cpu").get("usage").get("total").asLong();
                assertTrue(total > last, "cpu usage does not grow: " + lines);
                last = total;
            }
            assertEquals(0, jrunc.exec("delete", "--force", id).exit());
            assertTrue(ev.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "events did not end at delete");
            assertEquals(0, ev.exitValue());
        } finally {
            if (ev != null) ev.destroyForcibly();
            jrunc.forceDelete(id);
        }
    }

    @Test
    void eventsRefusesMissingAndStoppedContainers() throws Exception {
        Jrunc.Result r = jrunc.exec("events", "--interval", "1s", "nosuch-events");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("does not exist"), r.toString());
        r = jrunc.exec("events", "--interval", "0", "nosuch-events");
        assertTrue(r.err().contains("does not exist"), "the container is looked up first, as runc: " + r);
        v1();
        Bundle b = bundle(r2 -> r2.putObject("pids").put("limit", 10), "true");
        String id = Jrunc.uniqueId("cgevs");
        try {
            assertEquals(0, jrunc.exec("run", "-d", "--bundle", b.dir().toString(), id).exit());
            jrunc.awaitStatus(id, "stopped", Duration.ofSeconds(10));
            r = jrunc.exec("events", id);
            assertNotEquals(0, r.exit());
            assertTrue(r.err().contains("container with id " + id + " is not running"), r.toString());
            r = jrunc.exec("events", "--interval", "0", id);
            assertTrue(r.err().contains("duration interval must be greater than 0"), r.toString());
        } finally {
            jrunc.forceDelete(id);
        }
    }

    @Test
    void networkClassIdWithoutNetClsFailsAndLeavesNothing() {
        v1();
        assumeTrue(!Files.exists(CG.resolve("net_cls")) && !Files.exists(CG.resolve("net_cls,net_prio")),
                "net_cls is mounted here");
        Bundle b = bundle(r -> r.putObject("network").put("classID", 1048577), "true");
        String id = Jrunc.uniqueId("cgnet");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), "runc 1.1 fails too: cannot set net_cls limit");
        if (Jrunc.isJrunc()) {
            assertTrue(r.err().contains("/linux/resources/network/classID: the net_cls cgroup controller is not mounted"),
                    r.err());
            assertFalse(Files.exists(jrunc.root().resolve(id)));
        }
        jrunc.forceDelete(id);
        for (String h : List.of("pids", "memory", "freezer", "unified")) {
            assertFalse(Files.exists(CG.resolve(h).resolve(id)), h + " cgroup left behind");
        }
    }
}
