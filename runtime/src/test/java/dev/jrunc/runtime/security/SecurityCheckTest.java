package dev.jrunc.runtime.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrunc.runtime.launch.HostProbe;
import dev.jrunc.spec.ConfigLoader;
import dev.jrunc.spec.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityCheckTest {

    static final HostProbe NO_LSM = new HostProbe() {
        public boolean isDirectory(String p) { return true; }
        public boolean maskedPathIsDirectory(String r, String p) { return false; }
        public int capLastCap() { return 40; }
        public List<CgroupHierarchy> cgroupHierarchies() { return List.of(); }
    };

    static Config config(String process, String linux) throws Exception {
        String json = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\""
                + (process.isEmpty() ? "" : "," + process) + "},\"linux\":{\"namespaces\":[{\"type\":\"mount\"},{\"type\":\"ipc\"}]"
                + (linux.isEmpty() ? "" : "," + linux) + "}}";
        return ConfigLoader.parse(json.getBytes());
    }

    static String problem(String process, String linux) throws Exception {
        return SecurityCheck.problem(config(process, linux), NO_LSM);
    }

    @Test
    void validConfigPasses() throws Exception {
        assertNull(problem("\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":4},"
                + "\"scheduler\":{\"policy\":\"SCHED_BATCH\",\"nice\":5},\"execCPUAffinity\":{\"initial\":\"0\",\"final\":\"0-1\"}",
                "\"sysctl\":{\"kernel.shmmax\":\"1\",\"fs.mqueue.msg_max\":\"10\"},\"personality\":{\"domain\":\"LINUX32\"},"
                        + "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38,"
                        + "\"architectures\":[\"SCMP_ARCH_X86_64\"],\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"],"
                        + "\"syscalls\":[{\"names\":[\"read\",\"no_such_call\"],\"action\":\"SCMP_ACT_ALLOW\","
                        + "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}"));
    }

    @Test
    void lsmLabelsOnAHostWithoutThem() throws Exception {
        assertEquals("/process/apparmorProfile: AppArmor is not enabled on this host",
                problem("\"apparmorProfile\":\"docker-default\"", ""));
        assertEquals("/process/selinuxLabel: SELinux is not enabled on this host",
                problem("\"selinuxLabel\":\"system_u:system_r:container_t:s0\"", ""));
        assertEquals("/linux/mountLabel: SELinux is not enabled on this host",
                problem("", "\"mountLabel\":\"system_u:object_r:container_file_t:s0\""));
    }

    @Test
    void sysctlMustBeNamespaced() throws Exception {
        assertEquals("/linux/sysctl/net.ipv4.ip_forward: requires a network namespace",
                problem("", "\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}"));
        assertEquals("/linux/sysctl/kernel.hostname: requires a uts namespace",
                problem("", "\"sysctl\":{\"kernel.hostname\":\"x\"}"));
        assertEquals("/linux/sysctl/vm.swappiness: not a namespaced sysctl (it would change the host)",
                problem("", "\"sysctl\":{\"vm.swappiness\":\"1\"}"));
        assertEquals("/linux/sysctl/kernel..shmmax: not a sysctl name",
                problem("", "\"sysctl\":{\"kernel..shmmax\":\"1\"}"));
        assertEquals("/linux/sysctl/net/../../kernel/x: not a sysctl name",
                problem("", "\"sysctl\":{\"net/../../kernel/x\":\"1\"}"));
    }

    @Test
    void seccompErrorsNameThePointer() throws Exception {
        // unknown names of enumerated fields are refused by the parser already, with the pointer
        assertTrue(assertThrows(dev.jrunc.spec.ConfigException.class, () -> problem("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                        + "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\"},{\"names\":[\"write\"],\"action\":\"SCMP_ACT_BOGUS\"}]}"))
                .getMessage().startsWith("/linux/seccomp/syscalls/1/action: "));
        assertEquals("/linux/seccomp/architectures/0: unknown architecture \"SCMP_ARCH_M68K\"",
                problem("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_M68K\"]}"));
        assertEquals("/linux/seccomp/listenerPath: is required with SCMP_ACT_NOTIFY",
                problem("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],"
                        + "\"action\":\"SCMP_ACT_NOTIFY\"}]}"));
        assertEquals("/linux/seccomp/syscalls/0/errnoRet: only allowed with SCMP_ACT_ERRNO or SCMP_ACT_TRACE",
                problem("", "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],"
                        + "\"action\":\"SCMP_ACT_KILL\",\"errnoRet\":1}]}"));
    }

    @Test
    void processSettingsAreChecked() throws Exception {
        assertTrue(assertThrows(dev.jrunc.spec.ConfigException.class, () -> problem(
                "\"ioPriority\":{\"class\":\"IOPRIO_CLASS_X\",\"priority\":1}", ""))
                .getMessage().startsWith("/process/ioPriority/class: "));
        assertEquals("/process/ioPriority/priority: must be between 0 and 7",
                problem("\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":9}", ""));
        assertEquals("/process/scheduler/priority: must be between 1 and 99 for SCHED_FIFO",
                problem("\"scheduler\":{\"policy\":\"SCHED_FIFO\"}", ""));
        assertEquals("/process/scheduler/policy: unknown policy \"SCHED_ISO\"",
                problem("\"scheduler\":{\"policy\":\"SCHED_ISO\"}", ""));
        assertEquals("/process/execCPUAffinity/initial: invalid CPU list \"3-1\"",
                problem("\"execCPUAffinity\":{\"initial\":\"3-1\"}", ""));
    }

    @Test
    void cpuLists() {
        assertEquals("{0, 1, 2, 3, 7}", CpuList.parse("0-3,7").toString());
        assertArrayEquals(new byte[] {(byte) 0x8f, 0, 0, 0, 0, 0, 0, 0}, CpuList.mask(CpuList.parse("0-3,7")));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("a"));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("1,,2"));
    }
}
