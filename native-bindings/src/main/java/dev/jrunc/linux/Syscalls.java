package dev.jrunc.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Raw system calls through libc's {@code syscall(2)}.
 *
 * <p>The whole hand-written layer funnels through a single downcall shape,
 * {@code (long, long, long, long, long, long, long) -> long}, linked lazily on first use
 * (linking a shape costs several milliseconds of JVM startup). errno is captured with
 * {@link Linker.Option#captureCallState(String...)} and turned into a {@code -errno} result,
 * i.e. the kernel's own convention.
 *
 * <p>Pointer arguments are passed as {@link MemorySegment#address()}.
 */
public final class Syscalls {
    private Syscalls() {}

    /** Lazily-initialised downcall; initialised on the first syscall, not on class load of callers. */
    private static final class Holder {
        static final MethodHandle SYSCALL;
        static final VarHandle ERRNO;
        static final long CAPTURE_SIZE;
        static final ThreadLocal<MemorySegment> CAPTURE;

        static {
            Linker linker = Linker.nativeLinker();
            StructLayout capture = Linker.Option.captureStateLayout();
            ERRNO = capture.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
            CAPTURE_SIZE = capture.byteSize();
            MemorySegment fn = linker.defaultLookup().find("syscall")
                    .orElseThrow(() -> new UnsatisfiedLinkError("libc syscall not found"));
            ValueLayout.OfLong j = ValueLayout.JAVA_LONG;
            SYSCALL = linker.downcallHandle(fn,
                    FunctionDescriptor.of(j, j, j, j, j, j, j, j),
                    Linker.Option.firstVariadicArg(1),
                    Linker.Option.captureCallState("errno"));
            CAPTURE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(capture));
        }
    }

    /**
     * Raw syscall(2): returns the kernel result, or {@code -errno} on failure. Never throws
     * (except for {@link Error}s from the JVM).
     */
    public static long raw(long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        MemorySegment state = Holder.CAPTURE.get();
        long r;
        try {
            r = (long) Holder.SYSCALL.invokeExact(state, nr, a0, a1, a2, a3, a4, a5);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r == -1) {
            int errno = (int) Holder.ERRNO.get(state, 0L);
            return errno == 0 ? -1 : -errno;
        }
        return r;
    }

    public static long raw(long nr) {
        return raw(nr, 0, 0, 0, 0, 0, 0);
    }

    public static long raw(long nr, long a0) {
        return raw(nr, a0, 0, 0, 0, 0, 0);
    }

    public static long raw(long nr, long a0, long a1) {
        return raw(nr, a0, a1, 0, 0, 0, 0);
    }

    public static long raw(long nr, long a0, long a1, long a2) {
        return raw(nr, a0, a1, a2, 0, 0, 0);
    }

    public static long raw(long nr, long a0, long a1, long a2, long a3) {
        return raw(nr, a0, a1, a2, a3, 0, 0);
    }

    public static long raw(long nr, long a0, long a1, long a2, long a3, long a4) {
        return raw(nr, a0, a1, a2, a3, a4, 0);
    }

    /** Like {@link #raw}, but throws {@link LinuxException}(what, errno) when the result is negative. */
    public static long call(String what, long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        long r = raw(nr, a0, a1, a2, a3, a4, a5);
        if (r < 0) {
            throw new LinuxException(what, (int) -r);
        }
        return r;
    }

    public static long call(String what, long nr) {
        return call(what, nr, 0, 0, 0, 0, 0, 0);
    }

    public static long call(String what, long nr, long a0) {
        return call(what, nr, a0, 0, 0, 0, 0, 0);
    }

    public static long call(String what, long nr, long a0, long a1) {
        return call(what, nr, a0, a1, 0, 0, 0, 0);
    }

    public static long call(String what, long nr, long a0, long a1, long a2) {
        return call(what, nr, a0, a1, a2, 0, 0, 0);
    }

    public static long call(String what, long nr, long a0, long a1, long a2, long a3) {
        return call(what, nr, a0, a1, a2, a3, 0, 0);
    }

    public static long call(String what, long nr, long a0, long a1, long a2, long a3, long a4) {
        return call(what, nr, a0, a1, a2, a3, a4, 0);
    }

    /**
     * Like {@link #call} but retries while the call fails with EINTR.
     */
    public static long callRestarting(String what, long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        long r;
        do {
            r = raw(nr, a0, a1, a2, a3, a4, a5);
        } while (r == -Errno.EINTR);
        if (r < 0) {
            throw new LinuxException(what, (int) -r);
        }
        return r;
    }
}
