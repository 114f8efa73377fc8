package dev.jrunc.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.spec.config.Seccomp;
import dev.jrunc.spec.config.Syscall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SCMP_ACT_NOTIFY: validation, filter flags and the ContainerProcessState sent to the agent. */
class SeccompNotifyTest {

    static Seccomp profile(String defaultAction, List<String> flags, String listenerPath, String... notified) {
        return new Seccomp(defaultAction, null, List.of("SCMP_ARCH_X86_64"), flags, listenerPath, "meta",
                List.of(new Syscall(List.of(notified), "SCMP_ACT_NOTIFY", null, List.of()),
                        new Syscall(List.of("getpid"), "SCMP_ACT_ALLOW", null, List.of())));
    }

    @Test
    void notifyIsValidWithAListenerPath() {
        assertNull(SeccompProfile.problem(profile("SCMP_ACT_ALLOW", List.of(), "/run/agent.sock", "mkdir")));
        assertTrue(SeccompProfile.notifies(profile("SCMP_ACT_ALLOW", List.of(), "/run/a", "mkdir")));
        assertFalse(SeccompProfile.notifies(SeccompCompilerTest.profile("SCMP_ACT_ERRNO")));
    }

    @Test
    void notifyRulesThatCannotWorkAreRefusedWithThePointer() {
        assertEquals("/linux/seccomp/listenerPath: is required with SCMP_ACT_NOTIFY",
                SeccompProfile.problem(profile("SCMP_ACT_ALLOW", List.of(), null, "mkdir")));
        assertEquals("/linux/seccomp/listenerPath: is required with SCMP_ACT_NOTIFY",
                SeccompProfile.problem(profile("SCMP_ACT_ALLOW", List.of(), "", "mkdir")));
        assertEquals("/linux/seccomp/listenerPath: must be shorter than 108 bytes",
                SeccompProfile.problem(profile("SCMP_ACT_ALLOW", List.of(), "/" + "x".repeat(107), "mkdir")));
        assertEquals("/linux/seccomp/syscalls/0/names: SCMP_ACT_NOTIFY on write would deadlock the init",
                SeccompProfile.problem(profile("SCMP_ACT_ALLOW", List.of(), "/run/a", "mkdir", "write")));
        assertEquals("/linux/seccomp/defaultAction: SCMP_ACT_NOTIFY cannot be the default action",
                SeccompProfile.problem(profile("SCMP_ACT_NOTIFY", List.of(), "/run/a", "mkdir")));
    }

    @Test
    void aListenerGetsNewListenerAndLosesTsync() {
        Seccomp s = profile("SCMP_ACT_ALLOW", List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), "/run/a", "mkdir");
        long f = SeccompProfile.filterFlags(s);
        assertEquals(2 | 8 | 32, f);
        assertEquals("SECCOMP_FILTER_FLAG_LOG|SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV|SECCOMP_FILTER_FLAG_NEW_LISTENER",
                SeccompProfile.filterFlagNames(f));
    }

    @Test
    void withoutAListenerWaitKillableIsLeftOut() {
        Seccomp s = new Seccomp("SCMP_ACT_ALLOW", null, List.of(), List.of("SECCOMP_FILTER_FLAG_TSYNC",
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), null, null, List.of());
        assertEquals(1, SeccompProfile.filterFlags(s));
        assertEquals("0", SeccompProfile.filterFlagNames(0));
    }

    @Test
    void processStateIsTheSpecsShape() throws Exception {
        String state = "{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"pid\":42,\"status\":\"creating\",\"bundle\":\"/b\"}";
        JsonNode n = new ObjectMapper().readTree(SeccompListener.processState(42, "a \"quoted\"\n<meta>", state));
        assertEquals("1.2.0", n.get("ociVersion").asText());
        assertEquals("[\"seccompFd\"]", n.get("fds").toString());
        assertEquals(42, n.get("pid").asInt());
        assertEquals("a \"quoted\"\n<meta>", n.get("metadata").asText());
        assertEquals("creating", n.get("state").get("status").asText());
        assertEquals("c1", n.get("state").get("id").asText());
        assertFalse(new ObjectMapper().readTree(SeccompListener.processState(1, null, state)).has("metadata"));
    }

    @Test
    void notifyCompilesToUserNotif() {
        byte[] bpf = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", List.of(), "/run/a", "mkdir"));
        boolean found = false;
        for (int i = 0; i + 8 <= bpf.length; i += 8) {
            int code = (bpf[i] & 0xff) | (bpf[i + 1] & 0xff) << 8;
            int k = (bpf[i + 4] & 0xff) | (bpf[i + 5] & 0xff) << 8 | (bpf[i + 6] & 0xff) << 16 | (bpf[i + 7] & 0xff) << 24;
            if (code == 0x06 && k == 0x7fc00000) found = true; // BPF_RET|BPF_K SECCOMP_RET_USER_NOTIF
        }
        assertTrue(found, "a RET USER_NOTIF instruction");
    }
}
