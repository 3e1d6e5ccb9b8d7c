package ecusim.emulator.memory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

/**
 * The ECU's physical RAM: {@code size} bytes at physical address {@code base}, held in host memory that the
 * CPU engine maps in place, so the kernel reads and writes guest memory at memcpy speed. Little-endian.
 *
 * <p>Implementation notes: the host memory is an anonymous private mapping ({@code mmap}), zero-filled by
 * the host kernel on first touch, so an ECU costs host memory for the RAM it uses, not for the RAM it has:
 * a hundred 64 MiB ECUs that use 4 MiB each need 400 MiB, not 6.4 GiB.
 *
 * <p>It keeps a log of the pages that may have changed since {@link #clearChangeLog()}: every page the host
 * writes through this class, and every page the guest was given write access to ({@link #mayBeWritten}, which
 * whoever installs writable mappings calls). Restoring a snapshot in place copies back only those — the
 * simulator's own dirty log, like QEMU's migration bitmap, separate from and invisible to the guest's.
 */
public final class PhysicalRam implements AutoCloseable {
    public static final int PAGE_SIZE = 4096;
    private static final java.lang.foreign.ValueLayout.OfInt LE_INT = JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int PROT_READ_WRITE = 0x3, MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;
    private static final MethodHandle MMAP, MUNMAP;

    static {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        MMAP = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MUNMAP = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    private final Arena arena = Arena.ofShared();
    private final long base;
    private final long size;
    private final MemorySegment segment;
    private final long[] changed; // one bit per page

    public PhysicalRam(long base, long size) {
        if ((base & (PAGE_SIZE - 1)) != 0 || (size & (PAGE_SIZE - 1)) != 0 || size <= 0) {
            throw new IllegalArgumentException("RAM base and size must be positive multiples of 4 KiB: base 0x"
                    + Long.toHexString(base) + ", size 0x" + Long.toHexString(size));
        }
        if (base + size > 1L << 32) throw new IllegalArgumentException("RAM [0x" + Long.toHexString(base) + ", +0x"
                + Long.toHexString(size) + ") exceeds the 32-bit physical address space");
        this.base = base;
        this.size = size;
        this.segment = map(size, arena);
        this.changed = new long[(int) ((size / PAGE_SIZE + 63) / 64)];
    }

    /** {@code size} bytes of zeroed, lazily backed host memory, unmapped when {@code arena} closes. */
    private static MemorySegment map(long size, Arena arena) {
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap failed", t);
        }
        if (address.address() == -1L) throw new IllegalStateException("the host has no address space left for " + (size >> 20) + " MiB of RAM");
        return address.reinterpret(size, arena, mapped -> {
            try {
                int ignored = (int) MUNMAP.invokeExact(mapped, size);
            } catch (Throwable t) {
                throw new IllegalStateException("munmap failed", t);
            }
        });
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
        long offset = offset(physical, 4);
        segment.set(LE_INT, offset, value);
        logPage(offset);
    }

    public void read(long physical, byte[] into, int intoOffset, int length) {
        MemorySegment.copy(segment, JAVA_BYTE, offset(physical, length), into, intoOffset, length);
    }

    public void write(long physical, byte[] from, int fromOffset, int length) {
        long offset = offset(physical, length);
        MemorySegment.copy(from, fromOffset, segment, JAVA_BYTE, offset, length);
        logRange(offset, length);
    }

    public void fill(long physical, long length, byte value) {
        long offset = offset(physical, length);
        segment.asSlice(offset, length).fill(value);
        logRange(offset, length);
    }

    /** Copies {@code length} bytes inside RAM (the ranges may overlap). */
    public void copy(long fromPhysical, long toPhysical, long length) {
        long from = offset(fromPhysical, length), to = offset(toPhysical, length);
        MemorySegment.copy(segment, from, segment, to, length);
        logRange(to, length);
    }

    // ---------------------------------------------------------------- change log

    /** The guest may write the page holding {@code physical} from now on (a writable mapping of it was made). */
    public void mayBeWritten(long physical) {
        if (contains(physical, 1)) logPage(physical - base);
    }

    /** Starts a new interval of the change log: no page is marked. */
    public void clearChangeLog() {
        java.util.Arrays.fill(changed, 0);
    }

    /** Physical addresses of the pages marked in the change log, ascending. */
    public long[] changedPages() {
        int n = 0;
        for (long word : changed) n += Long.bitCount(word);
        long[] out = new long[n];
        int i = 0;
        for (int w = 0; w < changed.length; w++) {
            for (long word = changed[w]; word != 0; word &= word - 1) {
                out[i++] = base + ((long) w * 64 + Long.numberOfTrailingZeros(word)) * PAGE_SIZE;
            }
        }
        return out;
    }

    private void logPage(long offset) {
        long page = offset >>> 12;
        changed[(int) (page >>> 6)] |= 1L << page;
    }

    private void logRange(long offset, long length) {
        if (length <= 0) return;
        for (long page = offset >>> 12, last = (offset + length - 1) >>> 12; page <= last; page++) {
            changed[(int) (page >>> 6)] |= 1L << page;
        }
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
