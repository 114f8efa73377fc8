package dev.jrunc.spec.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written RFC 3339 reader agrees with the JDK's on every form jrunc meets. */
class StateTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-03T08:13:35Z", "2026-12-03T08:13:35.5Z", "2026-12-03T08:13:35.123456789Z",
            "1970-01-01T00:00:00Z", "2000-02-29T23:59:59.000000001Z", "2024-03-05T01:02:03.04Z"})
    void matchesInstantParse(String t) {
        assertEquals(Instant.parse(t), StateJson.parseTime(t));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-03T08:13:35+02:00", "2026-12-03T08:13:35.1234567+00:00"})
    void otherFormsFallBackToTheJdk(String t) {
        assertEquals(Instant.parse(t), StateJson.parseTime(t));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999_999_999, 1_700_000_000_123_456_789L})
    void roundTripsWhatFormatTimeWrites(long nanosSinceEpoch) {
        Instant i = Instant.ofEpochSecond(nanosSinceEpoch / 1_000_000_000L, nanosSinceEpoch % 1_000_000_000L);
        assertEquals(i, StateJson.parseTime(StateJson.formatTime(i)));
    }

    @org.junit.jupiter.api.Test
    void epochDayAgreesWithLocalDateAcrossFourCenturies() {
        for (long day = -146097; day <= 2 * 146097; day += 37) {
            java.time.LocalDate d = java.time.LocalDate.ofEpochDay(day);
            assertEquals(day, StateJson.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()), d.toString());
        }
    }
}
