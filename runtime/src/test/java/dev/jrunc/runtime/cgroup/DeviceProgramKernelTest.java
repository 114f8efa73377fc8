package dev.jrunc.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrunc.linux.Bpf;
import dev.jrunc.linux.Credentials;
import dev.jrunc.linux.Linux;
import dev.jrunc.runtime.cgroup.DeviceRules.Rule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated device program in the real kernel (root, a cgroup2 mount): a process moved
 * into a cgroup carrying it may open what the rules allow and gets EPERM for the rest. On a
 * hybrid host the cgroup2 mount is /sys/fs/cgroup/unified; the kernel runs the program of a
 * task's cgroup2 cgroup whatever the v1 devices controller says.
 */
class DeviceProgramKernelTest {
    static final Path UNIFIED = Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.procs"))
            ? Path.of("/sys/fs/cgroup/unified") : Path.of("/sys/fs/cgroup");

    @TempDir
    Path tmp;

    @Test
    void allowedDevicesOpenOthersGetEperm() throws Exception {
        assumeTrue(Credentials.getresuid()[1] == 0, "needs root");
        assumeTrue(Files.exists(UNIFIED.resolve("cgroup.procs")), "no cgroup2 mount");
        // deny all; /dev/null fully; /dev/zero read-only; mknod of char devices
        List<Rule> rules = List.of(new Rule('a', -1, -1, DeviceRules.RWM, false, "t"),
                new Rule('c', 1, 3, DeviceRules.RWM, true, "t"), new Rule('c', 1, 5, DeviceRules.READ, true, "t"),
                new Rule('c', -1, -1, DeviceRules.MKNOD, true, "t"));
        Path full = tmp.resolve("full"); // c 1:7, not allowed
        Linux.mknod(full.toString(), 0020000 | 0666, Linux.makedev(1, 7));
        Path cg = UNIFIED.resolve("jrunc-devtest-" + ProcessHandle.current().pid());
        Files.createDirectory(cg);
        try {
            DeviceProgramAttacher.BPF.attach(cg, DeviceFilter.program(rules), "test");
            int dirFd = Linux.open(cg.toString(), 0200000 | 02000000, 0);
            try {
                assertEquals(1, Bpf.progQuery(dirFd, Bpf.BPF_CGROUP_DEVICE).length);
            } finally {
                Linux.close(dirFd);
            }
            String script = "read go; exec 2>&1; "
                    + "cat /dev/null && echo null-ok; "
                    + "head -c1 /dev/zero >/dev/null && echo zero-read-ok; "
                    + "(echo x > /dev/zero) || echo zero-write-denied; "
                    + "head -c1 " + full + " >/dev/null || echo full-denied; "
                    + "mknod " + tmp.resolve("made") + " c 1 7 && echo mknod-ok; "
                    + "head -c1 " + tmp.resolve("made") + " >/dev/null || echo made-denied";
            Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
            Files.writeString(cg.resolve("cgroup.procs"), Long.toString(p.pid()));
            p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String want : List.of("null-ok", "zero-read-ok", "zero-write-denied", "full-denied", "mknod-ok",
                    "made-denied")) {
                assertTrue(out.contains(want), want + " in:\n" + out);
            }
            assertTrue(out.contains("Operation not permitted"), out);
            // outside the cgroup the same node opens
            Process q = new ProcessBuilder("/bin/sh", "-c", "cat " + full + " | head -c1 | wc -c").start();
            assertEquals("1", new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            q.waitFor();
        } finally {
            for (int i = 0; i < 100; i++) {
                try {
                    Files.deleteIfExists(cg);
                    break;
                } catch (java.io.IOException e) {
                    Thread.sleep(10); // the exited shell is still leaving
                }
            }
        }
    }
}
