package ecusim.emulator.mmu;

import ecusim.emulator.memory.PhysicalRam;

/**
 * Walks short-descriptor tables in RAM as the MMU does for a user-mode access. The result is packed in a
 * {@code long} so the abort path does not allocate: a non-negative value is the physical address,
 * {@link #TRANSLATION_FAULT} or {@link #PERMISSION_FAULT} otherwise.
 */
public final class PageTableWalker {
    public static final long TRANSLATION_FAULT = -1, PERMISSION_FAULT = -2;

    private final PhysicalRam ram;

    public PageTableWalker(PhysicalRam ram) {
        this.ram = ram;
    }

    /** Translates {@code va} through the L1 table at {@code l1Base} for an access of {@code type} from user mode. */
    public long walk(long l1Base, int va, AccessType type) {
        long l1Address = (l1Base & 0xFFFF_C000L) + ((va >>> 20) << 2);
        if (!ram.contains(l1Address, 4)) return TRANSLATION_FAULT;
        int l1 = ram.readInt(l1Address);
        switch (l1 & 3) {
            case Descriptors.L1_PAGE_TABLE -> {
                long l2Address = (l1 & 0xFFFF_FC00L) + (((va >>> 12) & 0xFF) << 2);
                if (!ram.contains(l2Address, 4)) return TRANSLATION_FAULT;
                int l2 = ram.readInt(l2Address);
                if ((l2 & 2) == 0) return TRANSLATION_FAULT; // invalid or large page (not produced here)
                int ap = ((l2 & Descriptors.L2_AP2) != 0 ? 4 : 0) | ((l2 >>> Descriptors.L2_AP_SHIFT) & 3);
                if (!permits(ap, (l2 & Descriptors.L2_XN) != 0, type)) return PERMISSION_FAULT;
                return (l2 & 0xFFFF_F000L) | (va & 0xFFF);
            }
            case Descriptors.L1_SECTION -> {
                if ((l1 & (1 << 18)) != 0) return TRANSLATION_FAULT; // supersections are not produced here
                int ap = ((l1 & Descriptors.SECTION_AP2) != 0 ? 4 : 0) | ((l1 >>> Descriptors.SECTION_AP_SHIFT) & 3);
                if (!permits(ap, (l1 & Descriptors.SECTION_XN) != 0, type)) return PERMISSION_FAULT;
                return (l1 & 0xFFF0_0000L) | (va & 0xF_FFFF);
            }
            default -> {
                return TRANSLATION_FAULT;
            }
        }
    }

    /** The translation of {@code va} regardless of access type, or null if nothing is mapped there. */
    public Translation translate(long l1Base, int va) {
        long pa = walk(l1Base, va, AccessType.READ);
        if (pa == TRANSLATION_FAULT) return null;
        long anyPa = pa >= 0 ? pa : physicalIgnoringPermissions(l1Base, va);
        boolean read = pa >= 0;
        boolean write = walk(l1Base, va, AccessType.WRITE) >= 0;
        boolean execute = walk(l1Base, va, AccessType.EXECUTE) >= 0;
        return new Translation(anyPa, new PagePermissions(read, write, execute));
    }

    private long physicalIgnoringPermissions(long l1Base, int va) {
        int l1 = ram.readInt((l1Base & 0xFFFF_C000L) + ((va >>> 20) << 2));
        if ((l1 & 3) == Descriptors.L1_SECTION) return (l1 & 0xFFF0_0000L) | (va & 0xF_FFFF);
        int l2 = ram.readInt((l1 & 0xFFFF_FC00L) + (((va >>> 12) & 0xFF) << 2));
        return (l2 & 0xFFFF_F000L) | (va & 0xFFF);
    }

    private static boolean permits(int ap, boolean executeNever, AccessType type) {
        return switch (type) {
            case READ -> Descriptors.userRead(ap);
            case WRITE -> Descriptors.userWrite(ap);
            case EXECUTE -> Descriptors.userRead(ap) && !executeNever;
        };
    }
}
