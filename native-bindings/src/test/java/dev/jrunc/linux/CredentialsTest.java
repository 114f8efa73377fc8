package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CredentialsTest {
    @Test
    void dropOnThrowAwayThreadOnly() throws Exception {
        int[] before = Credentials.getresuid();
        String r = ThreadRunner.onFreshThread(() -> {
            Credentials.setgroups(65534);
            assertArrayEquals(new int[] {65534}, Credentials.getgroups());
            Credentials.setresgid(65534, 65534, 65534);
            Credentials.setresuid(65534, 65534, 65534);
            assertArrayEquals(new int[] {65534, 65534, 65534}, Credentials.getresuid());
            assertArrayEquals(new int[] {65534, 65534, 65534}, Credentials.getresgid());
            LinuxException e = assertThrows(LinuxException.class, () -> Credentials.setresuid(0, 0, 0));
            assertEquals(Errno.EPERM, e.errno());
            return "ok";
        });
        assertEquals("ok", r);
        // raw syscalls change only the calling thread: this thread is unaffected
        assertArrayEquals(before, Credentials.getresuid());
    }
}
