package ecusim.emulator.memory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The ECU's physical RAM: {@code size} bytes at physical address {@code base}, held in host memory that the
 * CPU engine maps in place, so the kernel reads and writes guest memory at memcpy speed. Little-endian.
 */
public final class PhysicalRam implements AutoCloseable {
    public static final int PAGE_SIZE = 4096;
    private static final java.lang.foreign.ValueLayout.OfInt LE_INT = JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final long base;
    private final long size;
    private final MemorySegment segment;

    public PhysicalRam(long base, long size) {
        if ((base & (PAGE_SIZE - 1)) != 0 || (size & (PAGE_SIZE - 1)) != 0 || size <= 0) {
            throw new IllegalArgumentException("RAM base and size must be positive multiples of 4 KiB: base 0x"
                    + Long.toHexString(base) + ", size 0x" + Long.toHexString(size));
        }
        if (base + size > 1L << 32) throw new IllegalArgumentException("RAM [0x" + Long.toHexString(base) + ", +0x"
                + Long.toHexString(size) + ") exceeds the 32-bit physical address space");
        this.base = base;
        this.size = size;
        this.segment = arena.allocate(size, PAGE_SIZE); // zero-filled by the arena
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    public long end() {
        return base + size;
    }

    /** The whole RAM as host memory; offset 0 is physical address {@link #base()}. */
    public MemorySegment segment() {
        return segment;
    }

    public boolean contains(long physical, long length) {
        return physical >= base && length >= 0 && physical + length <= base + size;
    }

    public int readInt(long physical) {
        return segment.get(LE_INT, offset(physical, 4));
    }

    public void writeInt(long physical, int value) {
        segment.set(LE_INT, offset(physical, 4), value);
    }

    public void read(long physical, byte[] into, int intoOffset, int length) {
        MemorySegment.copy(segment, JAVA_BYTE, offset(physical, length), into, intoOffset, length);
    }

    public void write(long physical, byte[] from, int fromOffset, int length) {
        MemorySegment.copy(from, fromOffset, segment, JAVA_BYTE, offset(physical, length), length);
    }

    public void fill(long physical, long length, byte value) {
        segment.asSlice(offset(physical, length), length).fill(value);
    }

    /** Host offset of a physical range; throws if any byte of it lies outside RAM. */
    public long offset(long physical, long length) {
        if (!contains(physical, length)) {
            throw new IndexOutOfBoundsException("physical [0x" + Long.toHexString(physical) + ", +" + length
                    + ") outside RAM [0x" + Long.toHexString(base) + ", 0x" + Long.toHexString(base + size) + ")");
        }
        return physical - base;
    }

    @Override
    public void close() {
        arena.close();
    }
}
