package ecusim.core;

import ecusim.emulator.memory.PhysicalRam;
import java.util.BitSet;

/**
 * Core's allocator of physical page frames for dataspaces: lowest free frame first, so the physical layout
 * is the same in every run. Frames come back zeroed.
 */
public final class PageFrames {
    private final PhysicalRam ram;
    private final long base;
    private final int count;
    private final BitSet used;
    private int free;

    /** Frames in {@code [base, base + bytes)}, page aligned. */
    public PageFrames(PhysicalRam ram, long base, long bytes) {
        if ((base & (PhysicalRam.PAGE_SIZE - 1)) != 0) throw new IllegalArgumentException("base not page aligned");
        this.ram = ram;
        this.base = base;
        this.count = (int) (bytes / PhysicalRam.PAGE_SIZE);
        this.used = new BitSet(count);
        this.free = count;
    }

    /** A zeroed frame, or -1 when none is left. */
    public long allocate() {
        int index = used.nextClearBit(0);
        if (index >= count) return -1;
        used.set(index);
        free--;
        long frame = base + (long) index * PhysicalRam.PAGE_SIZE;
        ram.fill(frame, PhysicalRam.PAGE_SIZE, (byte) 0);
        return frame;
    }

    public void release(long frame) {
        int index = (int) ((frame - base) / PhysicalRam.PAGE_SIZE);
        if (index < 0 || index >= count || !used.get(index)) throw new IllegalArgumentException("frame 0x" + Long.toHexString(frame) + " is not allocated");
        used.clear(index);
        free++;
    }

    public long freeBytes() {
        return (long) free * PhysicalRam.PAGE_SIZE;
    }
}
