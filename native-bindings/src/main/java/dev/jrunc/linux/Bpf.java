package dev.jrunc.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * bpf(2) for cgroup device programs: load an eBPF program ({@code BPF_PROG_LOAD}), attach it
 * to a cgroup directory ({@code BPF_PROG_ATTACH}) and list what is attached
 * ({@code BPF_PROG_QUERY}). The {@code union bpf_attr} layouts are built by hand (the fields
 * used here have been stable since Linux 4.15); all calls go through {@link Syscalls#raw}.
 */
public final class Bpf {
    private Bpf() {}

    /** {@code __NR_bpf} on x86-64. */
    public static final int SYS_BPF = 321;

    // enum bpf_cmd
    public static final int BPF_PROG_LOAD = 5, BPF_PROG_ATTACH = 8, BPF_PROG_DETACH = 9, BPF_PROG_QUERY = 16;
    // enum bpf_prog_type / bpf_attach_type
    public static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    public static final int BPF_CGROUP_DEVICE = 6;
    // attach flags
    public static final int BPF_F_ALLOW_OVERRIDE = 1, BPF_F_ALLOW_MULTI = 2;

    /** Size of one eBPF instruction ({@code struct bpf_insn}). */
    public static final int INSN_SIZE = 8;

    private static final int LOG_SIZE = 64 * 1024;

    /**
     * Loads a program; returns its fd (close-on-exec, as the kernel makes every bpf fd).
     * On failure the program is loaded again with the verifier's log, which then ends the
     * exception's message.
     *
     * @param insns the instructions, {@link #INSN_SIZE} bytes each, in the machine's byte order
     */
    public static int progLoad(int progType, byte[] insns, String license) {
        if (insns.length == 0 || insns.length % INSN_SIZE != 0) {
            throw new IllegalArgumentException("bad eBPF program length " + insns.length);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment code = a.allocate(insns.length, 8);
            MemorySegment.copy(insns, 0, code, ValueLayout.JAVA_BYTE, 0, insns.length);
            MemorySegment lic = a.allocateFrom(license, StandardCharsets.US_ASCII);
            MemorySegment attr = loadAttr(a, progType, code, insns.length / INSN_SIZE, lic, null);
            long r = Syscalls.raw(SYS_BPF, BPF_PROG_LOAD, attr.address(), attr.byteSize());
            if (r >= 0) return (int) r;
            int errno = (int) -r;
            String log = "";
            if (errno == Errno.EINVAL || errno == Errno.EACCES || errno == Errno.ENOSPC) {
                MemorySegment buf = a.allocate(LOG_SIZE);
                MemorySegment withLog = loadAttr(a, progType, code, insns.length / INSN_SIZE, lic, buf);
                long r2 = Syscalls.raw(SYS_BPF, BPF_PROG_LOAD, withLog.address(), withLog.byteSize());
                if (r2 >= 0) return (int) r2; // loaded the second time: keep it
                String text = buf.getString(0, StandardCharsets.US_ASCII).strip();
                if (!text.isEmpty()) log = " (verifier log: " + text.replace('\n', ';') + ")";
            }
            throw new LinuxException("bpf BPF_PROG_LOAD" + log, errno);
        }
    }

    private static MemorySegment loadAttr(Arena a, int progType, MemorySegment code, int count, MemorySegment lic,
            MemorySegment log) {
        MemorySegment attr = a.allocate(72, 8); // up to expected_attach_type; zero-filled
        attr.set(ValueLayout.JAVA_INT, 0, progType);
        attr.set(ValueLayout.JAVA_INT, 4, count);
        attr.set(ValueLayout.JAVA_LONG, 8, code.address());
        attr.set(ValueLayout.JAVA_LONG, 16, lic.address());
        if (log != null) {
            attr.set(ValueLayout.JAVA_INT, 24, 1); // log_level
            attr.set(ValueLayout.JAVA_INT, 28, (int) log.byteSize());
            attr.set(ValueLayout.JAVA_LONG, 32, log.address());
        }
        return attr;
    }

    /** BPF_PROG_ATTACH of {@code progFd} to {@code targetFd} (a cgroup directory fd). */
    public static void progAttach(int targetFd, int progFd, int attachType, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(20, 8);
            attr.set(ValueLayout.JAVA_INT, 0, targetFd);
            attr.set(ValueLayout.JAVA_INT, 4, progFd);
            attr.set(ValueLayout.JAVA_INT, 8, attachType);
            attr.set(ValueLayout.JAVA_INT, 12, flags);
            Syscalls.call("bpf BPF_PROG_ATTACH", SYS_BPF, BPF_PROG_ATTACH, attr.address(), attr.byteSize());
        }
    }

    /** The ids of the programs attached directly to {@code targetFd} for {@code attachType}. */
    public static int[] progQuery(int targetFd, int attachType) {
        try (Arena a = Arena.ofConfined()) {
            int cap = 64;
            MemorySegment ids = a.allocate(4L * cap, 4);
            MemorySegment attr = a.allocate(40, 8);
            attr.set(ValueLayout.JAVA_INT, 0, targetFd);
            attr.set(ValueLayout.JAVA_INT, 4, attachType);
            attr.set(ValueLayout.JAVA_LONG, 16, ids.address());
            attr.set(ValueLayout.JAVA_INT, 24, cap);
            Syscalls.call("bpf BPF_PROG_QUERY", SYS_BPF, BPF_PROG_QUERY, attr.address(), attr.byteSize());
            int n = Math.min(cap, attr.get(ValueLayout.JAVA_INT, 24));
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = ids.getAtIndex(ValueLayout.JAVA_INT, i);
            return out;
        }
    }
}
