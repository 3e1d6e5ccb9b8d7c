package ecusim.emulator.mmu;

import ecusim.emulator.memory.PhysicalRam;

/** Hands out physical memory from a fixed window upwards, never reusing it; for bare runs and tests. */
public final class BumpFrameAllocator implements FrameAllocator {
    private final PhysicalRam ram;
    private final long end;
    private long next;

    public BumpFrameAllocator(PhysicalRam ram, long start, long end) {
        if (!ram.contains(start, end - start)) throw new IllegalArgumentException("window outside RAM");
        this.ram = ram;
        this.next = start;
        this.end = end;
    }

    @Override
    public long allocate(int bytes, int alignment) {
        long address = (next + alignment - 1) & -(long) alignment;
        if (address + bytes > end) return EXHAUSTED;
        next = address + bytes;
        ram.fill(address, bytes, (byte) 0);
        return address;
    }

    /** The lowest address not yet handed out. */
    public long next() {
        return next;
    }

    /** Bytes not yet handed out. */
    public long remaining() {
        return end - next;
    }
}
