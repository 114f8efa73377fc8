package dev.jrunc.linux.trampoline;

import dev.jrunc.linux.LinuxException;
import dev.jrunc.linux.SysNr;
import dev.jrunc.linux.Syscalls;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Package-private constants and helpers (syscall numbers missing from SysNr, memory mapping, rseq). */
final class Native {
    private Native() {}

    // syscall numbers not (yet) in dev.jrunc.linux.SysNr
    static final int SYS_MPROTECT = 10;
    static final int SYS_DUP2 = 33;
    static final int SYS_RSEQ = 334;

    static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    static final int ARCH_GET_FS = 0x1003;
    static final long PAGE = 4096;
    /** Top of the 47-bit user address space (TASK_SIZE without 5-level paging). */
    static final long USER_TOP = 0x7ffffffff000L;

    static long pageRound(long n) {
        return (n + PAGE - 1) & -PAGE;
    }

    /** Anonymous private RW mapping of {@code size} bytes (rounded to pages), zero-filled. */
    static MemorySegment mmap(long size) {
        long len = pageRound(size);
        long addr = Syscalls.call("mmap " + len + " bytes", SysNr.mmap, 0, len, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        return MemorySegment.ofAddress(addr).reinterpret(len);
    }

    static void munmap(MemorySegment seg) {
        Syscalls.raw(SysNr.munmap, seg.address(), seg.byteSize());
    }

    static void mprotect(MemorySegment seg, int prot) {
        Syscalls.call("mprotect", SYS_MPROTECT, seg.address(), seg.byteSize(), prot, 0, 0, 0);
    }

    /** The calling OS thread's thread pointer (fs base). */
    static long threadPointer() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(8, 8);
            Syscalls.call("arch_prctl(ARCH_GET_FS)", SysNr.arch_prctl, ARCH_GET_FS, out.address(), 0, 0, 0, 0);
            return out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    private static final class Rseq {
        static final long OFFSET;
        static final int SIZE;

        static {
            long off = 0;
            int size = 0;
            Optional<MemorySegment> o = find("__rseq_offset");
            Optional<MemorySegment> s = find("__rseq_size");
            if (o.isPresent() && s.isPresent()) {
                off = o.get().reinterpret(8).get(ValueLayout.JAVA_LONG, 0);
                size = s.get().reinterpret(4).get(ValueLayout.JAVA_INT, 0);
            }
            OFFSET = off;
            SIZE = size;
        }

        private static Optional<MemorySegment> find(String name) {
            Optional<MemorySegment> r = Linker.nativeLinker().defaultLookup().find(name);
            if (r.isEmpty()) {
                r = SymbolLookup.libraryLookup("libc.so.6", Arena.global()).find(name);
            }
            return r;
        }
    }

    /** glibc's {@code __rseq_size}: 0 when glibc did not register rseq (old glibc or tunable off). */
    static int rseqSize() {
        return Rseq.SIZE;
    }

    /** The length glibc registered: {@code __rseq_size} rounded up to the 32-byte {@code struct rseq}. */
    static int rseqRegisteredLength() {
        int s = Rseq.SIZE;
        return s == 0 ? 0 : Math.max(32, (s + 31) & ~31);
    }

    /** Address of the calling thread's rseq area. */
    static long threadRseqArea() {
        return threadPointer() + Rseq.OFFSET;
    }

    /** One line of /proc/self/maps. */
    record Mapping(long start, long end, String name) {}

    static List<Mapping> selfMaps() {
        try {
            List<Mapping> out = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int dash = line.indexOf('-');
                int sp = line.indexOf(' ');
                long start = Long.parseUnsignedLong(line, 0, dash, 16);
                long end = Long.parseUnsignedLong(line, dash + 1, sp, 16);
                // name is the 6th field (may be absent)
                String[] f = line.split("\\s+", 6);
                out.add(new Mapping(start, end, f.length == 6 ? f[5].trim() : ""));
            }
            return out;
        } catch (IOException e) {
            throw new LinuxException("reading /proc/self/maps: " + e.getMessage(), dev.jrunc.linux.Errno.EIO);
        }
    }
}
