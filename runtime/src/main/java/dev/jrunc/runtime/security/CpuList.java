package dev.jrunc.runtime.security;

import java.util.BitSet;

/** A kernel CPU list ("0-3,7,9-11") as a bit set. */
public final class CpuList {
    private CpuList() {}

    /** The highest CPU number accepted (the kernel's NR_CPUS limit on x86-64 is 8192). */
    public static final int MAX_CPU = 8191;

    public static BitSet parse(String list) {
        BitSet set = new BitSet();
        for (String part : list.trim().split(",")) {
            String p = part.trim();
            if (p.isEmpty()) throw new IllegalArgumentException("invalid CPU list \"" + list + "\"");
            int dash = p.indexOf('-');
            int lo, hi;
            try {
                lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid CPU list \"" + list + "\"");
            }
            if (lo < 0 || hi < lo || hi > MAX_CPU) throw new IllegalArgumentException("invalid CPU list \"" + list + "\"");
            set.set(lo, hi + 1);
        }
        return set;
    }

    /** The set as a little-endian cpu_set_t of whole 64-bit words. */
    public static byte[] mask(BitSet set) {
        long[] words = set.toLongArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Math.max(8, words.length * 8))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long w : words) b.putLong(w);
        return b.array();
    }
}
