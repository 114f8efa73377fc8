package dev.jrunc.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.spec.config.BlockIO;
import dev.jrunc.spec.config.Cpu;
import dev.jrunc.spec.config.Memory;
import dev.jrunc.spec.config.Pids;
import dev.jrunc.spec.config.Resources;
import dev.jrunc.spec.config.ThrottleDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Managers against fake cgroupfs trees in a temp dir (control files are plain files there). */
class CgroupManagerTest {
    @TempDir
    Path root;

    private static final List<String> SELF_V1 = List.of("9:name=systemd:/", "8:pids:/", "6:freezer:/",
            "4:memory:/outer/me", "2:cpu,cpuacct:/", "3:cpuset:/", "7:blkio:/", "0::/");

    private List<String> v1Mounts(boolean hybrid) {
        String r = root.toString();
        List<String> l = new java.util.ArrayList<>(List.of(
                "31 23 0:28 / " + r + " rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / " + r + "/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "34 31 0:31 / " + r + "/cpuset rw,relatime - cgroup cgroup rw,cpuset",
                "35 31 0:32 / " + r + "/memory rw,relatime - cgroup cgroup rw,memory",
                "37 31 0:34 / " + r + "/freezer rw,relatime - cgroup cgroup rw,freezer",
                "38 31 0:35 / " + r + "/blkio rw,relatime - cgroup cgroup rw,blkio",
                "39 31 0:36 / " + r + "/pids rw,relatime - cgroup cgroup rw,pids",
                "40 31 0:37 / " + r + "/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
                "50 1 0:5 / /proc rw - proc proc rw"));
        if (hybrid) l.add("41 31 0:38 / " + r + "/unified rw,relatime - cgroup2 cgroup2 rw");
        return l;
    }

    private CgroupHost v2Host() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        return CgroupHost.parse(root, List.of("30 1 0:26 / " + root + " rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"),
                List.of("0::/user.slice"));
    }

    /** The container's dir made ahead with the given control files, so that writes land in them. */
    private static void files(Path dir, String... names) throws Exception {
        Files.createDirectories(dir);
        for (String n : names) Files.writeString(dir.resolve(n), "");
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p);
    }

    // ------------------------------------------------------------ detection and paths

    @Test
    void detectsHybridV1AndV2() throws Exception {
        CgroupHost hybrid = CgroupHost.parse(root, v1Mounts(true), SELF_V1);
        assertEquals(CgroupMode.HYBRID, hybrid.mode());
        assertEquals(8, hybrid.hierarchies().size());
        assertEquals("/outer/me", hybrid.v1("memory").ownPath());
        assertEquals(java.util.Set.of("cpu", "cpuacct"), hybrid.v1("cpuacct").controllers());
        assertEquals("systemd", hybrid.v1("name=systemd").name());
        assertEquals(CgroupMode.V1, CgroupHost.parse(root, v1Mounts(false), SELF_V1).mode());
        CgroupHost v2 = v2Host();
        assertEquals(CgroupMode.V2, v2.mode());
        assertEquals("/user.slice", v2.hierarchies().getFirst().ownPath());
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupHost.parse(root, List.of(), List.of()));
        assertTrue(e.getMessage().contains("no cgroup hierarchy"), e.getMessage());
    }

    @Test
    void pathsDefaultRelativeAbsolute() throws Exception {
        CgroupHost h = CgroupHost.parse(root, v1Mounts(true), SELF_V1);
        // absent: the id, under the runtime's own cgroup (runc)
        Map<String, Path> d = CgroupManager.of(h, null, "c1", false).dirs();
        assertEquals(root.resolve("memory/outer/me/c1"), d.get("memory"));
        assertEquals(root.resolve("pids/c1"), d.get("pids"));
        assertEquals(root.resolve("unified/c1"), d.get("unified"));
        assertEquals(root.resolve("cpu,cpuacct/c1"), d.get("cpu,cpuacct"));
        d = CgroupManager.of(h, "/a/../../b/c", "c1", false).dirs();
        assertEquals(root.resolve("memory/b/c"), d.get("memory"));
        d = CgroupManager.of(h, "x/y", "c1", false).dirs();
        assertEquals(root.resolve("memory/outer/me/x/y"), d.get("memory"));
        assertEquals(root.resolve("freezer/x/y"), d.get("freezer"));
        assertInstanceOf(CgroupV1Manager.class, CgroupManager.of(h, null, "c1", false));
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupManager.of(h, "system.slice:runc:c1", "c1", false));
        assertTrue(e.getMessage().startsWith("/linux/cgroupsPath: "), e.getMessage());
        e = assertThrows(CgroupException.class, () -> CgroupManager.of(h, null, "c1", true));
        assertTrue(e.getMessage().contains("systemd cgroup driver not supported yet"), e.getMessage());
        assertThrows(CgroupException.class, () -> CgroupManager.of(h, "/..", "c1", false));
        CgroupManager v2 = CgroupManager.of(v2Host(), null, "c1", false);
        assertInstanceOf(CgroupV2Manager.class, v2);
        assertEquals(Map.of("", root.resolve("user.slice/c1")), v2.dirs());
    }

    // ------------------------------------------------------------ v1

    @Test
    void v1WritesRuncFileNames() throws Exception {
        CgroupManager m = CgroupManager.of(CgroupHost.parse(root, v1Mounts(true), SELF_V1), "/c", "c", false);
        Path mem = root.resolve("memory/c"), cpu = root.resolve("cpu,cpuacct/c"), set = root.resolve("cpuset/c");
        files(mem, "memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.soft_limit_in_bytes",
                "memory.swappiness", "memory.oom_control");
        files(cpu, "cpu.cfs_period_us", "cpu.cfs_quota_us");
        Files.writeString(cpu.resolve("cpu.shares"), "1024");
        files(set, "cpuset.cpus", "cpuset.mems");
        files(root.resolve("pids/c"), "pids.max");
        files(root.resolve("blkio/c"), "blkio.weight", "blkio.throttle.read_bps_device");
        Resources r = new Resources(null,
                new Memory(33554432L, 16777216L, -1L, 1L, null, 10L, true, null, null),
                new Cpu(1024L, 50000L, null, 100000L, null, null, "0", "0", null),
                new Pids(1L),
                new BlockIO(500, null, null, List.of(new ThrottleDevice(8, 0, 1048576)), null, null, null),
                null, null, null, null);
        List<String> warnings = m.apply(r);
        assertEquals("33554432", read(mem.resolve("memory.limit_in_bytes")));
        assertEquals("-1", read(mem.resolve("memory.memsw.limit_in_bytes")));
        assertEquals("16777216", read(mem.resolve("memory.soft_limit_in_bytes")));
        assertEquals("10", read(mem.resolve("memory.swappiness")));
        assertEquals("1", read(mem.resolve("memory.oom_control")));
        assertEquals("100000", read(cpu.resolve("cpu.cfs_period_us")));
        assertEquals("50000", read(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals("0", read(set.resolve("cpuset.cpus")));
        assertEquals("1", read(root.resolve("pids/c/pids.max")));
        assertEquals("500", read(root.resolve("blkio/c/blkio.weight")));
        assertEquals("8:0 1048576", read(root.resolve("blkio/c/blkio.throttle.read_bps_device")));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().startsWith("/linux/resources/memory/kernel: "), warnings.toString());
    }

    @Test
    void v1ErrorsNameThePointer() throws Exception {
        CgroupManager m = CgroupManager.of(CgroupHost.parse(root, v1Mounts(false), SELF_V1), "/c", "c", false);
        files(root.resolve("memory/c"), "memory.limit_in_bytes");
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(new Resources(null,
                new Memory(1L << 20, null, 2L << 20, null, null, null, null, null, null), null, null, null, null, null,
                null, null)));
        assertEquals("/linux/resources/memory/swap: writing memory.memsw.limit_in_bytes: ENOENT", e.getMessage());
        e = assertThrows(CgroupException.class, () -> m.apply(new Resources(null,
                new Memory(null, null, null, null, null, 101L, null, null, null), null, null, null, null, null, null, null)));
        assertTrue(e.getMessage().startsWith("/linux/resources/memory/swappiness: "), e.getMessage());
        e = assertThrows(CgroupException.class, () -> m.apply(new Resources(null, null, null, null, null, null, null,
                null, Map.of("memory.max", "1"))));
        assertTrue(e.getMessage().startsWith("/linux/resources/unified: "), e.getMessage());
    }

    @Test
    void createMakesAndDestroyRemovesOnlyItsOwnDirs() throws Exception {
        CgroupHost h = CgroupHost.parse(root, v1Mounts(true), SELF_V1);
        for (CgroupHost.Hierarchy x : h.hierarchies()) Files.createDirectories(x.mount(root));
        Files.createDirectories(root.resolve("memory/outer/me"));
        Files.createDirectories(root.resolve("pids/shared")); // exists before: not ours
        CgroupManager m = CgroupManager.of(h, "shared/c1", "c1", false);
        m.create();
        for (Path d : m.dirs().values()) assertTrue(Files.isDirectory(d), d.toString());
        Path state = Files.createDirectory(root.resolve("state"));
        m.save(state);
        CgroupManager loaded = CgroupManager.load(state);
        assertEquals(m.dirs(), loaded.dirs());
        assertEquals(CgroupMode.HYBRID, loaded.mode());
        Files.createDirectory(root.resolve("pids/shared/c1/nested")); // made by the container
        loaded.destroy();
        for (Path d : m.dirs().values()) assertFalse(Files.exists(d), d.toString());
        assertTrue(Files.isDirectory(root.resolve("pids/shared")));
        assertFalse(Files.exists(root.resolve("freezer/shared")), "made by create: removed");
        assertTrue(Files.isDirectory(root.resolve("memory/outer/me")));
    }

    @Test
    void cpusetChildGetsItsParentsCpusAndMems() throws Exception {
        CgroupHost h = CgroupHost.parse(root, v1Mounts(false), SELF_V1);
        Path cs = root.resolve("cpuset");
        files(cs, "cpuset.cpus", "cpuset.mems");
        Files.writeString(cs.resolve("cpuset.cpus"), "0-3\n");
        Files.writeString(cs.resolve("cpuset.mems"), "0\n");
        // a fake cgroupfs gives new dirs no files: make the leaf's ahead, empty as the kernel makes them
        Files.createDirectories(cs.resolve("a"));
        files(cs.resolve("a"), "cpuset.cpus", "cpuset.mems");
        CgroupManager m = CgroupManager.of(h, "/a/b", "b", false);
        m.create(); // "a" exists (not ours, not touched), "a/b" is new
        assertEquals("", read(cs.resolve("a/cpuset.cpus")));
    }

    // ------------------------------------------------------------ v2

    @Test
    void v2ConversionsAndFiles() throws Exception {
        assertEquals(1, CgroupV2Manager.sharesToWeight(2));
        assertEquals(39, CgroupV2Manager.sharesToWeight(1024));
        assertEquals(10000, CgroupV2Manager.sharesToWeight(262144));
        assertEquals(1, CgroupV2Manager.blkioToIoWeight(10));
        assertEquals(5000, CgroupV2Manager.blkioToIoWeight(505));
        assertEquals(10000, CgroupV2Manager.blkioToIoWeight(1000));
        assertEquals(-1, CgroupV2Manager.swapToV2(0, -1, "p"));
        assertEquals(-1, CgroupV2Manager.swapToV2(-1, 100, "p"));
        assertEquals(50, CgroupV2Manager.swapToV2(150, 100, "p"));
        assertThrows(CgroupException.class, () -> CgroupV2Manager.swapToV2(50, 100, "p"));
        assertThrows(CgroupException.class, () -> CgroupV2Manager.swapToV2(50, 0, "p"));

        CgroupHost h = v2Host();
        CgroupManager m = CgroupManager.of(h, "/pod/c", "c", false);
        m.create();
        assertEquals("+pids", read(root.resolve("cgroup.subtree_control")), "each controller enabled at the root");
        Path d = root.resolve("pod/c");
        files(d, "memory.max", "memory.swap.max", "memory.low", "cpu.weight", "cpu.max", "pids.max", "io.weight",
                "io.max", "cpuset.cpus", "memory.high");
        List<String> w = m.apply(new Resources(null,
                new Memory(100L << 20, 50L << 20, 150L << 20, null, null, 60L, null, null, null),
                new Cpu(1024L, -1L, null, 100000L, null, null, "0-1", null, null),
                new Pids(-1L),
                new BlockIO(500, null, null, null, List.of(new ThrottleDevice(8, 0, 4096)), null, null),
                null, null, null, Map.of("memory.high", "max")));
        assertEquals(String.valueOf(100L << 20), read(d.resolve("memory.max")));
        assertEquals(String.valueOf(50L << 20), read(d.resolve("memory.swap.max")));
        assertEquals(String.valueOf(50L << 20), read(d.resolve("memory.low")));
        assertEquals("39", read(d.resolve("cpu.weight")));
        assertEquals("max 100000", read(d.resolve("cpu.max")));
        assertEquals("max", read(d.resolve("pids.max")));
        assertEquals("4950", read(d.resolve("io.weight")));
        assertEquals("8:0 wbps=4096", read(d.resolve("io.max")));
        assertEquals("0-1", read(d.resolve("cpuset.cpus")));
        assertEquals("max", read(d.resolve("memory.high")));
        assertEquals(List.of("/linux/resources/memory/swappiness: not supported with cgroup v2, ignored"), w);

        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(new Resources(null, null,
                new Cpu(null, null, null, null, 1000L, null, null, null, null), null, null, null, null, null, null)));
        assertTrue(e.getMessage().startsWith("/linux/resources/cpu/realtimeRuntime: "), e.getMessage());
        e = assertThrows(CgroupException.class, () -> m.apply(new Resources(null, null, null, null, null, null, null,
                null, Map.of("../x.max", "1"))));
        assertTrue(e.getMessage().startsWith("/linux/resources/unified/..~1x.max: "), e.getMessage());
        e = assertThrows(CgroupException.class, () -> m.apply(new Resources(null, null, null, null, null, null, null,
                null, Map.of("nosuch.file", "1"))));
        assertEquals("/linux/resources/unified/nosuch.file: writing nosuch.file: ENOENT", e.getMessage());
        try (var s = Files.list(d)) {
            for (Path f : s.toList()) Files.delete(f); // control files cannot be unlinked on a real cgroupfs
        }
        m.destroy();
        assertFalse(Files.exists(root.resolve("pod")));
    }

    @Test
    void updateFlagsAndDocument() throws Exception {
        Resources r = UpdateResources.fromFlags(Map.of("memory", "64M", "memory-swap", "-1", "cpu-share", "512",
                "pids-limit", "10", "cpuset-cpus", "0"));
        assertEquals(64L << 20, r.memory().limit());
        assertEquals(-1L, r.memory().swap());
        assertEquals(512L, r.cpu().shares());
        assertEquals(10L, r.pids().limit());
        assertEquals("0", r.cpu().cpus());
        assertEquals(1536L << 20, UpdateResources.bytes(Map.of("m", "1.5GiB"), "m"));
        assertThrows(CgroupException.class, () -> UpdateResources.fromFlags(Map.of("memory", "12x")));
        Resources doc = UpdateResources.parse("{\"memory\":{\"limit\":1048576},\"pids\":{\"limit\":3}}".getBytes());
        assertEquals(1048576L, doc.memory().limit());
        assertEquals(3L, doc.pids().limit());
        assertThrows(CgroupException.class, () -> UpdateResources.parse("{\"memory\":{\"limit\":\"x\"}}".getBytes()));
    }
}
