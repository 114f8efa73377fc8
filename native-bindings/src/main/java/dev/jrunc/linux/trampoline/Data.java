package dev.jrunc.linux.trampoline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A block of bytes inside a plan's memory region, usable as a pointer {@link Arg}. Made by
 * {@link PlanBuilder} ({@code cstring}, {@code buffer}, {@code stringArray} ...). The contents may be
 * changed with the {@code put*} methods until the plan is built.
 */
public final class Data implements Arg {
    private final PlanBuilder owner;
    private final MemorySegment segment;
    private final long offset;
    private String display;

    Data(PlanBuilder owner, MemorySegment segment, long offset, String display) {
        this.owner = owner;
        this.segment = segment;
        this.offset = offset;
        this.display = display;
    }

    /** Absolute address (what the child sees). */
    public long address() {
        return segment.address() + offset;
    }

    public long size() {
        return segment.byteSize() - offset;
    }

    /** A pointer {@code offset} bytes into this block (same memory, no copy). */
    public Data at(long offset) {
        if (offset < 0 || offset > size()) {
            throw new IndexOutOfBoundsException(offset);
        }
        return new Data(owner, segment, this.offset + offset, "&" + display() + "[" + offset + "]");
    }

    /** How {@link Plan#describe()} prints this pointer, e.g. {@code "\"/proc\""} or {@code "{SIG_DFL}"}. */
    public String display() {
        return display;
    }

    public Data display(String text) {
        this.display = text;
        return this;
    }

    public Data putLong(long off, long v) {
        owner.checkOpen();
        segment.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + off, v);
        return this;
    }

    public Data putInt(long off, int v) {
        owner.checkOpen();
        segment.set(ValueLayout.JAVA_INT_UNALIGNED, offset + off, v);
        return this;
    }

    public Data putByte(long off, byte v) {
        owner.checkOpen();
        segment.set(ValueLayout.JAVA_BYTE, offset + off, v);
        return this;
    }

    /** Stores the address of {@code target} (which must belong to the same plan) at {@code off}. */
    public Data putPointer(long off, Data target) {
        if (target != null && target.owner != owner) {
            throw new IllegalArgumentException("pointer into another plan");
        }
        return putLong(off, target == null ? 0 : target.address());
    }

    PlanBuilder owner() {
        return owner;
    }

    @Override
    public String toString() {
        return display();
    }
}
