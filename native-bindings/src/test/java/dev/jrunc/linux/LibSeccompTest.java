package dev.jrunc.linux;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrunc.linux.generated.seccomp.seccomp_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibSeccompTest {

    private static long install(byte[] bpf) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment filter = a.allocate(bpf.length, 8);
            MemorySegment.copy(bpf, 0, filter, ValueLayout.JAVA_BYTE, 0, bpf.length);
            MemorySegment prog = a.allocate(16, 8);
            prog.set(ValueLayout.JAVA_SHORT, 0, (short) (bpf.length / 8));
            prog.set(ValueLayout.JAVA_LONG, 8, filter.address());
            return Syscalls.raw(SysNr.seccomp, Seccomp.SECCOMP_SET_MODE_FILTER, 0, prog.address());
        }
    }

    @Test
    void resolvesNames() {
        assertEquals(63, LibSeccomp.resolve("uname"));
        assertEquals(SysNr.seccomp, LibSeccomp.resolve("seccomp"));
        assertEquals(-1, LibSeccomp.resolve("no_such_syscall"));
        assertTrue(LibSeccomp.apiLevel() >= 3);
        assertTrue(LibSeccomp.version().startsWith(seccomp_h.SCMP_VER_MAJOR() + "."));
    }

    @Test
    void compiledProgramRunsInTheKernel() throws Exception {
        byte[] bpf;
        try (LibSeccomp f = LibSeccomp.create(seccomp_h.SCMP_ACT_ALLOW())) {
            f.addArch(seccomp_h.SCMP_ARCH_X86());
            f.addArch(seccomp_h.SCMP_ARCH_X86_64()); // the native one: EEXIST is fine
            // uname(NULL) fails with EDOM, uname(anything else) with ENOTTY
            f.addRule(0x00050000 | Errno.EDOM, 63,
                    List.of(new LibSeccomp.ArgCmp(0, seccomp_h.SCMP_CMP_EQ(), 0, 0)));
            f.addRule(0x00050000 | Errno.ENOTTY, 63,
                    List.of(new LibSeccomp.ArgCmp(0, seccomp_h.SCMP_CMP_NE(), 0, 0)));
            bpf = f.exportBpf();
        }
        assertTrue(bpf.length > 8 && bpf.length % 8 == 0, "program of " + bpf.length + " bytes");
        long[] r = ThreadRunner.onFreshThread(() -> {
            assertEquals(0, install(bpf));
            return new long[] {Syscalls.raw(63, 0), Syscalls.raw(63, 8)};
        });
        assertEquals(-Errno.EDOM, r[0]);
        assertEquals(-Errno.ENOTTY, r[1]);
        assertEquals(-Errno.EFAULT, Syscalls.raw(63, 0)); // this thread is unfiltered
    }

    @Test
    void ruleWithTheDefaultActionIsRefused() {
        try (LibSeccomp f = LibSeccomp.create(seccomp_h.SCMP_ACT_ALLOW())) {
            LinuxException e = assertThrows(LinuxException.class,
                    () -> f.addRule(seccomp_h.SCMP_ACT_ALLOW(), 63, List.of()));
            assertTrue(e.errno() > 0);
        }
    }
}
