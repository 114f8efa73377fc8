package dev.jrunc.linux.trampoline;

import dev.jrunc.linux.Errno;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * A built launch plan: one contiguous mmap'd region holding a 64-byte header, the entries and the
 * data they point to (plus a small stack used only in vfork mode). Made by {@link PlanBuilder};
 * run by {@link Trampoline#launch}. A plan may be launched more than once, but not concurrently
 * in vfork mode (the child writes results into the shared region).
 *
 * <p>Entry layout (64 bytes, little endian; entry k at {@link #entriesAddress()} + 64*k):
 * <pre>
 *   +0   u32  nr        syscall number
 *   +4   u16  ignore    errno that counts as success (0: none)
 *   +6   u8   refmask   bit i: args[i] is an entry index j &lt; k, replaced by entry j's saved result
 *   +7   u8   reserved
 *   +8   i64  args[6]
 *   +56  i64  result    raw result, written by the child
 * </pre>
 * Header (64 bytes before entry 0): resolved args scratch (48), failure record {i32 index, i32 errno} (8), reserved (8).
 */
public final class Plan implements AutoCloseable {
    /** Java-side view of one entry: what {@link #describe()} and failure messages use. */
    public record Entry(int nr, int ignoreErrno, List<Arg> args, String description) {}

    private final MemorySegment region;
    private final List<Entry> entries;
    private final int[] rseqPatches;
    private final boolean needsOwnMemory;
    private final long stackOffset;
    private final long stackSize;
    private boolean closed;

    Plan(MemorySegment region, List<Entry> entries, List<Integer> rseqPatches, boolean needsOwnMemory,
         long stackOffset, long stackSize) {
        this.region = region;
        this.entries = List.copyOf(entries);
        this.rseqPatches = rseqPatches.stream().mapToInt(Integer::intValue).toArray();
        this.needsOwnMemory = needsOwnMemory;
        this.stackOffset = stackOffset;
        this.stackSize = stackSize;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("plan closed");
        }
    }

    public int entryCount() {
        return entries.size();
    }

    public Entry entry(int step) {
        return entries.get(step);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The step's description, or "step N" for an index outside the plan. */
    public String description(int step) {
        return step >= 0 && step < entries.size() ? entries.get(step).description() : "step " + step;
    }

    /** Address of entry 0 (what the trampoline gets). */
    public long entriesAddress() {
        return region.address() + PlanBuilder.HEADER;
    }

    public long regionAddress() {
        return region.address();
    }

    public long regionSize() {
        return region.byteSize();
    }

    long stackAddress() {
        return region.address() + stackOffset;
    }

    long stackSize() {
        return stackSize;
    }

    /** True if the plan must run in its own copy of memory (fork mode): it unmaps memory or unregisters rseq. */
    public boolean needsOwnMemory() {
        return needsOwnMemory;
    }

    boolean hasThreadPatches() {
        return rseqPatches.length > 0;
    }

    void patchThreadRseqArea(long address) {
        for (int k : rseqPatches) {
            long off = PlanBuilder.HEADER + (long) k * PlanBuilder.ENTRY + 8; // args[0]
            region.set(ValueLayout.JAVA_LONG, off, address);
        }
    }

    /**
     * The raw result the child saved for {@code step}. Only meaningful in this process after a
     * vfork-mode launch (shared memory); after a fork-mode launch the child wrote its own copy.
     */
    public long result(int step) {
        checkOpen();
        return region.get(ValueLayout.JAVA_LONG, PlanBuilder.HEADER + (long) step * PlanBuilder.ENTRY + 56);
    }

    /** One step, strace style: {@code mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL)}. */
    public String describeCall(int step) {
        Entry e = entries.get(step);
        return StraceFormat.call(e.nr(), e.args());
    }

    /**
     * The whole plan, one step a line:
     * {@code #12 mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL) = ? // mounting proc on /proc}.
     * {@code $k} stands for the result of step k; {@code (EEXIST ok)} marks an ignored errno.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append('#').append(i).append(' ').append(describeCall(i)).append(" = ?");
            if (e.ignoreErrno() != 0) {
                sb.append(" (").append(Errno.name(e.ignoreErrno())).append(" ok)");
            }
            sb.append(" // ").append(e.description()).append('\n');
        }
        return sb.toString();
    }

    /** Same as {@link #describe()}. */
    public String toStraceString() {
        return describe();
    }

    @Override
    public String toString() {
        return "Plan[" + entries.size() + " steps at 0x" + Long.toHexString(region.address()) + "]";
    }

    /** Unmaps the region. Do not close a plan whose vfork-mode launch is still running. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.munmap(region);
        }
    }
}
