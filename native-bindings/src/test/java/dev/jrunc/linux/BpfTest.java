package dev.jrunc.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** bpf(2) as root: a device program loads, attaches to a cgroup2 directory, and is listed there. */
class BpfTest {
    static final Path UNIFIED = Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.procs"))
            ? Path.of("/sys/fs/cgroup/unified") : Path.of("/sys/fs/cgroup");

    /** mov32 r0, imm; exit. */
    static byte[] returning(int v) {
        return new byte[] {(byte) 0xb4, 0, 0, 0, (byte) v, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
    }

    static void assumeRootWithCgroup2() {
        assumeTrue(Credentials.getresuid()[1] == 0, "needs root");
        assumeTrue(Files.exists(UNIFIED.resolve("cgroup.procs")), "no cgroup2 mount");
    }

    @Test
    void verifierLogEndsTheMessage() {
        assumeTrue(Credentials.getresuid()[1] == 0, "needs root");
        // exit without setting r0: the verifier refuses ("R0 !read_ok")
        byte[] bad = {(byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
        LinuxException e = assertThrows(LinuxException.class,
                () -> Bpf.progLoad(Bpf.BPF_PROG_TYPE_CGROUP_DEVICE, bad, "Apache"));
        assertEquals(Errno.EACCES, e.errno());
        assertTrue(e.getMessage().startsWith("bpf BPF_PROG_LOAD (verifier log: "), e.getMessage());
        assertTrue(e.getMessage().contains("R0 !read_ok"), e.getMessage());
    }

    @Test
    void rejectsBadLength() {
        assertThrows(IllegalArgumentException.class, () -> Bpf.progLoad(Bpf.BPF_PROG_TYPE_CGROUP_DEVICE, new byte[7], "x"));
    }

    @Test
    void attachesToACgroupAndGoesWithIt() throws Exception {
        assumeRootWithCgroup2();
        Path cg = UNIFIED.resolve("jrunc-bpftest-" + ProcessHandle.current().pid());
        Files.createDirectory(cg);
        int dirFd = -1;
        try {
            dirFd = Linux.open(cg.toString(), 0200000 | 02000000, 0);
            assertArrayEquals(new int[0], Bpf.progQuery(dirFd, Bpf.BPF_CGROUP_DEVICE));
            int prog = Bpf.progLoad(Bpf.BPF_PROG_TYPE_CGROUP_DEVICE, returning(1), "Apache");
            try {
                Bpf.progAttach(dirFd, prog, Bpf.BPF_CGROUP_DEVICE, Bpf.BPF_F_ALLOW_MULTI);
            } finally {
                Linux.close(prog);
            }
            assertEquals(1, Bpf.progQuery(dirFd, Bpf.BPF_CGROUP_DEVICE).length); // the cgroup holds it
        } finally {
            if (dirFd >= 0) Linux.close(dirFd);
            Files.delete(cg);
        }
    }
}
