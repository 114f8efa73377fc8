package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class PidfdTest {
    @Test
    void openAndKillChild() throws Exception {
        Process p = new ProcessBuilder("sleep", "10").start();
        try (Fd pidfd = Fd.of(Pidfd.open((int) p.pid(), 0))) {
            Pidfd.sendSignal(pidfd.fd(), 9 /* SIGKILL */);
            assertTrue(p.waitFor(5, TimeUnit.SECONDS));
            assertEquals(128 + 9, p.exitValue());
            // the process is gone (reaped by the JVM): signalling again fails with ESRCH
            LinuxException e = assertThrows(LinuxException.class, () -> Pidfd.sendSignal(pidfd.fd(), 0));
            assertEquals(Errno.ESRCH, e.errno());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void getfdFromSelf() {
        int[] pipe = Linux.pipe2(02000000);
        try (Fd r = Fd.of(pipe[0]); Fd w = Fd.of(pipe[1]);
             Fd self = Fd.of(Pidfd.open(Linux.getpid(), 0));
             Fd dup = Fd.of(Pidfd.getfd(self.fd(), w.fd()))) {
            assertNotEquals(w.fd(), dup.fd());
            Linux.writeFully(dup.fd(), "dup".getBytes(StandardCharsets.UTF_8));
            byte[] buf = new byte[8];
            assertEquals(3, Linux.read(r.fd(), buf, 0, buf.length));
        }
    }

    @Test
    void openMissingPid() {
        LinuxException e = assertThrows(LinuxException.class, () -> Pidfd.open(Integer.MAX_VALUE, 0));
        assertEquals(Errno.ESRCH, e.errno());
    }
}
