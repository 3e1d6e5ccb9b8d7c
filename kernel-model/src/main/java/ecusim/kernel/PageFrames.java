package ecusim.kernel;

import ecusim.emulator.memory.PhysicalRam;
import java.util.BitSet;

/**
 * The ECU's pool of physical page frames, from which the kernel takes its objects' memory (translation
 * tables, UTCBs) and core its dataspaces: lowest free frame first, so the physical layout is the same in
 * every run. Frames come back zeroed. Who may take how much is decided by quotas ({@link RamQuota}), not
 * here; an exhausted pool answers {@link #NONE}.
 *
 * <p>A free frame is always zero (frames are zeroed when they come back, and RAM starts zeroed), so the
 * content of an ECU's RAM is that of its allocated frames: a snapshot saves those only. The pool also
 * remembers every frame handed out since {@link #takeTouched()}: only those can differ from a snapshot.
 */
public final class PageFrames {
    /** What {@link #allocate} returns when no frame is left. */
    public static final long NONE = -1;

    private final PhysicalRam ram;
    private final long base;
    private final int count;
    private final BitSet used;
    private final BitSet touched;
    private int free;

    /** Frames in {@code [base, base + bytes)}, page aligned. */
    public PageFrames(PhysicalRam ram, long base, long bytes) {
        if ((base & (PhysicalRam.PAGE_SIZE - 1)) != 0) throw new IllegalArgumentException("base not page aligned");
        if (!ram.contains(base, bytes)) throw new IllegalArgumentException("frames outside RAM");
        this.ram = ram;
        this.base = base;
        this.count = (int) (bytes / PhysicalRam.PAGE_SIZE);
        this.used = new BitSet(count);
        this.touched = new BitSet(count);
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
                touched.set(index, index + pages);
                free -= pages;
                return base + (long) index * PhysicalRam.PAGE_SIZE; // zero: free frames are
            }
            index = used.nextClearBit(busy); // the free run was too short
        }
        return NONE;
    }

    /** Returns one frame to the pool. */
    public void release(long frame) {
        release(frame, 1);
    }

    /** Returns {@code pages} consecutive frames starting at {@code frame}; they are zeroed. */
    public void release(long frame, int pages) {
        int index = (int) ((frame - base) / PhysicalRam.PAGE_SIZE);
        if (frame < base || index + pages > count || used.nextClearBit(index) < index + pages) {
            throw new IllegalArgumentException("frames 0x" + Long.toHexString(frame) + " +" + pages + " are not allocated");
        }
        ram.fill(frame, (long) pages * PhysicalRam.PAGE_SIZE, (byte) 0);
        used.clear(index, index + pages);
        free += pages;
    }

    /** Physical addresses of the allocated frames, ascending. */
    public long[] allocated() {
        long[] out = new long[count - free];
        int i = 0;
        for (int index = used.nextSetBit(0); index >= 0; index = used.nextSetBit(index + 1)) {
            out[i++] = base + (long) index * PhysicalRam.PAGE_SIZE;
        }
        return out;
    }

    /** Whether the frame at {@code frame} is allocated. */
    public boolean isAllocated(long frame) {
        long index = (frame - base) / PhysicalRam.PAGE_SIZE;
        return frame >= base && index < count && used.get((int) index);
    }

    /**
     * Frames handed out since the last call (allocated now or allocated and freed meanwhile), ascending, and
     * a new interval begun: with the frames allocated when it began, they are all that can have changed.
     */
    public long[] takeTouched() {
        long[] out = new long[touched.cardinality()];
        int i = 0;
        for (int index = touched.nextSetBit(0); index >= 0; index = touched.nextSetBit(index + 1)) {
            out[i++] = base + (long) index * PhysicalRam.PAGE_SIZE;
        }
        touched.clear();
        return out;
    }

    /**
     * Makes exactly {@code frames} (ascending physical addresses) the allocated ones, as a snapshot says; the
     * caller puts their content back and zeroes frames that become free.
     */
    public void restore(long[] frames) {
        used.clear();
        for (long frame : frames) {
            long index = (frame - base) / PhysicalRam.PAGE_SIZE;
            if (frame < base || (frame & (PhysicalRam.PAGE_SIZE - 1)) != 0 || index >= count) {
                throw new IllegalArgumentException("frame 0x" + Long.toHexString(frame) + " outside the pool");
            }
            used.set((int) index);
        }
        free = count - used.cardinality();
        touched.clear();
    }

    public long freeBytes() {
        return (long) free * PhysicalRam.PAGE_SIZE;
    }

    public long totalBytes() {
        return (long) count * PhysicalRam.PAGE_SIZE;
    }
}
