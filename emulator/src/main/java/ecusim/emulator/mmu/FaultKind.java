package ecusim.emulator.mmu;

/** Why an access aborted, as the short-descriptor fault status would say. */
public enum FaultKind {
    /** No valid section or page descriptor covers the address. */
    TRANSLATION,
    /** A descriptor exists but its AP or XN bits forbid the access in user mode. */
    PERMISSION,
    /** The translation allows the access, yet it aborted: an unaligned LDRD/LDM/exclusive access. */
    ALIGNMENT,
    /**
     * The abort came from an instruction whose memory access could not be decoded; the fault address is the
     * best guess (see {@code CpuEvent.DataAbort}). Nobody can resolve such a fault, only report it.
     */
    UNDECODED
}
