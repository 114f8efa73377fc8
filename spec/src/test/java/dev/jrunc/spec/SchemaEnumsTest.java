package dev.jrunc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrunc.spec.internal.Enums;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema's enum lists are the fast parser's lists. */
class SchemaEnumsTest {
    private static List<String> at(String pointer) {
        JsonNode n = SchemaCheck.schemaNode().at(pointer);
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void enumsMatch() {
        assertEquals(Enums.NAMESPACE_TYPES, at("/definitions/Namespace/properties/type/enum"));
        assertEquals(Enums.SECCOMP_ACTIONS, at("/definitions/Seccomp/properties/defaultAction/enum"));
        assertEquals(Enums.SECCOMP_ACTIONS, at("/definitions/Seccomp/properties/syscalls/items/properties/action/enum"));
        assertEquals(Enums.SECCOMP_OPS, at("/definitions/Seccomp/properties/syscalls/items/properties/args/items/properties/op/enum"));
        assertEquals(Enums.SECCOMP_ARCHS, at("/definitions/Seccomp/properties/architectures/items/enum"));
        assertEquals(Enums.SECCOMP_FLAGS, at("/definitions/Seccomp/properties/flags/items/enum"));
        assertEquals(Enums.ROOTFS_PROPAGATION, at("/definitions/Linux/properties/rootfsPropagation/enum"));
        assertEquals(Enums.DEVICE_TYPES, at("/definitions/Device/properties/type/enum"));
        assertEquals(Enums.MEMPOLICY_MODES, at("/definitions/Linux/properties/memoryPolicy/properties/mode/enum"));
        assertEquals(Enums.MEMPOLICY_FLAGS, at("/definitions/Linux/properties/memoryPolicy/properties/flags/items/enum"));
        assertEquals(Enums.SCHED_POLICIES, at("/definitions/Process/properties/scheduler/properties/policy/enum"));
        assertEquals(Enums.SCHED_FLAGS, at("/definitions/Process/properties/scheduler/properties/flags/items/enum"));
        assertEquals(Enums.IOPRIO_CLASSES, at("/definitions/Process/properties/ioPriority/properties/class/enum"));
        assertEquals(Enums.PERSONALITY_DOMAINS, at("/definitions/Linux/properties/personality/properties/domain/enum"));
    }

    @Test
    void names() {
        assertEquals(41, LinuxNames.CAPABILITIES.size());
        assertEquals(0, LinuxNames.capabilityNumber("CAP_CHOWN"));
        assertEquals(21, LinuxNames.capabilityNumber("CAP_SYS_ADMIN"));
        assertEquals(40, LinuxNames.capabilityNumber("CAP_CHECKPOINT_RESTORE"));
        assertEquals(16, LinuxNames.RLIMITS.size());
        assertEquals(7, LinuxNames.rlimitNumber("RLIMIT_NOFILE"));
        assertEquals(15, LinuxNames.rlimitNumber("RLIMIT_RTTIME"));
        assertEquals("net", LinuxNames.kernelNamespaceName("network"));
    }
}
