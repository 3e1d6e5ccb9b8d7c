package ecusim.kernel;

import java.util.BitSet;

/**
 * The 8-bit ASIDs of ARMv7 (1..255; 0 is never used): the lowest free one first, given back when a task
 * is deleted. At most 255 tasks exist at once; one more is refused.
 */
final class AsidAllocator {
    static final int MAX = 255;
    private final BitSet used = new BitSet(MAX + 1);

    AsidAllocator() {
        used.set(0);
    }

    /** A free ASID, or -1 when all 255 are in use. */
    int allocate() {
        int asid = used.nextClearBit(1);
        if (asid > MAX) return -1;
        used.set(asid);
        return asid;
    }

    void release(int asid) {
        used.clear(asid);
    }

    /** Marks exactly {@code asids} as in use (a restore). */
    void restore(int[] asids) {
        used.clear();
        used.set(0);
        for (int asid : asids) used.set(asid);
    }

    int inUse() {
        return used.cardinality() - 1;
    }
}
