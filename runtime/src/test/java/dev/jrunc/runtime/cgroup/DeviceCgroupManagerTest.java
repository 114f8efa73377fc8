package dev.jrunc.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.spec.config.DeviceRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device rules through the managers, on fake cgroupfs trees (plain files; the last write stays). */
class DeviceCgroupManagerTest {
    @TempDir
    Path root;

    private CgroupHost v1Host(boolean withDevices) throws Exception {
        String r = root.toString();
        List<String> mounts = new ArrayList<>(List.of(
                "35 31 0:32 / " + r + "/memory rw,relatime - cgroup cgroup rw,memory",
                "41 31 0:38 / " + r + "/unified rw,relatime - cgroup2 cgroup2 rw"));
        if (withDevices) mounts.add("36 31 0:33 / " + r + "/devices rw,relatime - cgroup cgroup rw,devices");
        return CgroupHost.parse(root, mounts, List.of("5:devices:/", "4:memory:/", "0::/"));
    }

    private static List<DeviceRules.Rule> runcDefaultSpec() throws CgroupException {
        return DeviceRules.resolve(List.of(new DeviceRule(false, null, null, null, "rwm"),
                new DeviceRule(true, "c", 1L, 1L, "rw")), null);
    }

    @Test
    void v1ResetsThenAllowsInOrder() throws Exception {
        CgroupManager m = CgroupManager.of(v1Host(true), "/c", "c", false);
        Path d = root.resolve("devices/c");
        Files.createDirectories(d);
        Files.writeString(d.resolve("devices.list"), "a *:* rwm\n"); // inherited from the root
        Files.writeString(d.resolve("devices.allow"), "");
        Files.writeString(d.resolve("devices.deny"), "");
        assertEquals(List.of(), m.applyDevices(runcDefaultSpec()));
        assertEquals("a", Files.readString(d.resolve("devices.deny"))); // the reset, written first
        assertEquals("c 136:* rwm", Files.readString(d.resolve("devices.allow"))); // the last exception
    }

    @Test
    void v1WithoutTheDevicesControllerWarns() throws Exception {
        CgroupManager m = CgroupManager.of(v1Host(false), "/c", "c", false);
        List<String> w = m.applyDevices(runcDefaultSpec());
        assertEquals(1, w.size());
        assertTrue(w.getFirst().startsWith("/linux/resources/devices: the devices cgroup controller is not mounted"), w.toString());
    }

    @Test
    void v1RefusalNamesTheRule() throws Exception {
        CgroupManager m = CgroupManager.of(v1Host(true), "/c", "c", false);
        Path d = root.resolve("devices/c");
        Files.createDirectories(d);
        Files.writeString(d.resolve("devices.list"), "a *:* rwm\n");
        Files.writeString(d.resolve("devices.deny"), "");
        Files.createDirectory(d.resolve("devices.allow")); // writing it fails (EISDIR)
        CgroupException e = assertThrows(CgroupException.class, () -> m.applyDevices(runcDefaultSpec()));
        assertEquals("default rule: writing \"b *:* m\" to devices.allow: EISDIR", e.getMessage());
    }

    @Test
    void v2AttachesTheProgramForTheRules() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "memory pids");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        CgroupHost h = CgroupHost.parse(root, List.of("30 1 0:26 / " + root + " rw - cgroup2 cgroup2 rw"),
                List.of("0::/"));
        CgroupV2Manager m = (CgroupV2Manager) CgroupManager.of(h, "/c", "c", false);
        List<Object[]> attached = new ArrayList<>();
        m.applyDevices(runcDefaultSpec(), (dir, program, what) -> attached.add(new Object[] {dir, program, what}));
        assertEquals(1, attached.size());
        assertEquals(root.resolve("c"), attached.getFirst()[0]);
        assertArrayEquals(DeviceFilter.program(runcDefaultSpec()), (byte[]) attached.getFirst()[1]);
        assertEquals("/linux/resources/devices", attached.getFirst()[2]);
        // a refused load or attach fails the create with the attacher's message
        CgroupException e = assertThrows(CgroupException.class, () -> m.applyDevices(runcDefaultSpec(),
                (dir, program, what) -> {
                    throw new CgroupException(what + ": device program for " + dir + ": bpf BPF_PROG_LOAD: EPERM");
                }));
        assertTrue(e.getMessage().startsWith("/linux/resources/devices: device program for "), e.getMessage());
    }
}
