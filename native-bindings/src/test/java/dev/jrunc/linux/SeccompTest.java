package dev.jrunc.linux;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jrunc.linux.Seccomp.*;
import static org.junit.jupiter.api.Assertions.*;

class SeccompTest {
    @Test
    void filterOnThrowAwayThread() throws Exception {
        // uname(2) fails with EDOM on the filtered thread only; everything else is allowed.
        List<Insn> prog = List.of(
                Insn.stmt(BPF_LD | BPF_W | BPF_ABS, DATA_ARCH),
                Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
                Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                Insn.stmt(BPF_LD | BPF_W | BPF_ABS, DATA_NR),
                Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, 63 /* uname */, 0, 1),
                Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | Errno.EDOM),
                Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
        long r = ThreadRunner.onFreshThread(() -> {
            assertEquals(0, Seccomp.setModeFilter(0, prog));
            return Syscalls.raw(63, 0);
        });
        assertEquals(-Errno.EDOM, r);
        assertEquals(-Errno.EFAULT, Syscalls.raw(63, 0)); // unfiltered here: bad pointer
    }

    @Test
    void rejectsEmptyProgram() {
        assertThrows(IllegalArgumentException.class, () -> Seccomp.setModeFilter(0, List.of()));
    }
}
