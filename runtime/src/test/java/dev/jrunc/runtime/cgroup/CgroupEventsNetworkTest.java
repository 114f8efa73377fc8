package dev.jrunc.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.linux.EventFds;
import dev.jrunc.spec.config.InterfacePriority;
import dev.jrunc.spec.config.Network;
import dev.jrunc.spec.config.Rdma;
import dev.jrunc.spec.config.Resources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** network/rdma limits and the events stream (OOM watches), against fake cgroupfs trees. */
class CgroupEventsNetworkTest {
    @TempDir
    Path root;

    private CgroupHost v1Host(boolean withNet) throws Exception {
        String r = root.toString();
        List<String> mounts = new java.util.ArrayList<>(List.of(
                "32 31 0:29 / " + r + "/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / " + r + "/memory rw,relatime - cgroup cgroup rw,memory",
                "39 31 0:36 / " + r + "/pids rw,relatime - cgroup cgroup rw,pids"));
        if (withNet) {
            mounts.add("42 31 0:39 / " + r + "/net_cls,net_prio rw,relatime - cgroup cgroup rw,net_cls,net_prio");
            mounts.add("43 31 0:40 / " + r + "/rdma rw,relatime - cgroup cgroup rw,rdma");
        }
        return CgroupHost.parse(root, mounts, List.of("0::/"));
    }

    private CgroupHost v2Host() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "memory pids rdma");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        return CgroupHost.parse(root, List.of("30 1 0:26 / " + root + " rw - cgroup2 cgroup2 rw"), List.of("0::/"));
    }

    private static void files(Path dir, String... names) throws Exception {
        Files.createDirectories(dir);
        for (String n : names) Files.writeString(dir.resolve(n), "");
    }

    private static Resources net(Network n, Map<String, Rdma> rdma) {
        return new Resources(null, null, null, null, null, null, n, rdma, null);
    }

    // ------------------------------------------------------------ network and rdma

    @Test
    void v1NetworkAndRdmaFiles() throws Exception {
        CgroupManager m = CgroupManager.of(v1Host(true), "/c", "c", false);
        Path net = root.resolve("net_cls,net_prio/c"), rdma = root.resolve("rdma/c");
        files(net, "net_cls.classid", "net_prio.ifpriomap");
        files(rdma, "rdma.max");
        Map<String, Rdma> devs = new LinkedHashMap<>();
        devs.put("mlx5_1", new Rdma(3L, 10000L));
        assertEquals(List.of(), m.apply(net(new Network(0x100001L,
                List.of(new InterfacePriority("lo", 2), new InterfacePriority("eth0", 5))), devs)));
        assertEquals("1048577", Files.readString(net.resolve("net_cls.classid")));
        // one write per interface; the plain file keeps the last
        assertEquals("eth0 5", Files.readString(net.resolve("net_prio.ifpriomap")));
        assertEquals("mlx5_1 hca_handle=3 hca_object=10000", Files.readString(rdma.resolve("rdma.max")));
        devs.put("mlx5_1", new Rdma(null, 7L));
        m.apply(net(null, devs));
        assertEquals("mlx5_1 hca_object=7", Files.readString(rdma.resolve("rdma.max")));
    }

    @Test
    void v1NetworkWithoutTheControllerFailsLikeRunc() throws Exception {
        CgroupManager m = CgroupManager.of(v1Host(false), "/c", "c", false);
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(net(new Network(7L, null), null)));
        assertEquals("/linux/resources/network/classID: the net_cls cgroup controller is not mounted", e.getMessage());
        e = assertThrows(CgroupException.class,
                () -> m.apply(net(new Network(null, List.of(new InterfacePriority("lo", 1))), null)));
        assertEquals("/linux/resources/network/priorities: the net_prio cgroup controller is not mounted",
                e.getMessage());
        e = assertThrows(CgroupException.class, () -> m.apply(net(null, Map.of("mlx4_0", new Rdma(1L, null)))));
        assertEquals("/linux/resources/rdma: the rdma cgroup controller is not mounted", e.getMessage());
        // nothing asked: nothing required
        assertEquals(List.of(), m.apply(net(new Network(null, List.of()), Map.of())));
    }

    @Test
    void badNetworkValuesNameTheField() throws Exception {
        CgroupManager m = CgroupManager.of(v1Host(true), "/c", "c", false);
        files(root.resolve("net_cls,net_prio/c"), "net_cls.classid", "net_prio.ifpriomap");
        files(root.resolve("rdma/c"), "rdma.max");
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(net(new Network(null, List.of(new InterfacePriority("a b", 1))), null)));
        assertTrue(e.getMessage().startsWith("/linux/resources/network/priorities/0/name: "), e.getMessage());
        e = assertThrows(CgroupException.class, () -> m.apply(net(new Network(1L << 32, null), null)));
        assertTrue(e.getMessage().startsWith("/linux/resources/network/classID: "), e.getMessage());
        e = assertThrows(CgroupException.class, () -> m.apply(net(null, Map.of("a/b", new Rdma(1L, null)))));
        assertTrue(e.getMessage().startsWith("/linux/resources/rdma/a~1b: "), e.getMessage());
        e = assertThrows(CgroupException.class, () -> m.apply(net(null, Map.of("d", new Rdma(-2L, null)))));
        assertTrue(e.getMessage().startsWith("/linux/resources/rdma/d/hcaHandles: "), e.getMessage());
    }

    @Test
    void v2RdmaWrittenNetworkWarned() throws Exception {
        CgroupManager m = CgroupManager.of(v2Host(), "/c", "c", false);
        Path d = root.resolve("c");
        files(d, "rdma.max");
        List<String> w = m.apply(net(new Network(7L, null), Map.of("mlx4_0", new Rdma(2L, 3L))));
        assertEquals(List.of("/linux/resources/network: net_cls and net_prio do not exist with cgroup v2, ignored"), w);
        assertEquals("mlx4_0 hca_handle=2 hca_object=3", Files.readString(d.resolve("rdma.max")));
        Files.delete(d.resolve("rdma.max"));
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(net(null, Map.of("x", new Rdma(1L, null)))));
        assertTrue(e.getMessage().startsWith("/linux/resources/rdma: "), e.getMessage());
    }

    @Test
    void updateDocumentCarriesNetworkAndRdma() throws Exception {
        Resources r = UpdateResources.parse(("{\"network\":{\"classID\":5,\"priorities\":[{\"name\":\"lo\",\"priority\":1}]},"
                + "\"rdma\":{\"mlx4_0\":{\"hcaHandles\":1}}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(5L, r.network().classID());
        assertEquals("lo", r.network().priorities().getFirst().name());
        assertEquals(1L, r.rdma().get("mlx4_0").hcaHandles());
    }

    // ------------------------------------------------------------ events

    private static String run(CgroupManager m, OomWatch w) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        // an hour's interval: no stats line, only what the watch brings before the end
        CgroupCommands.stream("c1", m, w, 3_600_000L, new PrintStream(b, true, StandardCharsets.UTF_8), null);
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void v2OomKillsThenEmptyCgroupEndTheStream() throws Exception {
        CgroupManager m = CgroupManager.of(v2Host(), "/c", "c", false);
        Path d = root.resolve("c");
        Files.createDirectories(d);
        Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        Files.writeString(d.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        try (OomWatch w = m.watchOom()) {
            assertFalse(w.gone());
            assertEquals(0, w.await(0), "the kill before the watch is not reported");
            Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 2\noom_kill 1\n");
            assertEquals(0, w.await(0), "an oom without a kill is not an oom event (runc reads oom_kill)");
            Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 3\noom_kill 2\n");
            assertEquals(1, w.await(0));
            Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 4\noom_kill 3\n");
            Files.writeString(d.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
            assertEquals("{\"type\":\"oom\",\"id\":\"c1\"}\n", run(m, w));
            assertTrue(w.gone());
        }
    }

    @Test
    void v2WatchOnAnEmptyCgroupEndsAtOnce() throws Exception {
        CgroupManager m = CgroupManager.of(v2Host(), "/c", "c", false);
        Path d = root.resolve("c");
        Files.createDirectories(d);
        Files.writeString(d.resolve("cgroup.events"), "populated 0\n");
        try (OomWatch w = m.watchOom()) {
            assertTrue(w.gone());
            assertEquals("", run(m, w));
        }
        Files.delete(d.resolve("cgroup.events"));
        CgroupException e = assertThrows(CgroupException.class, m::watchOom);
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
    }

    @Test
    void v1RegistersAnEventfdAndEndsWhenTheCgroupGoes() throws Exception {
        CgroupManager m = CgroupManager.of(v1Host(false), "/c", "c", false);
        Path mem = root.resolve("memory/c");
        files(mem, "memory.oom_control", "cgroup.event_control");
        try (OomWatch w = m.watchOom()) {
            String[] reg = Files.readString(mem.resolve("cgroup.event_control")).split(" ");
            assertEquals(2, reg.length, "\"EVENTFD OOM_CONTROL_FD\"");
            assertEquals(w.fd(), Integer.parseInt(reg[0]));
            assertTrue(Files.readSymbolicLink(Path.of("/proc/self/fd/" + reg[1])).endsWith("memory.oom_control"));
            assertEquals(0, w.await(0));
            EventFds.signal(w.fd(), 1); // what the kernel does on an OOM
            assertEquals(1, w.await(0));
            EventFds.signal(w.fd(), 1); // and on the cgroup's removal, when event_control is gone
            EventFds.signal(w.fd(), 1);
            assertEquals(1, w.await(0));
            Files.delete(mem.resolve("cgroup.event_control"));
            EventFds.signal(w.fd(), 1);
            assertEquals("", run(m, w));
            assertTrue(w.gone());
        }
    }

    @Test
    void v1WithoutMemoryControllerEndsWhenTheDirGoes() throws Exception {
        CgroupHost h = CgroupHost.parse(root, List.of("39 31 0:36 / " + root + "/pids rw - cgroup cgroup rw,pids"),
                List.of("0::/"));
        CgroupManager m = CgroupManager.of(h, "/c", "c", false);
        Files.createDirectories(root.resolve("pids/c"));
        try (OomWatch w = m.watchOom()) {
            assertEquals(-1, w.fd());
            assertFalse(w.gone());
            Files.delete(root.resolve("pids/c"));
            assertEquals("", run(m, w));
        }
    }

    @Test
    void statsLinesEveryIntervalUntilTheStateDirGoes() throws Exception {
        CgroupManager m = CgroupManager.of(v2Host(), "/c", "c", false);
        Path d = root.resolve("c");
        Files.createDirectories(d);
        Files.writeString(d.resolve("cgroup.events"), "populated 1\n");
        Path state = Files.createDirectories(root.resolve("state"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        // a stream whose 2nd line removes the state dir: the loop stops at the next check
        PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8) {
            int lines;

            @Override
            public void println(String s) {
                super.println(s);
                if (++lines == 2) {
                    try {
                        Files.delete(state);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };
        try (OomWatch w = m.watchOom()) {
            CgroupCommands.stream("c\"1", m, w, 1L, out, state);
        }
        String[] lines = b.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        for (String l : lines) assertTrue(l.startsWith("{\"type\":\"stats\",\"id\":\"c\\\"1\",\"data\":{\"cpu\":"), l);
    }
}
