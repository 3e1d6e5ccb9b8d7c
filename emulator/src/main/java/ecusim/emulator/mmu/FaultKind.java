package ecusim.emulator.mmu;

/** Why an access aborted, as the short-descriptor fault status would say. */
public enum FaultKind {
    /** No valid section or page descriptor covers the address. */
    TRANSLATION,
    /** A descriptor exists but its AP or XN bits forbid the access in user mode. */
    PERMISSION,
    /** The translation allows the access, yet it aborted: an unaligned LDRD/LDM/exclusive access. */
    ALIGNMENT
}
