package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
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
}
