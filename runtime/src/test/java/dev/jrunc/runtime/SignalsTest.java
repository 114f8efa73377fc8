package dev.jrunc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void numbersNamesAndPrefixes() throws Exception {
        assertEquals(9, Signals.parse("9"));
        assertEquals(9, Signals.parse("KILL"));
        assertEquals(9, Signals.parse("SIGKILL"));
        assertEquals(15, Signals.parse("sigterm"));
        assertEquals(15, Signals.parse("Term"));
        assertEquals(10, Signals.parse("USR1"));
        assertEquals(17, Signals.parse("SIGCHLD"));
        assertEquals(19, Signals.parse("STOP"));
        assertEquals(28, Signals.parse("WINCH"));
        assertEquals(0, Signals.parse("0"));
        assertEquals(6, Signals.parse("IOT"));
        assertEquals(Signals.SIGRTMIN + 3, Signals.parse("SIGRTMIN+3"));
        assertEquals(Signals.SIGRTMAX - 1, Signals.parse("rtmax-1"));
    }

    @Test
    void unknownSignals() {
        for (String s : new String[] {"", "FOO", "SIGFOO", "-9", "99", "RTMIN+40", "9x"}) {
            JruncException e = assertThrows(JruncException.class, () -> Signals.parse(s), s);
            assertTrue(e.getMessage().startsWith("unknown signal"), e.getMessage());
        }
    }

    @Test
    void names() {
        assertEquals("SIGTERM", Signals.name(15));
        assertEquals("SIGRTMIN+2", Signals.name(36));
    }
}
