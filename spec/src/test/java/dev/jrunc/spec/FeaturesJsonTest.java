package dev.jrunc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.spec.features.CgroupFeatures;
import dev.jrunc.spec.features.EnabledFeature;
import dev.jrunc.spec.features.Features;
import dev.jrunc.spec.features.FeaturesJson;
import dev.jrunc.spec.features.LinuxFeatures;
import dev.jrunc.spec.features.MountExtensions;
import dev.jrunc.spec.features.SeccompFeatures;
import dev.jrunc.spec.internal.Enums;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturesJsonTest {
    @Test
    void writesValidPrettyJson() throws Exception {
        Features f = new Features("1.0.0", "1.3.0",
                List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                List.of("ro", "rw", "nosuid"),
                new LinuxFeatures(Enums.NAMESPACE_TYPES, LinuxNames.CAPABILITIES,
                        new CgroupFeatures(true, true, true, true, false),
                        new SeccompFeatures(true, Enums.SECCOMP_ACTIONS, Enums.SECCOMP_OPS, List.of("SCMP_ARCH_X86_64"),
                                Enums.SECCOMP_FLAGS, List.of()),
                        new EnabledFeature(true), new EnabledFeature(false), null,
                        new MountExtensions(new EnabledFeature(true))),
                Map.of("org.opencontainers.runc.version", "jrunc 0.1.0"), null);
        String json = FeaturesJson.write(f);
        JsonNode n = new ObjectMapper().readTree(json);
        assertEquals("1.3.0", n.get("ociVersionMax").asText());
        assertEquals(41, n.at("/linux/capabilities").size());
        assertTrue(n.at("/linux/mountExtensions/idmap/enabled").asBoolean());
        assertFalse(n.at("/linux/cgroup/rdma").asBoolean());
        assertEquals(0, n.at("/linux/seccomp/supportedFlags").size());
        assertFalse(n.path("linux").has("intelRdt"));
        assertFalse(n.has("potentiallyUnsafeConfigAnnotations"));
        assertTrue(json.startsWith("{\n  \"ociVersionMin\": \"1.0.0\",\n  \"ociVersionMax\": \"1.3.0\",\n  \"hooks\": [\n    \"prestart\","), json);
        assertTrue(json.contains("\"supportedFlags\": []"), json);
    }

    @Test
    void allNullIsAnEmptyObject() throws Exception {
        String json = FeaturesJson.write(new Features(null, null, null, null, null, null, null));
        assertEquals("{}", json);
    }
}
