package ecusim.emulator.elf;

import java.nio.charset.StandardCharsets;

/**
 * The raw bytes of one ELF file with little-endian readers and the file's name for error messages.
 * Offsets are {@code long} so that offset arithmetic on untrusted 32-bit fields cannot overflow; callers
 * check bounds with {@link #fits} before reading.
 */
final class ElfBytes {
    private final String name;
    private final byte[] bytes;

    ElfBytes(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    long length() {
        return bytes.length;
    }

    /** Whether {@code [offset, offset + size)} lies within the file. */
    boolean fits(long offset, long size) {
        return offset >= 0 && size >= 0 && offset + size <= bytes.length;
    }

    int u8(long offset) {
        return bytes[(int) offset] & 0xFF;
    }

    int u16(long offset) {
        return u8(offset) | u8(offset + 1) << 8;
    }

    int i32(long offset) {
        return u16(offset) | u16(offset + 2) << 16;
    }

    long u32(long offset) {
        return Integer.toUnsignedLong(i32(offset));
    }

    byte[] copy(long offset, long size) {
        if (size == 0) return new byte[0]; // an empty range may sit at any offset, even past the end
        byte[] copy = new byte[(int) size];
        System.arraycopy(bytes, (int) offset, copy, 0, copy.length);
        return copy;
    }

    /** The NUL-terminated string at {@code offset}, stopping at {@code limit} if no NUL comes first. */
    String cString(long offset, long limit) {
        int start = (int) offset, end = start;
        while (end < limit && bytes[end] != 0) end++;
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    /** A rejection of this file: {@code name: problem}. */
    ElfFormatException reject(String problem) {
        return new ElfFormatException(name + ": " + problem);
    }

    /** A rejection for a structure that does not fit in the file. */
    ElfFormatException truncated(String what, long offset) {
        return reject(String.format("truncated: %s at offset 0x%x extends past end of file (size %d)", what, offset, length()));
    }
}
