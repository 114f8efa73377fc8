package dev.jrunc.linux;

import dev.jrunc.linux.generated.seccomp.scmp_arg_cmp;
import dev.jrunc.linux.generated.seccomp.seccomp_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A libseccomp filter context, used only to compile a profile to classic BPF in the JVM
 * ({@link #exportBpf()}); the program is installed later by a raw {@code seccomp(2)} step
 * of a launch plan, so libseccomp never runs in a container's process.
 *
 * <p>libseccomp ({@code libseccomp.so.2}) is looked up on first use of this class, so only a
 * command that compiles a seccomp profile pays for loading and linking it.
 */
public final class LibSeccomp implements AutoCloseable {

    /** One argument comparison: {@code op} is a {@code SCMP_CMP_*} value. */
    public record ArgCmp(int index, int op, long datumA, long datumB) {}

    private final Arena arena = Arena.ofConfined();
    private MemorySegment ctx;

    private LibSeccomp(MemorySegment ctx) {
        this.ctx = ctx;
    }

    /** Whether libseccomp can be loaded here (false when the library is missing). */
    public static boolean available() {
        try {
            seccomp_h.seccomp_api_get();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** libseccomp's API level (seccomp_api_get): 3 adds LOG and KILL_PROCESS, 5 NOTIFY, ... */
    public static int apiLevel() {
        return seccomp_h.seccomp_api_get();
    }

    /** The library version, as "major.minor.micro". */
    public static String version() {
        MemorySegment v = seccomp_h.seccomp_version().reinterpret(12);
        return v.get(java.lang.foreign.ValueLayout.JAVA_INT, 0) + "." + v.get(java.lang.foreign.ValueLayout.JAVA_INT, 4)
                + "." + v.get(java.lang.foreign.ValueLayout.JAVA_INT, 8);
    }

    /** seccomp_init(defaultAction): a context holding the native architecture. */
    public static LibSeccomp create(int defaultAction) {
        MemorySegment ctx = seccomp_h.seccomp_init(defaultAction);
        if (ctx.equals(MemorySegment.NULL)) {
            throw new LinuxException("seccomp_init 0x" + Integer.toHexString(defaultAction), Errno.EINVAL);
        }
        return new LibSeccomp(ctx);
    }

    /**
     * The syscall number of {@code name} on the native architecture; -1 ({@code __NR_SCMP_ERROR})
     * when unknown. Other negative numbers are libseccomp's pseudo-syscalls (names the native
     * architecture lacks but an added one has), valid in {@link #addRule}.
     */
    public static int resolve(String name) {
        try (Arena a = Arena.ofConfined()) {
            return seccomp_h.seccomp_syscall_resolve_name(a.allocateFrom(name));
        }
    }

    /** seccomp_arch_add; an architecture already present (EEXIST) is fine. */
    public void addArch(int token) {
        int rc = seccomp_h.seccomp_arch_add(ctx(), token);
        if (rc < 0 && -rc != Errno.EEXIST) {
            throw new LinuxException("seccomp_arch_add 0x" + Integer.toHexString(token), -rc);
        }
    }

    /** seccomp_attr_set(attr, value). */
    public void setAttr(int attr, int value) {
        check("seccomp_attr_set " + attr, seccomp_h.seccomp_attr_set(ctx(), attr, value));
    }

    /** seccomp_rule_add_array: {@code action} when syscall {@code nr} matches every comparison. */
    public void addRule(int action, int nr, List<ArgCmp> cmps) {
        MemorySegment arr = MemorySegment.NULL;
        if (!cmps.isEmpty()) {
            arr = scmp_arg_cmp.allocateArray(cmps.size(), arena);
            for (int i = 0; i < cmps.size(); i++) {
                ArgCmp c = cmps.get(i);
                MemorySegment e = scmp_arg_cmp.asSlice(arr, i);
                scmp_arg_cmp.arg(e, c.index());
                scmp_arg_cmp.op(e, c.op());
                scmp_arg_cmp.datum_a(e, c.datumA());
                scmp_arg_cmp.datum_b(e, c.datumB());
            }
        }
        check("seccomp_rule_add_array syscall " + nr, seccomp_h.seccomp_rule_add_array(ctx(), action, nr, cmps.size(), arr));
    }

    /** The filter as a classic-BPF program: an array of 8-byte {@code struct sock_filter}. */
    public byte[] exportBpf() {
        // seccomp_export_bpf_mem arrived in libseccomp 2.6: export to a memfd and read it back
        int fd = Linux.memfdCreate("jrunc-seccomp", 1 /* MFD_CLOEXEC */);
        try {
            check("seccomp_export_bpf", seccomp_h.seccomp_export_bpf(ctx(), fd));
            long size = Syscalls.call("lseek memfd", SysNr.lseek, fd, 0, 2 /* SEEK_END */);
            Syscalls.call("lseek memfd", SysNr.lseek, fd, 0, 0 /* SEEK_SET */);
            byte[] out = new byte[(int) size];
            int off = 0;
            while (off < out.length) {
                int n = Linux.read(fd, out, off, out.length - off);
                if (n == 0) break;
                off += n;
            }
            if (off != out.length || out.length % 8 != 0) {
                throw new LinuxException("seccomp_export_bpf: short program", Errno.EIO);
            }
            return out;
        } finally {
            Linux.closeQuietly(fd);
        }
    }

    private MemorySegment ctx() {
        if (ctx == null) throw new IllegalStateException("libseccomp context released");
        return ctx;
    }

    private static void check(String what, int rc) {
        if (rc < 0) throw new LinuxException(what, -rc);
    }

    @Override
    public void close() {
        if (ctx != null) {
            seccomp_h.seccomp_release(ctx);
            ctx = null;
        }
        arena.close();
    }
}
