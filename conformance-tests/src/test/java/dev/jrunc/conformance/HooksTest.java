package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCI hooks: when each kind runs, in which namespace, with which state, and what a failure does. */
class HooksTest {
    @TempDir static Path work;
    static Jrunc jrunc;
    @TempDir Path tmp;
    private final List<String> ids = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() {
        jrunc = new Jrunc(work);
    }

    @AfterEach
    void cleanUp() {
        ids.forEach(jrunc::forceDelete);
    }

    private String newId(String prefix) {
        String id = Jrunc.uniqueId(prefix);
        ids.add(id);
        return id;
    }

    /** A hook running {@code sh -c script}; the state arrives on stdin. */
    private static void hook(ObjectNode config, String kind, String script, Integer timeout) {
        ObjectNode hooks = config.has("hooks") ? (ObjectNode) config.get("hooks") : config.putObject("hooks");
        ArrayNode list = hooks.has(kind) ? (ArrayNode) hooks.get(kind) : hooks.putArray(kind);
        ObjectNode h = list.addObject();
        h.put("path", "/bin/sh");
        h.putArray("args").add("sh").add("-c").add(script);
        h.putArray("env").add("PATH=/usr/bin:/bin").add("KIND=" + kind);
        if (timeout != null) h.put("timeout", timeout);
    }

    @Test
    void everyKindRunsInOrderWithTheStateOnStdin() throws IOException {
        Path log = tmp.resolve("hooks.log");
        Bundle b = Bundle.create(tmp.resolve("b"), "hooks", "true");
        String id = newId("hooks");
        b.edit(c -> {
            ((ObjectNode) c.get("root")).put("readonly", false);
            for (String kind : List.of("prestart", "createRuntime", "createContainer", "poststart", "poststop")) {
                // host paths: these run in the runtime's mount namespace, or (createContainer) the
                // container's before pivot_root, where the host's tree is still the root
                hook(c, kind, "echo \"$KIND $(cat)\" >> " + log, null);
            }
            // after pivot_root: only the container's files are reachable
            hook(c, "startContainer", "echo \"$KIND $(cat)\" >> /start.log; hostname >> /start.log", null);
        });
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        ids.remove(id);

        List<String> lines = Files.readAllLines(log);
        List<String> kinds = lines.stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "poststart", "poststop"), kinds, lines::toString);
        for (String l : lines) {
            JsonNode state = JSON.readTree(l.substring(l.indexOf(' ') + 1));
            assertEquals(id, state.get("id").asText(), l);
            assertEquals(b.dir().toString(), state.get("bundle").asText(), l);
            String kind = l.substring(0, l.indexOf(' '));
            String want = switch (kind) {
                case "poststart" -> "running";
                case "poststop" -> "stopped";
                default -> "created";
            };
            assertEquals(want, state.get("status").asText(), l);
            if (!kind.equals("poststop")) assertTrue(state.get("pid").asLong() > 0, l);
        }
        List<String> start = Files.readAllLines(b.rootfs().resolve("start.log"));
        assertTrue(start.getFirst().startsWith("startContainer {"), start::toString);
        assertEquals("created", JSON.readTree(start.getFirst().substring("startContainer ".length())).get("status").asText());
        assertEquals("hooks", start.get(1), "the startContainer hook runs in the container's uts namespace");
    }

    @Test
    void failingPrestartFailsCreateAndLeavesNothing() throws IOException {
        Bundle b = Bundle.create(tmp.resolve("b"), "hooks", "sleep", "100");
        String id = newId("prestart-fail");
        b.edit(c -> hook(c, "prestart", "echo broken >&2; exit 7", null));
        long before = Procs.childrenOf(ProcessHandle.current().pid()).size();
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        if (Jrunc.isJrunc()) {
            assertTrue(r.err().contains("prestart hook #0") && r.err().contains("exit status 7")
                    && r.err().contains("broken"), r::toString);
        }
        assertFalse(Files.exists(jrunc.root().resolve(id)), "state directory left behind");
        assertNotEquals(0, jrunc.exec("state", id).exit());
        assertEquals(before, Procs.childrenOf(ProcessHandle.current().pid()).size(), "process left behind");
    }

    @Test
    void hookTimeoutKillsAndFails() {
        Bundle b = Bundle.create(tmp.resolve("b"), "hooks", "true");
        String id = newId("timeout");
        b.edit(c -> hook(c, "createRuntime", "exec sleep 30", 1));
        long t0 = System.nanoTime();
        Jrunc.Result r = jrunc.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the timeout did not stop the hook");
        assertFalse(Files.exists(jrunc.root().resolve(id)), "state directory left behind");
    }

    @Test
    void failingPoststartAndPoststopOnlyWarn() throws IOException {
        Path ran = tmp.resolve("second-ran");
        Bundle b = Bundle.create(tmp.resolve("b"), "hooks", "true");
        String id = newId("poststop-fail");
        b.edit(c -> {
            hook(c, "poststart", "exit 3", null);
            hook(c, "poststop", "exit 4", null);
            hook(c, "poststop", "touch " + ran, null);
        });
        Jrunc.Result r = jrunc.exec("run", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r::toString);
        ids.remove(id);
        assertTrue(Files.exists(ran), "the poststop hook after the failing one did not run\n" + r);
        if (Jrunc.isJrunc()) {
            assertTrue(r.err().contains("level=warning") && r.err().contains("poststop hook #0"), r::toString);
            assertTrue(r.err().contains("poststart hook #0"), r::toString);
        }
        assertFalse(Files.exists(jrunc.root().resolve(id)));
    }
}
