package dev.jrunc.linux;

import dev.jrunc.linux.generated.clone_args;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;

/**
 * Builds a {@code struct clone_args} for clone3(2) in native memory. The clone itself is done by
 * the trampoline; this only fills the layout. Pass {@link #segment()} address and {@link #size()}.
 */
public final class CloneArgs {
    /** Field layout of {@code struct clone_args} (generated). */
    public static final long SIZE = clone_args.sizeof();

    private final MemorySegment seg;

    private CloneArgs(MemorySegment seg) {
        this.seg = seg;
    }

    /** A zeroed clone_args allocated from {@code allocator}. */
    public static CloneArgs allocate(SegmentAllocator allocator) {
        MemorySegment s = clone_args.allocate(allocator);
        s.fill((byte) 0);
        return new CloneArgs(s);
    }

    /** Wraps an existing segment of at least {@link #SIZE} bytes (not cleared). */
    public static CloneArgs wrap(MemorySegment seg) {
        if (seg.byteSize() < SIZE) {
            throw new IllegalArgumentException("segment too small for clone_args: " + seg.byteSize());
        }
        return new CloneArgs(seg);
    }

    public MemorySegment segment() {
        return seg;
    }

    public long address() {
        return seg.address();
    }

    public long size() {
        return SIZE;
    }

    /** CLONE_* flags (without the exit signal). */
    public CloneArgs flags(long flags) {
        clone_args.flags(seg, flags);
        return this;
    }

    /** Where the kernel stores the child's pidfd (CLONE_PIDFD); a 4-byte int segment. */
    public CloneArgs pidfd(MemorySegment intOut) {
        clone_args.pidfd(seg, intOut.address());
        return this;
    }

    public CloneArgs childTid(MemorySegment intOut) {
        clone_args.child_tid(seg, intOut.address());
        return this;
    }

    public CloneArgs parentTid(MemorySegment intOut) {
        clone_args.parent_tid(seg, intOut.address());
        return this;
    }

    /** Signal sent to the parent when the child exits (usually SIGCHLD = 17). */
    public CloneArgs exitSignal(int sig) {
        clone_args.exit_signal(seg, sig);
        return this;
    }

    /** Lowest address of the child's stack and its size. */
    public CloneArgs stack(long lowestAddress, long size) {
        clone_args.stack(seg, lowestAddress);
        clone_args.stack_size(seg, size);
        return this;
    }

    public CloneArgs stack(MemorySegment stack) {
        return stack(stack.address(), stack.byteSize());
    }

    public CloneArgs tls(long tls) {
        clone_args.tls(seg, tls);
        return this;
    }

    /** set_tid array (pids to use in each nested pid namespace, innermost first). */
    public CloneArgs setTid(SegmentAllocator allocator, int... tids) {
        MemorySegment arr = allocator.allocateFrom(ValueLayout.JAVA_INT, tids);
        clone_args.set_tid(seg, arr.address());
        clone_args.set_tid_size(seg, tids.length);
        return this;
    }

    /** cgroup fd for CLONE_INTO_CGROUP. */
    public CloneArgs cgroup(int fd) {
        clone_args.cgroup(seg, fd);
        return this;
    }

    public long flags() {
        return clone_args.flags(seg);
    }

    public int exitSignal() {
        return (int) clone_args.exit_signal(seg);
    }
}
