package dev.jrunc.runtime.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalForwarderTest {
    /** runc passes on all it gets but CHLD, URG (and WINCH, which resizes); the VM keeps BUS, ILL, FPE, SEGV. */
    @Test
    void catchesEverySignalButTheVmsAndRuncsExceptions() {
        List<String> caught = List.of(SignalForwarder.CAUGHT);
        for (String kept : List.of("CHLD", "URG", "BUS", "ILL", "FPE", "SEGV", "KILL", "STOP")) {
            assertFalse(caught.contains(kept), kept);
        }
        assertEquals(31 - 8, caught.size(), caught::toString);
        // each is a name the JVM knows; all but QUIT (without -Xrs) can be caught
        for (String name : caught) {
            new sun.misc.Signal(name);
        }
    }

    @Test
    void closePutsThePreviousHandlersBack() {
        sun.misc.Signal usr1 = new sun.misc.Signal("USR1");
        sun.misc.SignalHandler mine = sig -> { };
        sun.misc.SignalHandler before = sun.misc.Signal.handle(usr1, mine);
        try {
            try (SignalForwarder f = SignalForwarder.install()) {
                assertFalse(f == null);
            }
            assertSame(mine, sun.misc.Signal.handle(usr1, before));
        } finally {
            sun.misc.Signal.handle(usr1, before);
        }
    }

    /** Real-time signals cannot be caught: they are ignored while the forwarder is installed, and only then. */
    @Test
    void realTimeSignalsAreIgnoredOnlyMeanwhile() throws Exception {
        long before = mask("SigIgn:");
        long caught = mask("SigCgt:"); // a handler someone installed is left alone
        try (SignalForwarder f = SignalForwarder.install()) {
            long during = mask("SigIgn:");
            for (int sig = 34; sig <= 64; sig++) {
                if (((before | caught) & bit(sig)) == 0) {
                    assertTrue((during & bit(sig)) != 0, "signal " + sig + " not ignored");
                }
            }
        }
        assertEquals(before, mask("SigIgn:"));
    }

    private static long bit(int sig) {
        return 1L << (sig - 1);
    }

    private static long mask(String field) throws Exception {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) return Long.parseUnsignedLong(line.substring(field.length()).trim(), 16);
        }
        throw new AssertionError("no " + field);
    }

    /** What the JVM gets after attach reaches the process (the shell's trap runs and it exits 7). */
    @Test
    void aSignalToTheJvmReachesTheAttachedProcess() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap 'exit 7' PWR; echo ready; while :; do sleep 0.05; done")
                .redirectErrorStream(true).start();
        try (SignalForwarder f = SignalForwarder.install()) {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
            assertEquals("ready", r.readLine());
            f.attach((int) p.pid());
            dev.jrunc.linux.Linux.kill((int) ProcessHandle.current().pid(), 30);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the process did not get SIGPWR");
            assertEquals(7, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
