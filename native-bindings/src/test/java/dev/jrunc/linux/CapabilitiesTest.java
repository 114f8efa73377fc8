package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CapabilitiesTest {
    @Test
    void capgetSelfHasSysAdmin() {
        Capabilities.Sets s = Capabilities.capget(0);
        assertTrue(s.effective(Capabilities.CAP_SYS_ADMIN));
        assertTrue(s.permitted(Capabilities.CAP_SYS_ADMIN));
        assertTrue(Capabilities.inBoundingSet(Capabilities.CAP_SYS_ADMIN));
        assertEquals(21, Capabilities.number("CAP_SYS_ADMIN"));
        assertEquals(21, Capabilities.number("sys_admin"));
        assertEquals("CAP_CHECKPOINT_RESTORE", Capabilities.name(40));
        assertEquals(-1, Capabilities.number("CAP_NOPE"));
    }

    @Test
    void capsetAndAmbientOnThrowAwayThread() throws Exception {
        String r = ThreadRunner.onFreshThread(() -> {
            Capabilities.Sets s = Capabilities.capget(0);
            long keep = s.permitted() & ~(1L << 27 /* CAP_MKNOD */);
            Capabilities.capset(new Capabilities.Sets(keep, keep, 1L << Capabilities.CAP_SYS_ADMIN));
            Capabilities.Sets after = Capabilities.capget(0);
            assertFalse(after.effective(27));
            assertTrue(after.inheritable(Capabilities.CAP_SYS_ADMIN));
            Capabilities.raiseAmbient(Capabilities.CAP_SYS_ADMIN);
            assertTrue(Capabilities.isAmbient(Capabilities.CAP_SYS_ADMIN));
            Capabilities.clearAmbient();
            assertFalse(Capabilities.isAmbient(Capabilities.CAP_SYS_ADMIN));
            return "ok";
        });
        assertEquals("ok", r);
        assertTrue(Capabilities.capget(0).effective(27));
    }

    @Test
    void lastCapViaSingleRead() throws Exception {
        String viaProcFiles = ProcFiles.readSmallString("/proc/sys/kernel/cap_last_cap").trim();
        assertEquals(Integer.parseInt(viaProcFiles), Capabilities.lastCap());
        assertTrue(Capabilities.lastCap() >= 40, viaProcFiles);
        // sanity of the status file too
        assertTrue(ProcFiles.readSmallString("/proc/self/status").contains("CapEff:"));
        assertTrue(Files.exists(Path.of("/proc/sys/kernel/cap_last_cap")));
    }

    @Test
    void readSmallMissingFile() {
        LinuxException e = assertThrows(LinuxException.class, () -> ProcFiles.readSmall("/proc/self/nope"));
        assertEquals(Errno.ENOENT, e.errno());
    }
}
