package dev.jrunc.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.spec.ConfigLoader;
import dev.jrunc.spec.config.Config;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * linux.mountLabel on a (fake) SELinux host: {@code context="LABEL"} joins the data of the
 * mounts runc labels (tmpfs, devpts, shm, the tmpfs of masked directories) and of no other
 * (proc, sysfs, mqueue, cgroup, binds).
 */
class MountLabelPlanTest {
    static final String LABEL = "system_u:object_r:container_file_t:s0:c1,c2";

    static HostProbe probe(boolean selinux) {
        HostProbe p = LaunchPlannerTest.PROBE;
        return new HostProbe() {
            @Override public boolean isDirectory(String hostPath) { return p.isDirectory(hostPath); }
            @Override public boolean maskedPathIsDirectory(String r, String c) { return p.maskedPathIsDirectory(r, c); }
            @Override public int capLastCap() { return p.capLastCap(); }
            @Override public List<CgroupHierarchy> cgroupHierarchies() { return p.cgroupHierarchies(); }
            @Override public byte[] seccompProgram(dev.jrunc.spec.config.Seccomp s) { return p.seccompProgram(s); }
            @Override public boolean selinuxEnabled() { return selinux; }
        };
    }

    static Config labelled() throws Exception {
        String json;
        try (InputStream in = LaunchPlannerTest.class.getResourceAsStream("runc-default.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        json = json.replaceFirst("\"linux\": \\{", "\"linux\": {\"mountLabel\": \"" + LABEL + "\",");
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> plan(boolean selinux) throws Exception {
        LaunchContext ctx = new LaunchContext("/bundle/rootfs", "/bin/sh", 5, 6, 8, 7, 1023, Map.of(), false, 0,
                probe(selinux));
        return LaunchPlanner.plan(labelled(), ctx).render().lines().toList();
    }

    private static List<String> mounts(boolean selinux) throws Exception {
        return plan(selinux).stream().filter(l -> l.contains(" mount(")).toList();
    }

    @Test
    void mqueueGetsAFileLabelInstead() throws Exception {
        List<String> p = plan(true);
        String set = mountOf(p, "setxattr(");
        assertTrue(set.contains("\"/proc/self/fd/1023\", \"security.selinux\", \"" + LABEL + "\", " + LABEL.length()
                + ", 0)") && set.contains("labelling /dev/mqueue"), set);
        assertTrue(p.indexOf(set) > p.indexOf(mountOf(p, "# mounting mqueue on /dev/mqueue")));
        assertTrue(plan(false).stream().noneMatch(l -> l.contains("setxattr(")));
    }

    private static String mountOf(List<String> lines, String what) {
        return lines.stream().filter(l -> l.contains(what)).findFirst().orElseThrow(() -> new AssertionError(what));
    }

    @Test
    void theOptionIsFormattedAsRuncDoes() {
        assertEquals("context=\"a:b:c:s0:c1,c2\"", LaunchPlanner.mountData(null, "a:b:c:s0:c1,c2"));
        assertEquals("context=\"a:b:c:s0\"", LaunchPlanner.mountData("", "a:b:c:s0"));
        assertEquals("mode=755,size=65536k,context=\"a:b:c:s0\"", LaunchPlanner.mountData("mode=755,size=65536k", "a:b:c:s0"));
        assertEquals("mode=755", LaunchPlanner.mountData("mode=755", null));
        assertNull(LaunchPlanner.mountData(null, null));
    }

    @Test
    void labelledMountsOnAnSelinuxHost() throws Exception {
        List<String> m = mounts(true);
        String ctx = "context=\\\"" + LABEL + "\\\"";
        assertTrue(mountOf(m, "# mounting tmpfs on /dev").contains("\"mode=755,size=65536k," + ctx + "\""), mountOf(m, "on /dev"));
        assertTrue(mountOf(m, "# mounting devpts on /dev/pts").contains(ctx), mountOf(m, "on /dev/pts"));
        assertTrue(mountOf(m, "# mounting tmpfs on /dev/shm").contains(ctx), mountOf(m, "on /dev/shm"));
        assertTrue(mountOf(m, "# masking /proc/acpi").contains("\"" + ctx + "\""), mountOf(m, "masking /proc/acpi"));
        assertFalse(mountOf(m, "# mounting proc on /proc").contains("context="));
        assertFalse(mountOf(m, "# mounting sysfs on /sys").contains("context="));
        assertFalse(mountOf(m, "# mounting mqueue on /dev/mqueue").contains("context="));
    }

    @Test
    void noLabelWithoutSelinux() throws Exception {
        assertTrue(mounts(false).stream().noneMatch(l -> l.contains("context=")));
    }
}
