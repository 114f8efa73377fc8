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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joining a namespace by path, and a user namespace with id mappings. */
class NamespacesTest {
    @TempDir static Path work;
    static Jrunc jrunc;
    @TempDir Path tmp;
    private String id;
    private String netns;

    @BeforeAll
    static void setUp() {
        jrunc = new Jrunc(work);
    }

    @AfterEach
    void cleanUp() {
        if (id != null) jrunc.forceDelete(id);
        if (netns != null) ip("netns", "del", netns);
    }

    private static Jrunc.Result ip(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            return Jrunc.execRaw(cmd, Map.of(), null, Duration.ofSeconds(10), Files.createTempDirectory("ip"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** create, check from outside, start, wait for exit; returns what the container printed. */
    private String createInspectStart(Bundle b, java.util.function.LongConsumer inspect) throws IOException {
        id = Jrunc.uniqueId("ns");
        Path pidFile = tmp.resolve(id + ".pid");
        Jrunc.Result c = jrunc.exec("create", "--bundle", b.dir().toString(), "--pid-file", pidFile.toString(), id);
        assertEquals(0, c.exit(), c::toString);
        long pid = Long.parseLong(Files.readString(pidFile));
        inspect.accept(pid);
        assertEquals(0, jrunc.exec("start", id).exit());
        jrunc.awaitStatus(id, "stopped", Duration.ofSeconds(10));
        return c.stdoutNow();
    }

    private static String nsLink(long pid, String ns) {
        try {
            return Procs.readLink("/proc/" + pid + "/ns/" + ns);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void joinsNetworkNamespaceByPath() throws IOException {
        netns = "jrunc-test-" + ProcessHandle.current().pid();
        Jrunc.Result add = ip("netns", "add", netns);
        assertEquals(0, add.exit(), add::toString);
        Path nsPath = Path.of("/var/run/netns", netns);
        long ino = ((Number) Files.getAttribute(nsPath, "unix:ino")).longValue();
        String want = "net:[" + ino + "]";

        Bundle b = Bundle.create(tmp.resolve("b"), "netns", "readlink", "/proc/self/ns/net");
        b.edit(c -> {
            for (var n : b.namespaces()) {
                if (n.path("type").asText().equals("network")) ((ObjectNode) n).put("path", nsPath.toString());
            }
        });
        String inside = createInspectStart(b, pid -> assertEquals(want, nsLink(pid, "net"),
                "the init is in the named netns (host view)"));
        assertEquals(want, inside.strip(), "the container sees the named netns");
        assertNotEquals(nsLink(ProcessHandle.current().pid(), "net"), want);
    }

    @Test
    void userNamespaceMapsRootToHostRange() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("b"), "userns", "sh", "-c", "id -u; id -g; cat /proc/self/uid_map");
        b.edit(c -> {
            ObjectNode linux = (ObjectNode) c.get("linux");
            ArrayNode ns = (ArrayNode) linux.get("namespaces");
            ns.addObject().put("type", "user");
            linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        });
        // the mapped root (host uid 100000) must be able to reach the rootfs: @TempDir is 0700
        for (Path d = b.dir(); d != null && d.startsWith(tmp); d = d.getParent()) {
            Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
        Jrunc.Result chown = Jrunc.execRaw(List.of("chown", "-R", "-h", "100000:100000", b.rootfs().toString()),
                Map.of(), null, Duration.ofSeconds(20), tmp);
        assertEquals(0, chown.exit(), chown::toString);

        String inside = createInspectStart(b, pid -> {
            try {
                List<String> map = Files.readAllLines(Path.of("/proc/" + pid + "/uid_map"));
                assertEquals(List.of("0 100000 65536"), map.stream().map(l -> l.strip().replaceAll("\\s+", " ")).toList());
                List<String> gmap = Files.readAllLines(Path.of("/proc/" + pid + "/gid_map"));
                assertEquals(List.of("0 100000 65536"), gmap.stream().map(l -> l.strip().replaceAll("\\s+", " ")).toList());
                assertEquals("100000", Procs.statusField(pid, "Uid").split("\\s+")[0], "host uid of the init");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<String> lines = inside.lines().map(l -> l.strip().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0", "0", "0 100000 65536"), lines);
    }

    @Test
    void timeNamespaceAppliesBoottimeOffset() throws IOException {
        Bundle b = Bundle.create(tmp.resolve("b"), "timens", "cut", "-d.", "-f1", "/proc/uptime");
        b.edit(c -> {
            ObjectNode linux = (ObjectNode) c.get("linux");
            ((ArrayNode) linux.get("namespaces")).addObject().put("type", "time");
            linux.putObject("timeOffsets").putObject("boottime").put("secs", 1_000_000).put("nanosecs", 0);
        });
        b.write();
        long hostUptime = (long) Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        String out = createInspectStart(b, pid -> { });
        long inside = Long.parseLong(out.strip());
        assertTrue(inside >= hostUptime + 1_000_000 && inside < hostUptime + 1_000_000 + 120,
                "uptime inside " + inside + ", host " + hostUptime);
    }

    @Test
    void namespacePathOfAnotherTypeIsRefused() {
        Bundle b = Bundle.create(tmp.resolve("b"), "nstype", "true");
        b.edit(c -> {
            for (var n : b.namespaces()) {
                if (n.path("type").asText().equals("ipc")) ((ObjectNode) n).put("path", "/proc/self/ns/net");
            }
        });
        id = Jrunc.uniqueId("nstype");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        if (Jrunc.isJrunc()) assertTrue(r.err().contains("/linux/namespaces/") && r.err().contains("ipc"), r::toString);
        assertTrue(!Files.exists(jrunc.root().resolve(id)), "no state dir for a refused config");
    }
}
