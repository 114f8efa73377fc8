package dev.jrunc.runtime.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RuntimeLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLineHasLevelMsgTime() throws Exception {
        String line = RuntimeLog.format(RuntimeLog.Format.JSON, RuntimeLog.Level.ERROR,
                "container \"x\" does not exist\n\ttab \u0001", "2026-12-03T07:41:34Z");
        assertEquals("{\"level\":\"error\",\"msg\":\"container \\\"x\\\" does not exist\\n\\ttab \\u0001\","
                + "\"time\":\"2026-12-03T07:41:34Z\"}", line);
        JsonNode n = JSON.readTree(line);
        assertEquals("error", n.get("level").asText());
        assertEquals("container \"x\" does not exist\n\ttab \u0001", n.get("msg").asText());
        assertEquals(3, n.size());
    }

    @Test
    void textLineQuotesLikeLogrus() {
        assertEquals("time=\"2026-12-03T07:41:34Z\" level=error msg=\"File config.json exists. Remove it first\"",
                RuntimeLog.format(RuntimeLog.Format.TEXT, RuntimeLog.Level.ERROR,
                        "File config.json exists. Remove it first", "2026-12-03T07:41:34Z"));
        assertEquals("time=\"t:1\" level=debug msg=bare-word/ok",
                RuntimeLog.format(RuntimeLog.Format.TEXT, RuntimeLog.Level.DEBUG, "bare-word/ok", "t:1"));
        assertEquals("time=\"t:1\" level=warning msg=\"\"",
                RuntimeLog.format(RuntimeLog.Format.TEXT, RuntimeLog.Level.WARN, "", "t:1"));
    }

    @Test
    void utcFormatMatchesJavaTime() {
        long[] samples = {0L, 951782400L, 1_700_000_000L, 4_102_444_799L, 1_798_875_694L, -86_401L};
        for (long s : samples) {
            String expected = OffsetDateTime.ofInstant(Instant.ofEpochSecond(s), ZoneOffset.UTC)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertEquals(expected, RuntimeLog.utc(s), Long.toString(s));
        }
    }

    @Test
    void nowIsRfc3339Seconds() {
        String now = RuntimeLog.now();
        assertTrue(now.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)"), now);
        OffsetDateTime.parse(now);
    }

    @Test
    void unknownFormatIsRejected() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RuntimeLog.parseFormat("xml"));
        assertEquals("invalid log-format: xml", e.getMessage());
    }
}
