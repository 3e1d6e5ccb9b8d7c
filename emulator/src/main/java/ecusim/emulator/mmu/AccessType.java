package ecusim.emulator.mmu;

/** The kind of a memory access, for permission checks. */
public enum AccessType {
    READ, WRITE, EXECUTE
}
