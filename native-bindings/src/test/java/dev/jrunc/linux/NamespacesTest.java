package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class NamespacesTest {
    @Test
    void nsTypeOfEachProcSelfNs() {
        Map<String, String> expected = Map.of("mnt", "mnt", "pid", "pid", "net", "net", "ipc", "ipc", "uts", "uts",
                "user", "user", "cgroup", "cgroup", "pid_for_children", "pid");
        expected.forEach((file, type) -> assertEquals(type, Namespaces.nsType("/proc/self/ns/" + file), file));
        if (new java.io.File("/proc/self/ns/time").exists()) {
            assertEquals("time", Namespaces.nsType("/proc/self/ns/time"));
        }
        assertNull(Namespaces.nsType("/proc/self/status"));
        assertThrows(LinuxException.class, () -> Namespaces.nsType("/proc/self/ns/nope"));
        assertEquals(Namespaces.CLONE_NEWNS, Namespaces.cloneFlag("mount"));
        assertEquals(Namespaces.CLONE_NEWNET, Namespaces.cloneFlag("network"));
    }

    @Test
    void setnsIntoOwnNamespaceOnFreshThread() throws Exception {
        String ok = ThreadRunner.onFreshThread(() -> {
            Namespaces.setns("/proc/self/ns/uts", Namespaces.CLONE_NEWUTS);
            try (Fd fd = Fd.of(Linux.open("/proc/self/ns/net", 02000000, 0))) {
                assertEquals(Namespaces.CLONE_NEWNET, Namespaces.nsTypeFlag(fd.fd()));
                LinuxException e = assertThrows(LinuxException.class, () -> Namespaces.setns(fd.fd(), Namespaces.CLONE_NEWUTS));
                assertEquals(Errno.EINVAL, e.errno());
            }
            return "ok";
        });
        assertEquals("ok", ok);
    }
}
