package dev.jrunc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.spec.state.State;
import dev.jrunc.spec.state.StateJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateJsonTest {
    @Test
    void writesLikeRunc() {
        State s = new State("1.0.2-dev", "c1", "running", 4242, "/b", "/b/rootfs",
                Instant.parse("2024-05-01T10:11:12.120000000Z"), "", Map.of());
        assertEquals("""
                {
                  "ociVersion": "1.0.2-dev",
                  "id": "c1",
                  "pid": 4242,
                  "status": "running",
                  "bundle": "/b",
                  "rootfs": "/b/rootfs",
                  "created": "2024-05-01T10:11:12.12Z",
                  "owner": ""
                }""", StateJson.write(s));
    }

    @Test
    void roundTrip() throws Exception {
        State s = new State("1.2.0", "my<ctr>", "created", 1, "/run/b \"q\"", "/run/b/rootfs",
                Instant.parse("2025-01-02T03:04:05.000000007Z"), "root", Map.of("z", "1", "a", "2&3"));
        String json = StateJson.write(s);
        assertEquals(s, StateJson.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(true, json.contains("\"my\\u003cctr\\u003e\""));
        assertEquals(true, json.indexOf("\"a\"") < json.indexOf("\"z\""));
        State whole = new State("1.2.0", "x", "stopped", 0, "/b", "/b/r", Instant.parse("2025-01-02T03:04:05Z"), "", Map.of());
        assertEquals(true, StateJson.write(whole).contains("\"2025-01-02T03:04:05Z\""));
        assertEquals(whole, StateJson.parse(StateJson.write(whole).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesRuncOutputAndRejectsBadShape() throws Exception {
        String runc = "{\n  \"ociVersion\": \"1.0.2-dev\",\n  \"id\": \"t\",\n  \"pid\": 12,\n  \"status\": \"running\",\n"
                + "  \"bundle\": \"/tmp/t\",\n  \"rootfs\": \"/tmp/t/rootfs\",\n  \"created\": \"2023-03-01T09:00:00.123456789Z\",\n"
                + "  \"owner\": \"\",\n  \"future\": [1]\n}";
        State s = StateJson.parse(runc.getBytes(StandardCharsets.UTF_8));
        assertEquals(12, s.pid());
        assertEquals(123456789, s.created().getNano());
        ConfigException e = assertThrows(ConfigException.class,
                () -> StateJson.parse("{\"ociVersion\":\"1\",\"id\":\"x\",\"status\":\"s\",\"pid\":\"1\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/pid: must be an integer", e.getMessage());
        e = assertThrows(ConfigException.class, () -> StateJson.parse("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/ociVersion: is required", e.getMessage());
    }
}
