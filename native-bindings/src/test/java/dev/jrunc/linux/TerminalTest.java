package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class TerminalTest {
    @Test
    void ptmxPeerWindowSize() {
        try (Fd master = Fd.of(Terminal.openPtmx())) {
            int n = Terminal.ptsNumber(master.fd());
            assertTrue(n >= 0);
            Terminal.unlock(master.fd());
            try (Fd slave = Fd.of(Terminal.openPeer(master.fd()))) {
                Terminal.setWindowSize(master.fd(), 40, 132);
                assertArrayEquals(new int[] {40, 132}, Terminal.windowSize(slave.fd()));
                assertEquals("/dev/pts/" + n, readLink(slave.fd()));
                Linux.writeFully(master.fd(), "hi\n".getBytes(StandardCharsets.UTF_8));
                byte[] buf = new byte[16];
                int got = Linux.read(slave.fd(), buf, 0, buf.length);
                assertEquals("hi\n", new String(buf, 0, got, StandardCharsets.UTF_8));
                // we are not a session leader: TIOCSCTTY fails with EPERM
                LinuxException e = assertThrows(LinuxException.class,
                        () -> Terminal.setControllingTerminal(slave.fd()));
                assertEquals(Errno.EPERM, e.errno());
            }
        }
    }

    private static String readLink(int fd) {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
