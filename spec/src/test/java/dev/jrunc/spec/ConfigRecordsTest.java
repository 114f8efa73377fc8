package dev.jrunc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.spec.config.Config;
import dev.jrunc.spec.config.Linux;
import dev.jrunc.spec.config.Mount;
import dev.jrunc.spec.config.Namespace;
import dev.jrunc.spec.config.Process;
import dev.jrunc.spec.config.Rlimit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRecordsTest {
    private static Config valid(String name) throws ConfigException {
        return ConfigLoader.parse(Corpus.bytes("valid", name + ".json"));
    }

    @Test
    void runcDefaultConfig() throws Exception {
        Config c = valid("runc-default");
        assertEquals("1.0.2-dev", c.ociVersion());
        assertEquals("runc", c.hostname());
        assertNull(c.domainname());
        assertEquals("rootfs", c.root().path());
        assertTrue(c.root().readonly());
        Process p = c.process();
        assertEquals(Boolean.TRUE, p.terminal());
        assertEquals(0L, p.user().uid());
        assertEquals(0L, p.user().gid());
        assertNull(p.user().umask());
        assertEquals(List.of("sh"), p.args());
        assertEquals(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"), p.env());
        assertEquals("/", p.cwd());
        List<String> caps = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        assertEquals(caps, p.capabilities().bounding());
        assertEquals(caps, p.capabilities().effective());
        assertEquals(List.of(), p.capabilities().inheritable());
        assertEquals(caps, p.capabilities().permitted());
        assertEquals(caps, p.capabilities().ambient());
        assertEquals(List.of(new Rlimit("RLIMIT_NOFILE", 1024, 1024)), p.rlimits());
        assertEquals(Boolean.TRUE, p.noNewPrivileges());
        assertNull(p.oomScoreAdj());
        assertNull(p.consoleSize());
        assertEquals(7, c.mounts().size());
        Mount pts = c.mounts().get(2);
        assertEquals(new Mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"), List.of(), List.of()), pts);
        assertEquals(List.of(), c.mounts().get(0).options());
        assertNull(c.hooks());
        assertEquals(Map.of(), c.annotations());
        Linux l = c.linux();
        assertEquals(List.of(new Namespace("pid", null), new Namespace("network", null), new Namespace("ipc", null),
                new Namespace("uts", null), new Namespace("mount", null)), l.namespaces());
        assertEquals(1, l.resources().devices().size());
        assertFalse(l.resources().devices().get(0).allow());
        assertEquals("rwm", l.resources().devices().get(0).access());
        assertNull(l.resources().devices().get(0).type());
        assertNull(l.resources().memory());
        assertEquals(10, l.maskedPaths().size());
        assertEquals("/proc/acpi", l.maskedPaths().get(0));
        assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"), l.readonlyPaths());
        assertNull(l.seccomp());
        assertNull(l.cgroupsPath());
        assertEquals(List.of(), l.uidMappings());
        assertEquals(Map.of(), l.sysctl());
        assertThrows(UnsupportedOperationException.class, () -> c.mounts().add(pts));
        assertThrows(UnsupportedOperationException.class, () -> p.args().add("x"));
    }

    @Test
    void rootlessConfig() throws Exception {
        Config c = valid("runc-rootless");
        assertEquals(1, c.linux().uidMappings().size());
        assertEquals(0, c.linux().uidMappings().get(0).containerID());
        assertEquals(1, c.linux().gidMappings().get(0).size());
        assertTrue(c.linux().namespaces().stream().anyMatch(n -> n.type().equals("user")));
    }

    @Test
    void unknownFieldsAreTolerated() throws Exception {
        Config plain = valid("runc-default");
        Config extra = valid("unknown-fields");
        assertEquals(plain, extra);
    }

    @Test
    void nullMembersCountAsAbsent() throws Exception {
        Config c = valid("null-members");
        assertNull(c.hostname());
        assertNull(c.hooks());
        assertNull(c.linux().seccomp());
        assertEquals(List.of(), c.process().capabilities().ambient());
        assertEquals(Map.of(), c.annotations());
    }

    @Test
    void unsigned64BitValues() throws Exception {
        Config c = valid("unsigned64");
        var mem = c.linux().resources().memory();
        assertEquals(-1L, mem.limit()); // 2^64-1 as unsigned bits
        assertEquals("18446744073709551615", Long.toUnsignedString(mem.limit()));
        assertEquals(-1L, mem.swap());
        assertEquals(Long.MAX_VALUE, mem.reservation());
        assertEquals("18446744073709551615", Long.toUnsignedString(mem.swappiness()));
        assertEquals(-1L, c.linux().resources().cpu().quota());
        assertEquals(Long.MIN_VALUE, c.linux().resources().cpu().realtimeRuntime());
        assertEquals(-1L, c.linux().resources().pids().limit());
        Rlimit core = c.process().rlimits().get(0);
        assertEquals("18446744073709551615", Long.toUnsignedString(core.hard()));
        var arg = c.linux().seccomp().syscalls().get(0).args().get(0);
        assertEquals(-1L, arg.value());
        assertEquals(-2L, arg.valueTwo());
        assertEquals(List.of(), SemanticValidator.check(c, NamespaceTypeProbe.NONE));
    }

    @Test
    void everythingInSpec13() throws Exception {
        Config c = valid("spec-1.3-everything");
        Process p = c.process();
        assertEquals(24, p.consoleSize().height());
        assertEquals("IOPRIO_CLASS_BE", p.ioPriority().ioClass());
        assertEquals(4, p.ioPriority().priority());
        assertEquals("SCHED_DEADLINE", p.scheduler().policy());
        assertEquals(300000L, p.scheduler().period());
        assertEquals("0-3", p.execCPUAffinity().finalCpus());
        assertEquals("example.org", c.domainname());
        Mount data = c.mounts().get(c.mounts().size() - 1);
        assertEquals(100000, data.uidMappings().get(0).hostID());
        Linux l = c.linux();
        assertEquals(-10, l.timeOffsets().get("boottime").secs());
        assertEquals(500, l.timeOffsets().get("boottime").nanosecs());
        assertEquals(438L, l.devices().get(0).fileMode());
        assertNull(l.devices().get(1).major());
        assertEquals("LINUX32", l.personality().domain());
        assertEquals("MPOL_INTERLEAVE", l.memoryPolicy().mode());
        assertEquals("net1", l.netDevices().get("eth1").name());
        assertNull(l.netDevices().get("ens4").name());
        assertEquals(Boolean.TRUE, l.intelRdt().enableMonitoring());
        assertEquals("slave", l.rootfsPropagation());
        var r = l.resources();
        assertEquals(500, r.blockIO().weightDevice().get(0).weight());
        assertEquals(200, r.blockIO().throttleWriteIOPSDevice().get(0).rate());
        assertEquals(1048577L, r.network().classID());
        assertEquals(10000L, r.rdma().get("mlx5_1").hcaObjects());
        assertEquals(-1L, r.memory().kernelTCP());
        assertEquals(Boolean.TRUE, r.memory().checkBeforeUpdate());
        assertEquals(1L, r.cpu().idle());
        assertEquals("/run/seccomp-agent.sock", l.seccomp().listenerPath());
        assertEquals(1L, l.seccomp().defaultErrnoRet());
    }

    @Test
    void realisticEngineConfigs() throws Exception {
        Config d = valid("docker");
        assertTrue(d.linux().cgroupsPath().startsWith("system.slice:docker:"));
        assertEquals(-1L, d.linux().resources().devices().get(4).minor());
        assertEquals("libnetwork-setkey", d.hooks().prestart().get(0).args().get(0));
        assertEquals(3, d.linux().seccomp().architectures().size());
        Config p = valid("podman-rootless");
        assertEquals("libpod", p.annotations().get("io.container.manager"));
        assertEquals(18L, p.process().user().umask());
        Config k = valid("containerd-cri");
        assertEquals("/proc/41237/ns/net", k.linux().namespaces().get(4).path());
        assertEquals(994, k.process().oomScoreAdj());
        assertEquals("0", k.linux().resources().unified().get("memory.swap.max"));
    }

    @Test
    void pointersAreEscapedAndRootIsShownAsSlash() throws Exception {
        Config c = valid("escaped-keys");
        assertEquals("empty key", c.annotations().get(""));
        assertEquals("/x~1y: bad", new Violation("/x~1y", "bad").toString());
        assertEquals("/: bad", new Violation("", "bad").toString());
    }

    @Test
    void integralFloatsAreNotIntegers() {
        String doc = "{\"ociVersion\":\"1.0.0\",\"process\":{\"cwd\":\"/\",\"user\":{\"uid\":1.0}}}";
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(doc.getBytes(StandardCharsets.UTF_8)));
        assertEquals("/process/user/uid", e.pointer());
    }

    @Test
    void trailingGarbageIsRejected() {
        String doc = "{\"ociVersion\":\"1.0.0\"} {}";
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(doc.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("/: invalid JSON"), e.getMessage());
    }
}
