package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RlimitsTest {
    @Test
    void getAndSetNofileOnSelf() {
        Rlimits.Limit l = Rlimits.get(0, Rlimits.RLIMIT_NOFILE);
        assertTrue(l.soft() > 0 && (l.hard() == Rlimits.INFINITY || l.hard() >= l.soft()), l.toString());
        String status = ProcFiles.readSmallString("/proc/self/limits");
        assertTrue(status.contains("Max open files"));
        Rlimits.set(0, Rlimits.RLIMIT_NOFILE, l.soft(), l.hard()); // no change
        assertEquals(l, Rlimits.get(Linux.getpid(), Rlimits.RLIMIT_NOFILE));
        assertEquals(7, Rlimits.resource("RLIMIT_NOFILE"));
        assertEquals(15, Rlimits.resource("RLIMIT_RTTIME"));
        assertEquals(-1, Rlimits.resource("RLIMIT_BOGUS"));
        LinuxException e = assertThrows(LinuxException.class, () -> Rlimits.set(0, Rlimits.RLIMIT_NOFILE, 10, 5));
        assertEquals(Errno.EINVAL, e.errno());
    }
}
