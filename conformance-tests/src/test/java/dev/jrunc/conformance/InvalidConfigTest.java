package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad bundles are refused at create and leave nothing behind. */
class InvalidConfigTest {
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

    @Test
    void argsNotAListIsRefusedByPointer() {
        Bundle b = Bundle.create(tmp.resolve("b"), "bad", "true");
        b.edit(c -> c.with("process").put("args", "notalist"));
        id = Jrunc.uniqueId("badargs");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        if (Jrunc.isJrunc()) {
            assertTrue(r.err().contains("/process/args"), "the error names the JSON pointer\n" + r);
        } else {
            assertTrue(r.err().contains("args"), r::toString);
        }
        assertFalse(Files.exists(jrunc.root().resolve(id)), "no state dir for a refused config");
    }

    @Test
    void missingExecutableIsReportedAtCreateAndLeavesNothing() throws IOException {
        Bundle b = Bundle.create(tmp.resolve("b"), "bad", "nosuchbinary");
        id = Jrunc.uniqueId("noexe");
        List<Long> before = Procs.childrenOf(ProcessHandle.current().pid());
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("executable file not found in $PATH"), r::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "no state dir left");
        Jrunc.Result s = jrunc.exec("state", id);
        assertEquals(1, s.exit(), s::toString);
        assertTrue(s.err().contains("does not exist"), s::toString);
        // no init left running from this bundle
        try (var procs = Files.list(Path.of("/proc"))) {
            String rootfs = b.rootfs().toString();
            List<String> left = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String r2 = Procs.readLink(p.resolve("root").toString());
                            return r2 != null && r2.startsWith(rootfs);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> p.getFileName().toString()).toList();
            assertTrue(left.isEmpty(), "processes left in the rootfs: " + left);
        }
        assertEquals(before, Procs.childrenOf(ProcessHandle.current().pid()));
    }

    @Test
    void notExecutableIsPermissionDenied() {
        // engines map "permission denied" to exit 126 and "no such file" to 127
        Bundle b = Bundle.create(tmp.resolve("b"), "noexec", "/etc/passwd");
        id = Jrunc.uniqueId("noexec");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("permission denied"), r::toString);
        assertFalse(Files.exists(jrunc.root().resolve(id)), "no state dir left");
    }
}
