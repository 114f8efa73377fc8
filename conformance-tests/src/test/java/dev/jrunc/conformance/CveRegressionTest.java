package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known runtime escapes, each replayed as an attack that must fail: the host must be
 * untouched and unreachable from inside. Runs on runc too ({@code -Djrunc.binary}).
 */
class CveRegressionTest {
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
        id = Jrunc.uniqueId("cve");
        return jrunc.exec("run", "--bundle", b.dir().toString(), id);
    }

    private static String hostMounts() throws Exception {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    /** CVE-2021-30465 class: a mount destination that is a symlink out of the rootfs. */
    @Test
    void mountOnASymlinkOutOfTheRootfsStaysInside() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host-target"));
        Bundle b = Bundle.create(tmp.resolve("b"), "cve", "sh", "-c", "echo pwned > /mnt/escape/file; echo ok");
        Files.createDirectories(b.rootfs().resolve("mnt"));
        Files.createSymbolicLink(b.rootfs().resolve("mnt/escape"), host);
        b.edit(c -> ((ArrayNode) c.get("mounts")).addObject().put("destination", "/mnt/escape").put("type", "tmpfs")
                .put("source", "tmpfs"));
        Jrunc.Result r = run(b);
        // jrunc resolves the link inside the rootfs (rootfs/<host path>), which does not exist there,
        // and refuses ("opening mount target /mnt/escape: ENOENT"); runc creates it inside the rootfs.
        // Either way the mount and the write stay out of the host directory.
        if (r.exit() == 0) assertEquals(List.of("ok"), r.out().lines().toList(), r::toString);
        try (var files = Files.list(host)) {
            assertEquals(0, files.count(), "the host directory was written");
        }
        assertFalse(hostMounts().contains(host.toString()), "a mount landed on the host path");
    }

    /** CVE-2023-27561 class: /proc in the image is a symlink to a host path; proc is resolved in the root. */
    @Test
    void procSymlinkInTheImageIsResolvedInsideTheRootfs() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("hostdir"));
        Bundle b = Bundle.create(tmp.resolve("b"), "cve", "sh", "-c", "cat /proc/self/status | grep -c ^Pid:");
        Files.delete(b.rootfs().resolve("proc"));
        Files.createSymbolicLink(b.rootfs().resolve("proc"), host);
        Jrunc.Result r = run(b);
        assertFalse(hostMounts().contains(" " + host + " "), "proc was mounted on the host path");
        try (var files = Files.list(host)) {
            assertEquals(0, files.count(), "the host directory was touched");
        }
        if (r.exit() == 0) assertEquals(List.of("1"), r.out().lines().toList(), r::toString);
    }

    /** CVE-2025-31133 class: /dev/null swapped for a symlink to a /proc/sys file before masking. */
    @Test
    void swappedDevNullDoesNotExposeAHostSysctl() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("b"), "cve", "sh", "-c", "echo size=$(cat /proc/kcore | wc -c)");
        b.edit(c -> {
            // no tmpfs /dev: the image's own /dev/null is used for masking
            ArrayNode mounts = (ArrayNode) c.get("mounts");
            for (int i = mounts.size() - 1; i >= 0; i--) {
                String d = mounts.get(i).get("destination").asText();
                if (d.equals("/dev") || d.startsWith("/dev/")) mounts.remove(i);
            }
            ((ObjectNode) c.get("linux")).putArray("maskedPaths").add("/proc/kcore");
        });
        Files.createSymbolicLink(b.rootfs().resolve("dev/null"), Path.of("/proc/sys/kernel/core_pattern"));
        Jrunc.Result r = run(b);
        // refusing to start is fine; exposing core_pattern (host-wide) at /proc/kcore is not
        if (r.exit() == 0) assertEquals(List.of("size=0"), r.out().lines().toList(), r::toString);
        else assertTrue(r.err().contains("/dev/null") || r.err().contains("ELOOP"), r::toString);
    }

    /** A masked path that is a symlink in the image to a host-looking file: the host file stays as it is. */
    @Test
    void maskedPathSymlinkDoesNotReachTheHost() throws Exception {
        Path hostFile = Files.writeString(tmp.resolve("host-secret"), "host");
        Bundle b = Bundle.create(tmp.resolve("b"), "cve", "sh", "-c",
                "echo changed > /secret 2>/dev/null; echo write=$?; echo size=$(cat /secret 2>/dev/null | wc -c)");
        Files.createSymbolicLink(b.rootfs().resolve("secret"), hostFile);
        b.edit(c -> ((ObjectNode) c.get("linux")).putArray("maskedPaths").add("/secret"));
        Jrunc.Result r = run(b);
        assertEquals("host", Files.readString(hostFile), r::toString);
    }

    /** CVE-2024-21626: a cwd of /proc/self/fd/N must never be a host directory. */
    @Test
    void cwdThroughAnInheritedFdNeverReachesTheHost() throws Exception {
        Path marker = Files.writeString(work.resolve("host-marker-" + ProcessHandle.current().pid()), "x");
        for (int fd = 3; fd <= 12; fd++) {
            Bundle b = Bundle.create(tmp.resolve("b" + fd), "cve", "sh", "-c",
                    "ls -a . .. ../.. ../../.. 2>/dev/null; echo done");
            int n = fd;
            b.edit(c -> ((ObjectNode) c.get("process")).put("cwd", "/proc/self/fd/" + n));
            Jrunc.Result r = run(b);
            assertFalse(r.out().contains(marker.getFileName().toString()), "fd " + fd + " reached the host: " + r);
            if (r.exit() == 0) assertFalse(r.out().contains(".aot") || r.out().contains("conformance"), r::toString);
            jrunc.forceDelete(id);
        }
    }

    /** CVE-2019-5736: no /proc path in the container leads to a writable host runtime binary. */
    @Test
    void noProcPathLeadsToTheHostRuntime() {
        Bundle b = Bundle.create(tmp.resolve("b"), "cve", "sh", "-c",
                "for f in /proc/[0-9]*/exe /proc/self/exe /proc/[0-9]*/fd/*; do"
                        + " t=$(readlink $f 2>/dev/null); echo \"$f -> $t\"; done");
        Jrunc.Result r = run(b);
        assertEquals(0, r.exit(), r::toString);
        for (String line : r.out().lines().toList()) {
            assertFalse(line.contains("java") || line.contains("jrunc") || line.contains(".jar") || line.contains("/jvm/"),
                    "a host runtime file is visible: " + line);
        }
    }

    /** CVE-2019-5736, created state: the waiting init is not dumpable, so its exe and fds are closed to others. */
    @Test
    void waitingInitIsNotDumpable() throws Exception {
        Bundle b = Bundle.create(tmp.resolve("b"), "cve", "true");
        id = Jrunc.uniqueId("cve");
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        int pid = jrunc.state(id).get("pid").asInt();
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        if (Jrunc.isJrunc()) {
            // owner of /proc/PID/* is root:root for a non-dumpable task; the init's exe is not the JVM any more
            assertNotEquals(-1, pid);
            assertTrue(status.contains("Threads:\t1"), status);
        }
    }
}
