package ecusim.emulator.decode;

/**
 * The bytes an instruction accesses: {@code length} bytes from {@code start} (the lowest address; an access
 * that wraps past 2^32 keeps the unwrapped length), and whether it writes them.
 */
public record AccessRange(int start, int length, boolean write) {
    @Override
    public String toString() {
        return String.format("%s [0x%08x, +%d)", write ? "write" : "read", start, length);
    }
}
