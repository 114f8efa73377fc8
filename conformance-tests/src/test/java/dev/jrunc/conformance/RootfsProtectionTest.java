package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** root.readonly, maskedPaths and readonlyPaths, observed from inside. */
class RootfsProtectionTest {
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

    private List<String> run(Bundle b) {
        id = Jrunc.uniqueId("prot");
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        return r.out().lines().toList();
    }

    @Test
    void readonlyRootRefusesWrites() {
        Bundle b = Bundle.create(tmp.resolve("b"), "ro", "sh", "-c",
                "touch /x 2>/dev/null; echo touch=$?; touch /tmp/y 2>/dev/null; echo tmp=$?");
        b.edit(c -> ((ObjectNode) c.get("root")).put("readonly", true));
        List<String> out = run(b);
        assertTrue(out.contains("touch=1"), "touch / fails on a read-only root: " + out);
        assertTrue(out.contains("tmp=1"), out::toString);
    }

    @Test
    void writableRootAcceptsWrites() {
        Bundle b = Bundle.create(tmp.resolve("b"), "rw", "sh", "-c", "touch /x; echo touch=$?");
        b.edit(c -> ((ObjectNode) c.get("root")).put("readonly", false));
        List<String> out = run(b);
        assertEquals(List.of("touch=0"), out);
        assertTrue(b.rootfs().resolve("x").toFile().exists(), "the write reached the bundle's rootfs");
    }

    @Test
    void maskedPathHasNoContent() {
        Bundle b = Bundle.create(tmp.resolve("b"), "mask", "sh", "-c", "echo size=$(cat /proc/kcore | wc -c)");
        b.edit(c -> {
            var linux = (ObjectNode) c.get("linux");
            linux.putArray("maskedPaths").add("/proc/kcore");
        });
        assertEquals(List.of("size=0"), run(b));
    }

    @Test
    void readonlyPathRefusesWrites() {
        Bundle b = Bundle.create(tmp.resolve("b"), "ropath", "sh", "-c",
                "echo changed > /proc/sys/kernel/hostname 2>/dev/null; echo write=$?; hostname;"
                        + " grep ' /proc/sys ' /proc/self/mountinfo | cut -d' ' -f6 | cut -d, -f1");
        b.edit(c -> {
            var linux = (ObjectNode) c.get("linux");
            linux.putArray("readonlyPaths").add("/proc/sys");
        });
        List<String> out = run(b);
        assertEquals(List.of("write=1", "ropath", "ro"), out);
    }
}
