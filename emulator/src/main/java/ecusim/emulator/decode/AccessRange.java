package ecusim.emulator.decode;

/**
 * The bytes an instruction accesses: {@code length} bytes from {@code start} (the lowest address; an access
 * that wraps past 2^32 keeps the unwrapped length), and whether it reads them, writes them, or both (SWP
 * reads and then writes the same word).
 */
public record AccessRange(int start, int length, boolean read, boolean write) {
    public AccessRange {
        if (!read && !write) throw new IllegalArgumentException("an access reads or writes");
    }

    /** A plain load ({@code write} false) or store ({@code write} true). */
    public AccessRange(int start, int length, boolean write) {
        this(start, length, !write, write);
    }

    @Override
    public String toString() {
        return String.format("%s [0x%08x, +%d)", read && write ? "read-write" : write ? "write" : "read", start, length);
    }
}
