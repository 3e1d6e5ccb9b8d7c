package ecusim.kernel;

import ecusim.emulator.memory.PhysicalRam;
import java.util.BitSet;

/**
 * The ECU's pool of physical page frames, from which the kernel takes its objects' memory (translation
 * tables, UTCBs) and core its dataspaces: lowest free frame first, so the physical layout is the same in
 * every run. Frames come back zeroed. Who may take how much is decided by quotas ({@link RamQuota}), not
 * here; an exhausted pool answers {@link #NONE}.
 */
public final class PageFrames {
    /** What {@link #allocate} returns when no frame is left. */
    public static final long NONE = -1;

    private final PhysicalRam ram;
    private final long base;
    private final int count;
    private final BitSet used;
    private int free;

    /** Frames in {@code [base, base + bytes)}, page aligned. */
    public PageFrames(PhysicalRam ram, long base, long bytes) {
        if ((base & (PhysicalRam.PAGE_SIZE - 1)) != 0) throw new IllegalArgumentException("base not page aligned");
        if (!ram.contains(base, bytes)) throw new IllegalArgumentException("frames outside RAM");
        this.ram = ram;
        this.base = base;
        this.count = (int) (bytes / PhysicalRam.PAGE_SIZE);
        this.used = new BitSet(count);
        this.free = count;
    }

    /** A zeroed frame, or {@link #NONE} when none is left. */
    public long allocate() {
        return allocateAligned(1, 1);
    }

    /**
     * {@code pages} consecutive zeroed frames whose first frame number is a multiple of {@code alignPages}
     * (an L1 translation table: 4 frames, 16 KiB aligned), or {@link #NONE}.
     */
    public long allocateAligned(int pages, int alignPages) {
        if (pages <= 0 || alignPages <= 0) throw new IllegalArgumentException("pages and alignment must be positive");
        if (pages > free) return NONE;
        long firstFrame = base / PhysicalRam.PAGE_SIZE;
        int index = used.nextClearBit(0);
        while (index + pages <= count) {
            int misalignment = (int) Math.floorMod(firstFrame + index, (long) alignPages);
            if (misalignment != 0) {
                index = used.nextClearBit(index + alignPages - misalignment);
                continue;
            }
            int busy = used.nextSetBit(index);
            if (busy < 0 || busy >= index + pages) {
                used.set(index, index + pages);
                free -= pages;
                long address = base + (long) index * PhysicalRam.PAGE_SIZE;
                ram.fill(address, (long) pages * PhysicalRam.PAGE_SIZE, (byte) 0);
                return address;
            }
            index = used.nextClearBit(busy); // the free run was too short
        }
        return NONE;
    }

    /** Returns one frame to the pool. */
    public void release(long frame) {
        release(frame, 1);
    }

    /** Returns {@code pages} consecutive frames starting at {@code frame}. */
    public void release(long frame, int pages) {
        int index = (int) ((frame - base) / PhysicalRam.PAGE_SIZE);
        if (frame < base || index + pages > count || used.nextClearBit(index) < index + pages) {
            throw new IllegalArgumentException("frames 0x" + Long.toHexString(frame) + " +" + pages + " are not allocated");
        }
        used.clear(index, index + pages);
        free += pages;
    }

    public long freeBytes() {
        return (long) free * PhysicalRam.PAGE_SIZE;
    }

    public long totalBytes() {
        return (long) count * PhysicalRam.PAGE_SIZE;
    }
}
