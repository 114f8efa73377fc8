package dev.jrunc.linux.trampoline;

import dev.jrunc.linux.Errno;
import dev.jrunc.linux.SysNr;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds a {@link Plan}: entries (one raw syscall each) and the data they point to, written
 * directly into the plan's own mmap'd region, so every pointer is final when it is made.
 *
 * <p>Region layout: {@code [header 64][entries maxEntries*64][data dataCapacity][vfork stack]}, page
 * rounded, MAP_NORESERVE (untouched pages cost nothing). Entry layout: see {@link Plan}.
 *
 * <p>Not thread-safe. {@link #build()} hands the region to the Plan; {@link #close()} frees it if
 * build was never called.
 */
public final class PlanBuilder implements AutoCloseable {
    static final int HEADER = 64;
    static final int ENTRY = 64;
    static final int STACK = 8192;

    public static final int DEFAULT_MAX_ENTRIES = 1024;
    public static final int DEFAULT_DATA_CAPACITY = 256 * 1024;

    /** Kernel {@code ~0U} for close_range's last fd. */
    public static final long MAX_FD = 0xffffffffL;

    private final MemorySegment region;
    private final int maxEntries;
    private final long dataStart;
    private final long dataEnd;
    private long dataTop;
    private final List<Plan.Entry> entries = new ArrayList<>();
    private final List<Integer> rseqPatches = new ArrayList<>();
    private boolean needsOwnMemory;
    private boolean built;
    private Data zeroSigaction;
    private Data emptySigset;

    public PlanBuilder() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_DATA_CAPACITY);
    }

    public PlanBuilder(int maxEntries, int dataCapacity) {
        if (maxEntries <= 0 || maxEntries > 0x7fff_ffff / ENTRY || dataCapacity < 0) {
            throw new IllegalArgumentException("bad plan capacity");
        }
        this.maxEntries = maxEntries;
        this.dataStart = HEADER + (long) maxEntries * ENTRY;
        this.dataEnd = dataStart + dataCapacity;
        this.dataTop = dataStart;
        this.region = Native.mmap(Native.pageRound(dataEnd) + STACK);
    }

    void checkOpen() {
        if (built) {
            throw new IllegalStateException("plan already built");
        }
    }

    /** Number of entries so far = index of the next entry. */
    public int size() {
        return entries.size();
    }

    // ------------------------------------------------------------------ entries

    /**
     * Appends {@code syscall(nr, args...)} (at most 6 args; missing ones are 0). Returns its index.
     * {@code description} says what the step does in words ("mounting proc on /proc"); it names the
     * step in failure messages.
     */
    public int add(String description, int nr, Arg... args) {
        return addIgnoring(0, description, nr, args);
    }

    /** Like {@link #add}, but a failure with {@code ignoreErrno} (e.g. EEXIST) counts as success. */
    public int addIgnoring(int ignoreErrno, String description, int nr, Arg... args) {
        checkOpen();
        if (args.length > 6) {
            throw new IllegalArgumentException("at most 6 syscall arguments");
        }
        if (ignoreErrno < 0 || ignoreErrno > 4095) {
            throw new IllegalArgumentException("bad errno " + ignoreErrno);
        }
        int index = entries.size();
        if (index >= maxEntries) {
            throw new IllegalStateException("plan full (" + maxEntries + " entries)");
        }
        long off = HEADER + (long) index * ENTRY;
        int mask = 0;
        region.set(ValueLayout.JAVA_INT, off, nr);
        region.set(ValueLayout.JAVA_SHORT, off + 4, (short) ignoreErrno);
        for (int i = 0; i < 6; i++) {
            long v = 0;
            if (i < args.length) {
                // instanceof, not a pattern switch: each pattern switch bootstraps a class
                // generated at run time (SwitchBootstraps), a few ms of every launch
                Arg a = args[i];
                if (a instanceof Arg.Literal l) {
                    v = l.value();
                } else if (a instanceof Arg.Result r) {
                    if (r.entry() >= index) {
                        throw new IllegalArgumentException("step " + index + " refers to the result of step "
                                + r.entry() + ", which does not run before it");
                    }
                    v = r.entry();
                    mask |= 1 << i;
                } else if (a instanceof Data d) {
                    if (d.owner() != this) {
                        throw new IllegalArgumentException("data of another plan");
                    }
                    v = d.address();
                } else if (a instanceof Arg.Special) {
                    rseqPatches.add(index);
                    needsOwnMemory = true;
                } else {
                    throw new NullPointerException("argument " + i);
                }
            }
            region.set(ValueLayout.JAVA_LONG, off + 8 + 8L * i, v);
        }
        region.set(ValueLayout.JAVA_BYTE, off + 6, (byte) mask);
        region.set(ValueLayout.JAVA_LONG, off + 56, 0);
        entries.add(new Plan.Entry(nr, ignoreErrno, List.of(args), description));
        return index;
    }

    // ------------------------------------------------------------------ data

    private Data alloc(long size, long align, String display) {
        checkOpen();
        long at = (dataTop + align - 1) & -align;
        if (at + size > dataEnd) {
            throw new IllegalStateException("plan data area full (" + (dataEnd - dataStart) + " bytes)");
        }
        dataTop = at + size;
        return new Data(this, region.asSlice(at, Math.max(size, 0)), 0, display);
    }

    /** A zeroed block of {@code size} bytes, 16-byte aligned. */
    public Data buffer(long size, String display) {
        return alloc(size, 16, display);
    }

    public Data buffer(long size) {
        return buffer(size, "<" + size + " bytes>");
    }

    public Data bytes(byte[] b, String display) {
        Data d = alloc(b.length, 8, display);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, region, d.address() - region.address(), b.length);
        return d;
    }

    /** A NUL-terminated UTF-8 string; prints as {@code "..."}. */
    public Data cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = Arrays.copyOf(b, b.length + 1);
        return bytes(z, StraceFormat.quote(s));
    }

    /** A NULL-terminated array of pointers (NULL elements allowed). */
    public Data pointerArray(List<Data> items) {
        Data arr = alloc(8L * (items.size() + 1), 8, null);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            arr.putPointer(8L * i, items.get(i));
            sb.append(i == 0 ? "" : ", ").append(items.get(i) == null ? "NULL" : items.get(i).display());
        }
        return arr.display(sb.append(']').toString());
    }

    /** argv/envp: a NULL-terminated array of C strings. */
    public Data stringArray(List<String> strings) {
        List<Data> items = new ArrayList<>(strings.size());
        for (String s : strings) {
            items.add(cstring(s));
        }
        return pointerArray(items);
    }

    // ------------------------------------------------------------------ common steps

    /** {@code write(fd, bytes, n)}. */
    public int write(int fd, byte[] bytes, String description) {
        Data d = bytes(bytes, StraceFormat.quote(new String(bytes, StandardCharsets.UTF_8)));
        return add(description, SysNr.write, Arg.of(fd), d, Arg.of(bytes.length));
    }

    /** {@code execve(path, argv, envp)}; the normal last step. */
    public int execve(String path, List<String> argv, List<String> envp) {
        return add("executing " + path, SysNr.execve, cstring(path), stringArray(argv), stringArray(envp));
    }

    /**
     * Emits a "report" record {@code {~index, code}} on {@code fd} (the error fd), e.g. READY before
     * the plan blocks. The parent reads it as a {@link PlanReport}.
     */
    public int report(int fd, int code, String description) {
        int index = size();
        Data rec = buffer(PlanRecord.SIZE, "{report " + code + "}");
        rec.putInt(0, ~index).putInt(4, code);
        return add(description, SysNr.write, Arg.of(fd), rec, Arg.of(PlanRecord.SIZE));
    }

    /**
     * A sync point: the child blocks in {@code read(fd, buf, 1)} until the parent writes a byte. If the
     * parent closes the pipe instead (or dies), read returns 0 and the following check step,
     * {@code prctl(<read result>, 0, ...)}, fails with EINVAL (option 0 does not exist; option 1,
     * PR_SET_PDEATHSIG with signal 0, is a no-op), so the child stops without any branching.
     * Returns the index of the read step. To abort, the parent kills the child.
     */
    public int syncPoint(int fd, String description) {
        Data buf = buffer(8, "buf");
        int r = add(description, SysNr.read, Arg.of(fd), buf, Arg.of(1));
        add(description + ": parent closed the sync pipe", SysNr.prctl, Arg.result(r), Arg.of(0), Arg.of(0),
                Arg.of(0), Arg.of(0));
        return r;
    }

    /** {@code close(fd)}, e.g. the child's copy of a sync pipe's write end, so that EOF can reach it. */
    public int close(int fd, String description) {
        return add(description, SysNr.close, Arg.of(fd));
    }

    /** {@code dup3(fd, target, 0)}: the copy has no O_CLOEXEC. For {@code fd == target} clears FD_CLOEXEC instead. */
    public int dupTo(int fd, int target, String description) {
        if (fd == target) {
            return add(description, SysNr.fcntl, Arg.of(fd), Arg.of(2, "F_SETFD"), Arg.of(0));
        }
        return add(description, SysNr.dup3, Arg.of(fd), Arg.of(target), Arg.of(0));
    }

    // ------------------------------------------------------------------ child hygiene

    /**
     * Unregisters glibc's rseq area of the launching thread (fork mode only): a forked child that
     * unmaps the JVM's memory must do this first, or the kernel's rseq update faults forever. The
     * address is measured by {@link Trampoline#launch} on the launching thread. Returns the step index,
     * or -1 (no step) when glibc did not register rseq.
     */
    public int unregisterRseq() {
        int len = Native.rseqRegisteredLength();
        if (len == 0) {
            return -1;
        }
        return add("unregistering rseq", Native.SYS_RSEQ, Arg.THREAD_RSEQ_AREA, Arg.of(len),
                Arg.of(1, "RSEQ_FLAG_UNREGISTER"), Arg.of(0x53053053L, "RSEQ_SIG"));
    }

    /** {@code rt_sigaction(sig, {SIG_DFL}, NULL, 8)} for signals 1..64 except SIGKILL, SIGSTOP (EINVAL ignored). */
    public void resetSignalHandlers() {
        if (zeroSigaction == null) {
            zeroSigaction = buffer(32, "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}");
        }
        for (int sig = 1; sig <= 64; sig++) {
            if (sig == 9 || sig == 19) {
                continue;
            }
            addIgnoring(Errno.EINVAL, "resetting " + StraceFormat.signal(sig) + " to SIG_DFL", SysNr.rt_sigaction,
                    Arg.of(sig), zeroSigaction, Arg.NULL, Arg.of(8));
        }
    }

    /** {@code rt_sigprocmask(SIG_SETMASK, [], NULL, 8)}: Java threads block some signals. */
    public int resetSignalMask() {
        if (emptySigset == null) {
            emptySigset = buffer(8, "[]");
        }
        return add("unblocking all signals", SysNr.rt_sigprocmask, Arg.of(2, "SIG_SETMASK"), emptySigset, Arg.NULL,
                Arg.of(8));
    }

    /**
     * Marks every fd &ge; 3 close-on-exec except {@code keep} ({@code close_range(lo, hi, CLOSE_RANGE_CLOEXEC)}
     * over the gaps), and clears FD_CLOEXEC on the kept ones, so exactly 0-2 and {@code keep} reach
     * the exec'd program. Move fds to their final numbers ({@link #dupTo}) before this.
     */
    public void closeFdsOnExec(int... keep) {
        TreeSet<Integer> k = new TreeSet<>();
        for (int fd : keep) {
            if (fd >= 3) {
                k.add(fd);
            }
        }
        long lo = 3;
        for (int fd : k) {
            if (fd > lo) {
                closeRange(lo, fd - 1);
            }
            lo = fd + 1L;
        }
        closeRange(lo, MAX_FD);
        for (int fd : k) {
            add("keeping fd " + fd + " open across exec", SysNr.fcntl, Arg.of(fd), Arg.of(2, "F_SETFD"), Arg.of(0));
        }
    }

    private void closeRange(long lo, long hi) {
        add("marking fds " + lo + (hi == MAX_FD ? " and up" : ".." + hi) + " close-on-exec", SysNr.close_range,
                Arg.of(lo), hi == MAX_FD ? Arg.of(hi, "~0U") : Arg.of(hi), Arg.of(4, "CLOSE_RANGE_CLOEXEC"));
    }

    /**
     * Unmaps every part of the address space except the trampoline's code page, this plan's region
     * and [vdso]/[vvar]/[vsyscall] (fork mode only; do {@link #unregisterRseq()} and
     * {@link #resetSignalHandlers()} before). A few munmap steps over the gaps (unmapping a range
     * without mappings is allowed), so the count does not depend on the JVM's mappings. Afterwards
     * the child holds only pages it touches in the plan region and the code page.
     */
    public void unmapJvm() {
        checkOpen();
        record Keep(long start, long end, String name) {}
        List<Keep> keep = new ArrayList<>();
        long code = Trampoline.codeAddress();
        keep.add(new Keep(code, code + Trampoline.codeSize(), "trampoline"));
        keep.add(new Keep(region.address(), region.address() + region.byteSize(), "plan"));
        for (Native.Mapping m : Native.selfMaps()) {
            if (m.name().equals("[vdso]") || m.name().startsWith("[vvar") || m.name().equals("[vsyscall]")) {
                keep.add(new Keep(m.start(), m.end(), m.name().replaceAll("[\\[\\]]", "")));
            }
        }
        keep.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        long at = 0;
        String after = null;
        for (Keep kp : keep) {
            if (Long.compareUnsigned(kp.start(), Native.USER_TOP) >= 0) {
                break;
            }
            if (kp.start() > at) {
                unmap(at, kp.start(), after, kp.name());
            }
            at = Math.max(at, kp.end());
            after = kp.name();
        }
        if (at < Native.USER_TOP) {
            unmap(at, Native.USER_TOP, after, null);
        }
        needsOwnMemory = true;
    }

    private void unmap(long from, long to, String after, String before) {
        String fromText = after == null ? "0" : "end(" + after + ")";
        String toText = before == null ? "USER_TOP" : "start(" + before + ")";
        add("unmapping the JVM's memory between " + (after == null ? "0" : after) + " and "
                        + (before == null ? "the top" : before),
                SysNr.munmap, Arg.of(from, fromText), Arg.of(to - from, after == null ? toText : toText + "-" + fromText));
    }

    // ------------------------------------------------------------------ build

    /** Seals the plan. The builder can no longer be used; the Plan owns (and frees) the region. */
    public Plan build() {
        checkOpen();
        built = true;
        long stackStart = Native.pageRound(dataEnd);
        return new Plan(region, entries, rseqPatches, needsOwnMemory, stackStart, STACK);
    }

    /** Frees the region unless {@link #build()} handed it to a Plan. */
    @Override
    public void close() {
        if (!built) {
            built = true;
            Native.munmap(region);
        }
    }
}
