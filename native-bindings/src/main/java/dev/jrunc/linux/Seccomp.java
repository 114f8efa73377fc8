package dev.jrunc.linux;

import dev.jrunc.linux.generated.sock_filter;
import dev.jrunc.linux.generated.sock_fprog;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/** seccomp(2) SECCOMP_SET_MODE_FILTER with a classic-BPF program ({@code struct sock_fprog}). */
public final class Seccomp {
    private Seccomp() {}

    public static final int SECCOMP_SET_MODE_FILTER = 1;
    public static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    public static final int SECCOMP_FILTER_FLAG_LOG = 2;
    public static final int SECCOMP_FILTER_FLAG_SPEC_ALLOW = 4;
    public static final int SECCOMP_FILTER_FLAG_NEW_LISTENER = 8;

    public static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    public static final int SECCOMP_RET_KILL_THREAD = 0x00000000;
    public static final int SECCOMP_RET_TRAP = 0x00030000;
    public static final int SECCOMP_RET_ERRNO = 0x00050000;
    public static final int SECCOMP_RET_USER_NOTIF = 0x7fc00000;
    public static final int SECCOMP_RET_TRACE = 0x7ff00000;
    public static final int SECCOMP_RET_LOG = 0x7ffc0000;
    public static final int SECCOMP_RET_ALLOW = 0x7fff0000;

    /** AUDIT_ARCH_X86_64. */
    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;

    // classic BPF opcodes (linux/bpf_common.h)
    public static final short BPF_LD = 0x00, BPF_JMP = 0x05, BPF_RET = 0x06;
    public static final short BPF_W = 0x00, BPF_ABS = 0x20, BPF_K = 0x00;
    public static final short BPF_JEQ = 0x10, BPF_JGE = 0x30, BPF_JSET = 0x40, BPF_JA = 0x00, BPF_ALU = 0x04, BPF_AND = 0x50;

    /** struct seccomp_data offsets. */
    public static final int DATA_NR = 0, DATA_ARCH = 4, DATA_ARGS = 16;

    /** One classic-BPF instruction ({@code struct sock_filter}). */
    public record Insn(short code, byte jt, byte jf, int k) {
        public static Insn stmt(int code, int k) {
            return new Insn((short) code, (byte) 0, (byte) 0, k);
        }

        public static Insn jump(int code, int k, int jt, int jf) {
            return new Insn((short) code, (byte) jt, (byte) jf, k);
        }
    }

    /** Copies {@code program} into a {@code struct sock_fprog} (and its filter array) allocated in {@code arena}. */
    public static MemorySegment toFprog(Arena arena, List<Insn> program) {
        if (program.isEmpty() || program.size() > 0xffff) {
            throw new IllegalArgumentException("bad BPF program length " + program.size());
        }
        MemorySegment filters = sock_filter.allocateArray(program.size(), arena);
        for (int i = 0; i < program.size(); i++) {
            Insn in = program.get(i);
            MemorySegment f = sock_filter.asSlice(filters, i);
            sock_filter.code(f, in.code());
            sock_filter.jt(f, in.jt());
            sock_filter.jf(f, in.jf());
            sock_filter.k(f, in.k());
        }
        MemorySegment prog = sock_fprog.allocate(arena);
        prog.fill((byte) 0);
        sock_fprog.len(prog, (short) program.size());
        sock_fprog.filter(prog, filters);
        return prog;
    }

    /**
     * seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog). Without TSYNC the filter applies to the calling
     * thread (and its future children) only. Returns the syscall result: a listener fd when
     * SECCOMP_FILTER_FLAG_NEW_LISTENER is set, else 0. Requires no_new_privs or CAP_SYS_ADMIN.
     */
    public static long setModeFilter(int flags, List<Insn> program) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = toFprog(a, program);
            return Syscalls.call("seccomp SECCOMP_SET_MODE_FILTER", SysNr.seccomp, SECCOMP_SET_MODE_FILTER,
                    Integer.toUnsignedLong(flags), prog.address());
        }
    }

    // ------------------------------------------------------------ user notification (agent side)

    /** {@code _IOWR('!', 0, struct seccomp_notif)} (80 bytes). */
    public static final long SECCOMP_IOCTL_NOTIF_RECV = 0xc0502100L;
    /** {@code _IOWR('!', 1, struct seccomp_notif_resp)} (24 bytes). */
    public static final long SECCOMP_IOCTL_NOTIF_SEND = 0xc0182101L;
    /** Let the notified syscall run as if the filter had allowed it. */
    public static final int SECCOMP_USER_NOTIF_FLAG_CONTINUE = 1;

    /** A {@code struct seccomp_notif}: the cookie to answer, the caller, and its seccomp_data. */
    public record Notification(long id, int pid, int nr, int arch, long[] args) {}

    /** SECCOMP_IOCTL_NOTIF_RECV on a listener fd: blocks until a notified syscall arrives. */
    public static Notification receiveNotification(int listener) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(80, 8);
            n.fill((byte) 0); // the kernel insists on a zeroed struct
            Syscalls.call("SECCOMP_IOCTL_NOTIF_RECV", SysNr.ioctl, listener, SECCOMP_IOCTL_NOTIF_RECV, n.address());
            long[] args = new long[6];
            for (int i = 0; i < 6; i++) args[i] = n.get(java.lang.foreign.ValueLayout.JAVA_LONG, 32 + 8L * i);
            return new Notification(n.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0),
                    n.get(java.lang.foreign.ValueLayout.JAVA_INT, 8), n.get(java.lang.foreign.ValueLayout.JAVA_INT, 16),
                    n.get(java.lang.foreign.ValueLayout.JAVA_INT, 20), args);
        }
    }

    /**
     * SECCOMP_IOCTL_NOTIF_SEND: the notified syscall returns {@code val}, or fails with
     * {@code errno} (positive) when it is not 0; {@code flags} may be
     * {@link #SECCOMP_USER_NOTIF_FLAG_CONTINUE} (then val and errno must be 0).
     */
    public static void respond(int listener, long id, long val, int errno, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(24, 8);
            r.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, id);
            r.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, val);
            r.set(java.lang.foreign.ValueLayout.JAVA_INT, 16, -errno);
            r.set(java.lang.foreign.ValueLayout.JAVA_INT, 20, flags);
            Syscalls.call("SECCOMP_IOCTL_NOTIF_SEND", SysNr.ioctl, listener, SECCOMP_IOCTL_NOTIF_SEND, r.address());
        }
    }
}
