package ecusim.emulator.mmu;

/** A successful walk: the physical address and what user mode may do there. */
public record Translation(long physical, PagePermissions permissions) {}
