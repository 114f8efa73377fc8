package dev.jrunc.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LinuxTest {
    private static final int O_CLOEXEC = 02000000;
    private static final int F_GETFD = 1;
    private static final int FD_CLOEXEC = 1;

    @Test
    void pipeWriteRead() {
        int[] p = Linux.pipe2(O_CLOEXEC);
        try (Fd r = Fd.of(p[0]); Fd w = Fd.of(p[1])) {
            byte[] msg = "hello pipe".getBytes(StandardCharsets.UTF_8);
            assertEquals(msg.length, Linux.write(w.fd(), msg, 0, msg.length));
            byte[] buf = new byte[64];
            int n = Linux.read(r.fd(), buf, 0, buf.length);
            assertEquals("hello pipe", new String(buf, 0, n, StandardCharsets.UTF_8));
            assertEquals(FD_CLOEXEC, Linux.fcntl(r.fd(), F_GETFD, 0) & FD_CLOEXEC);
            w.close();
            assertEquals(0, Linux.read(r.fd(), buf, 0, buf.length));
        }
    }

    @Test
    void fdCloseIsIdempotentAndReleaseHandsOver() {
        int[] p = Linux.pipe2(O_CLOEXEC);
        Fd a = Fd.of(p[0]);
        a.close();
        a.close();
        assertFalse(a.isOpen());
        assertThrows(IllegalStateException.class, a::fd);
        Fd b = Fd.of(p[1]);
        int raw = b.release();
        b.close(); // no-op
        Linux.close(raw);
        assertThrows(LinuxException.class, () -> Linux.close(raw));
    }

    @Test
    void memfdAndFstat() {
        try (Fd m = Fd.of(Linux.memfdCreate("jrunc-test", 1 /* MFD_CLOEXEC */))) {
            Linux.writeFully(m.fd(), new byte[12345]);
            FileStat st = Linux.fstat(m.fd());
            assertEquals(12345, st.size());
            assertTrue(st.isRegular());
        }
    }

    @Test
    void closeRangeCloexec() {
        int fd = Linux.open("/dev/null", 0, 0); // no O_CLOEXEC
        try {
            assertEquals(0, Linux.fcntl(fd, F_GETFD, 0) & FD_CLOEXEC);
            Linux.closeRange(fd, fd, 1 << 2 /* CLOSE_RANGE_CLOEXEC */);
            assertEquals(FD_CLOEXEC, Linux.fcntl(fd, F_GETFD, 0) & FD_CLOEXEC);
        } finally {
            Linux.close(fd);
        }
    }

    @Test
    void mknodCharDeviceAndFifo(@TempDir Path dir) {
        String dev = dir.resolve("null").toString();
        Linux.mknod(dev, 0020000 | 0666, Linux.makedev(1, 3));
        FileStat st = Linux.fstatat(Linux.AT_FDCWD, dev, 0x100 /* AT_SYMLINK_NOFOLLOW */);
        assertTrue(st.isCharDevice());
        assertEquals(1, st.rdevMajor());
        assertEquals(3, st.rdevMinor());
        String fifo = dir.resolve("fifo").toString();
        Linux.mknod(fifo, 0010000 | 0600, 0);
        assertEquals(0010000, Linux.fstatat(Linux.AT_FDCWD, fifo, 0).type());
        LinuxException e = assertThrows(LinuxException.class, () -> Linux.mknod(fifo, 0010000 | 0600, 0));
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void makedevMatchesGlibc() throws Exception {
        Map<String, String> ex = new LinkedHashMap<>();
        ex.put("a", "makedev(1, 3)");
        ex.put("b", "makedev(259, 70000)");
        ex.put("c", "makedev(4095, 255)");
        Map<String, Long> v = CProbe.eval(ex, "sys/sysmacros.h");
        assertEquals(v.get("a"), Linux.makedev(1, 3));
        assertEquals(v.get("b"), Linux.makedev(259, 70000));
        assertEquals(v.get("c"), Linux.makedev(4095, 255));
        assertEquals(259, Linux.major(Linux.makedev(259, 70000)));
        assertEquals(70000, Linux.minor(Linux.makedev(259, 70000)));
    }

    @Test
    void pidsAndTls() {
        assertEquals(ProcessHandle.current().pid(), Linux.getpid());
        assertTrue(Linux.gettid() > 0);
        assertNotEquals(0L, Linux.archPrctlGetFs());
        assertTrue(Linux.getppid() > 0);
    }

    @Test
    void killSignalZeroAndEsrch() {
        Linux.kill(Linux.getpid(), 0);
        LinuxException e = assertThrows(LinuxException.class, () -> Linux.kill(Integer.MAX_VALUE, 0));
        assertEquals(Errno.ESRCH, e.errno());
    }

    @Test
    void waitWithoutOwnChildren() throws Exception {
        // The JVM reaps ProcessBuilder children itself, so only the error paths are checked here;
        // a real child is not available without fork.
        LinuxException e = assertThrows(LinuxException.class,
                () -> Linux.waitid(1 /* P_PID */, Integer.MAX_VALUE, 4 /* WEXITED */ | 1 /* WNOHANG */));
        assertEquals(Errno.ECHILD, e.errno());
        e = assertThrows(LinuxException.class, () -> Linux.wait4(Integer.MAX_VALUE, 1));
        assertEquals(Errno.ECHILD, e.errno());
    }

    @Test
    void waitStatusDecoding() {
        assertEquals(new WaitResult(5, WaitResult.CLD_EXITED, 3), WaitResult.fromWaitStatus(5, 3 << 8));
        WaitResult k = WaitResult.fromWaitStatus(5, 9);
        assertTrue(k.signaled());
        assertEquals(137, k.shellExitCode());
        assertEquals(WaitResult.CLD_DUMPED, WaitResult.fromWaitStatus(5, 0x80 | 11).code());
    }

    @Test
    void siginfoOffsetsMatchGcc() throws Exception {
        Map<String, String> ex = new LinkedHashMap<>();
        ex.put("size", "sizeof(siginfo_t)");
        ex.put("signo", "offsetof(siginfo_t, si_signo)");
        ex.put("code", "offsetof(siginfo_t, si_code)");
        ex.put("pid", "offsetof(siginfo_t, si_pid)");
        ex.put("uid", "offsetof(siginfo_t, si_uid)");
        ex.put("status", "offsetof(siginfo_t, si_status)");
        Map<String, Long> v = CProbe.eval(ex);
        assertEquals(v.get("size"), Linux.SIGINFO_SIZE);
        assertEquals(v.get("signo"), Linux.SI_SIGNO);
        assertEquals(v.get("code"), Linux.SI_CODE);
        assertEquals(v.get("pid"), Linux.SI_PID);
        assertEquals(v.get("uid"), Linux.SI_UID);
        assertEquals(v.get("status"), Linux.SI_STATUS);
    }

    @Test
    void hostnameInPrivateUtsNamespace() throws Exception {
        String original = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        String seen = ThreadRunner.onFreshThread(() -> {
            Namespaces.unshare(Namespaces.CLONE_NEWUTS);
            Linux.sethostname("jrunc-test-host");
            Linux.setdomainname("jrunc-test-domain");
            return ProcFiles.readSmallString("/proc/sys/kernel/hostname").trim() + "/"
                    + ProcFiles.readSmallString("/proc/sys/kernel/domainname").trim();
        });
        assertEquals("jrunc-test-host/jrunc-test-domain", seen);
        assertEquals(original, Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
    }

    @Test
    void prctlNoNewPrivsReadable() {
        long v = Linux.prctl(39 /* PR_GET_NO_NEW_PRIVS */, 0, 0, 0, 0);
        assertTrue(v == 0 || v == 1);
    }
}
