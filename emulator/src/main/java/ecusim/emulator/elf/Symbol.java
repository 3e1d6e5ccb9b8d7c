package ecusim.emulator.elf;

/** A named address from the symbol table; Thumb functions have bit 0 of their value cleared and {@code thumb} set. */
public record Symbol(String name, int value, int size, Kind kind, boolean thumb) {
    public enum Kind { FUNCTION, OBJECT, OTHER }
}
