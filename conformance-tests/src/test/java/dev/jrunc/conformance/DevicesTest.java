package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devices cgroup (linux.resources.devices plus runc's default rules) seen from inside a
 * container: with runc's default spec (deny all), a node the container may mknod cannot be
 * opened, the standard devices can; a rule opens a device up; bad rules are refused by
 * JSON pointer and leave nothing behind. Runs on runc too ({@code -Djrunc.binary=/usr/sbin/runc}).
 */
class DevicesTest {
    private static final Path CG = Path.of("/sys/fs/cgroup");
    private static final String EPERM = "Operation not permitted";

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

    private static void devicesCgroup() {
        assumeTrue(Files.exists(CG.resolve("devices/devices.list")) || Files.exists(CG.resolve("cgroup.controllers")),
                "needs the v1 devices controller or cgroup v2");
    }

    /** A bundle with CAP_MKNOD, a writable /tmp (devices allowed there) and runc's default spec's device rules. */
    private Bundle bundle(Consumer<ObjectNode> change, String script) {
        Bundle b = Bundle.create(tmp.resolve("bundle"), "dev", "sh", "-c", script);
        return b.edit(c -> {
            ObjectNode caps = (ObjectNode) c.get("process").get("capabilities");
            for (String set : new String[] {"bounding", "effective", "permitted"}) {
                ((ArrayNode) caps.get(set)).add("CAP_MKNOD");
            }
            ObjectNode tmpfs = ((ArrayNode) c.get("mounts")).addObject();
            tmpfs.put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs");
            tmpfs.putArray("options").add("nosuid").add("mode=1777");
            change.accept(c);
        });
    }

    /** Runs the script; its lines "name=what" as a map. */
    private Map<String, String> run(Bundle b) {
        id = Jrunc.uniqueId("dev");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        Map<String, String> out = new HashMap<>();
        for (String l : r.out().split("\n")) {
            int eq = l.indexOf('=');
            if (eq > 0) out.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return out;
    }

    /** Tries to open {@code path} for reading; prints "name=ok" or "name=ERROR". */
    private static String open(String name, String path) {
        return "if (exec 3<" + path + ") 2>/tmp/e; then echo " + name + "=ok; else echo " + name + "=$(cat /tmp/e); fi; ";
    }

    @Test
    void defaultSpecDeniesWhatItDoesNotList() {
        devicesCgroup();
        Bundle b = bundle(c -> { }, "mknod /tmp/m c 1 1 && echo mknod=ok; " + open("mem", "/tmp/m")
                + open("null", "/dev/null") + open("zero", "/dev/zero") + open("urandom", "/dev/urandom")
                + open("tty", "/dev/tty") + "head -c 4 /dev/urandom | wc -c | sed 's/^ */read=/'; "
                + "echo x > /dev/null && echo write=ok");
        String rules = b.config().get("linux").get("resources").get("devices").toString();
        assertEquals("[{\"allow\":false,\"access\":\"rwm\"}]", rules, "runc's default spec");
        Map<String, String> out = run(b);
        assertEquals("ok", out.get("mknod"), out::toString); // c *:* m is a default rule
        assertTrue(out.get("mem").contains(EPERM), out::toString);
        assertEquals("ok", out.get("null"), out::toString);
        assertEquals("ok", out.get("zero"), out::toString);
        assertEquals("ok", out.get("urandom"), out::toString);
        assertEquals("4", out.get("read"), out::toString);
        assertEquals("ok", out.get("write"), out::toString);
        // no controlling terminal: ENXIO, but the cgroup lets it through
        assertFalse(out.get("tty").contains(EPERM), out::toString);
    }

    @Test
    void anAllowRuleOpensADeviceUp() {
        devicesCgroup();
        assumeTrue(Files.exists(Path.of("/dev/loop-control")), "needs /dev/loop-control (c 10:237)");
        Bundle b = bundle(c -> {
            ArrayNode rules = (ArrayNode) c.get("linux").get("resources").get("devices");
            rules.addObject().put("allow", true).put("type", "c").put("major", 1).put("minor", 1).put("access", "rw");
            rules.addObject().put("allow", true).put("type", "c").put("major", 10).put("minor", 237).put("access", "r");
            ObjectNode dev = ((ObjectNode) c.get("linux")).putArray("devices").addObject();
            dev.put("path", "/dev/loop-control").put("type", "c").put("major", 10).put("minor", 237).put("fileMode", 0660);
        }, "mknod /tmp/m c 1 1 && echo mknod=ok; " + open("mem", "/tmp/m") + open("lc", "/dev/loop-control")
                + "if (echo x >/dev/loop-control) 2>/tmp/e; then echo lcw=ok; else echo lcw=$(cat /tmp/e); fi");
        Map<String, String> out = run(b);
        assertEquals("ok", out.get("mknod"), out::toString);
        // c 1:1 is /dev/mem: hosts without it say ENXIO, others need CAP_SYS_RAWIO; the cgroup no longer refuses
        String mem = out.get("mem");
        assertTrue(!mem.contains(EPERM) || Files.exists(Path.of("/dev/mem")), out::toString);
        assertEquals("ok", out.get("lc"), out::toString);
        assertTrue(out.get("lcw").contains(EPERM), "the rule allows reading only\n" + out);
    }

    @Test
    void badTypeIsRefusedAndLeavesNothing() throws IOException {
        refused(r -> r.put("allow", true).put("type", "x").put("major", 1).put("minor", 3).put("access", "rwm"),
                "/linux/resources/devices/1/type", true);
    }

    @Test
    void badAccessIsRefusedAndLeavesNothing() throws IOException {
        refused(r -> r.put("allow", true).put("type", "c").put("major", 1).put("minor", 3).put("access", "rwz"),
                "/linux/resources/devices/1/access", false);
    }

    /** {@code runcRefuses}: runc 1.1 drops unknown access letters silently ("rwz" is "rw"); jrunc refuses them. */
    private void refused(Consumer<ObjectNode> rule, String pointer, boolean runcRefuses) throws IOException {
        devicesCgroup();
        Bundle b = bundle(c -> rule.accept(((ArrayNode) c.get("linux").get("resources").get("devices")).addObject()),
                "true");
        id = Jrunc.uniqueId("baddev");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        if (!Jrunc.isJrunc() && !runcRefuses) {
            assertEquals(0, r.exit(), r::toString);
            return;
        }
        assertNotEquals(0, r.exit(), r::toString);
        if (Jrunc.isJrunc()) assertTrue(r.err().contains(pointer), "the error names " + pointer + "\n" + r);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "no state dir left\n" + r);
        assertEquals(1, jrunc.exec("state", id).exit());
        try (var hierarchies = Files.list(CG)) {
            for (Path h : hierarchies.toList()) {
                assertFalse(Files.exists(h.resolve(id)), "cgroup " + h.resolve(id) + " left behind");
            }
        }
    }
}
