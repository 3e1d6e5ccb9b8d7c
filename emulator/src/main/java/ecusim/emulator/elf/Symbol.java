package ecusim.emulator.elf;

import java.util.Objects;

/**
 * A named address from the ELF symbol table. For a Thumb function, {@code value} has bit 0 cleared (it is
 * the address of the first instruction) and {@code thumb} is set; {@code size} is 0 when the symbol has none.
 */
public record Symbol(String name, int value, int size, Kind kind, boolean thumb) {
    /** The ELF symbol types the loader keeps (STT_FUNC, STT_OBJECT, STT_NOTYPE). */
    public enum Kind { FUNC, OBJECT, NOTYPE }

    /** A Thumb symbol must be a function whose value has bit 0 already cleared. */
    public Symbol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (name.isEmpty()) throw new IllegalArgumentException("symbol name is empty");
        if (thumb && kind != Kind.FUNC) throw new IllegalArgumentException(name + ": only functions can be Thumb");
        if (thumb && (value & 1) != 0) throw new IllegalArgumentException(name + ": Thumb function value must have bit 0 cleared");
    }

    /** The unsigned address. */
    long address() {
        return Integer.toUnsignedLong(value);
    }
}
