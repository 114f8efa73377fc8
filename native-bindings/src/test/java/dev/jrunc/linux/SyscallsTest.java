package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.*;

class SyscallsTest {
    @Test
    void rawReturnsMinusErrnoAndCallThrows() {
        try (Arena a = Arena.ofConfined()) {
            long path = a.allocateFrom("/nonexistent/jrunc-" + System.nanoTime()).address();
            assertEquals(-Errno.ENOENT, Syscalls.raw(SysNr.openat, Linux.AT_FDCWD, path, 0, 0, 0, 0));
            LinuxException e = assertThrows(LinuxException.class,
                    () -> Syscalls.call("open missing", SysNr.openat, Linux.AT_FDCWD, path, 0, 0, 0, 0));
            assertEquals(Errno.ENOENT, e.errno());
            assertEquals("ENOENT", e.errnoName());
            assertEquals("open missing", e.call());
            assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        }
    }

    @Test
    void successfulCallsReturnKernelResult() {
        assertEquals(ProcessHandle.current().pid(), Syscalls.raw(SysNr.getpid));
        assertEquals(ProcessHandle.current().pid(), Syscalls.call("getpid", SysNr.getpid));
        assertEquals(-Errno.EBADF, Syscalls.raw(SysNr.close, 1_000_000));
        assertEquals(-Errno.ENOSYS, Syscalls.raw(100_000));
    }

    @Test
    void messageFormat() {
        LinuxException e = new LinuxException("mount proc on /proc", Errno.EPERM);
        assertEquals("mount proc on /proc: EPERM (Operation not permitted)", e.getMessage());
        assertEquals(Errno.EPERM, new LinuxException("x", -Errno.EPERM).errno());
    }

    @Test
    void errnoTable() {
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EHWPOISON", Errno.name(133));
        assertEquals("ELOOP", Errno.name(Errno.ELOOP));
        assertEquals("No such file or directory", Errno.description(Errno.ENOENT));
        assertEquals("E41", Errno.name(41));
        assertEquals(Errno.EAGAIN, Errno.number("EWOULDBLOCK"));
        assertEquals(Errno.EINVAL, Errno.number("EINVAL"));
        assertEquals(-1, Errno.number("ENOPE"));
    }
}
