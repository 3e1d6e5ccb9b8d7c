package ecusim.emulator.elf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A PT_LOAD segment: {@code memSize} bytes at {@code vaddr}, of which the first {@link #fileSize()} come
 * from the file ({@code data}) and the rest are zero (bss). Immutable: {@code data} is copied in and out.
 */
public record Segment(int vaddr, int memSize, byte[] data, boolean readable, boolean writable, boolean executable) {
    private static final long ADDRESS_SPACE = 1L << 32;

    /** {@code vaddr} and {@code memSize} are unsigned; the data must fit in the memory size and the range below 2^32. */
    public Segment {
        Objects.requireNonNull(data, "data");
        if (data.length > Integer.toUnsignedLong(memSize)) {
            throw new IllegalArgumentException("data length " + data.length + " exceeds memSize " + Integer.toUnsignedString(memSize));
        }
        if (Integer.toUnsignedLong(vaddr) + Integer.toUnsignedLong(memSize) > ADDRESS_SPACE) {
            throw new IllegalArgumentException(String.format("segment at 0x%x of size 0x%x wraps past 2^32", vaddr, memSize));
        }
        data = data.clone();
    }

    /** A copy of the bytes from the file (the first {@link #fileSize()} bytes of the segment). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** How many leading bytes come from the file; the remaining {@code memSize - fileSize} are zero. */
    public int fileSize() {
        return data.length;
    }

    /** The first address past the segment, unsigned; a {@code long} because a segment may end exactly at 2^32. */
    public long end() {
        return Integer.toUnsignedLong(vaddr) + Integer.toUnsignedLong(memSize);
    }

    // Records compare array components by identity; segments are values, so compare the bytes.
    @Override
    public boolean equals(Object other) {
        return other instanceof Segment s && vaddr == s.vaddr && memSize == s.memSize && Arrays.equals(data, s.data)
                && readable == s.readable && writable == s.writable && executable == s.executable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(vaddr, memSize, Arrays.hashCode(data), readable, writable, executable);
    }

    @Override
    public String toString() {
        return String.format("Segment[0x%x, 0x%x) %s%s%s filesz 0x%x", vaddr, end(),
                readable ? "r" : "-", writable ? "w" : "-", executable ? "x" : "-", data.length);
    }
}
