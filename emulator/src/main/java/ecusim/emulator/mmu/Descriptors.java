package ecusim.emulator.mmu;

/**
 * Bit layouts of ARMv7 short descriptors (ARM ARM B3.5.1), with AFE = 0 and TEX remap off.
 * Mappings are non-global (nG) so TLB entries are tagged with the ASID in CONTEXTIDR.
 */
final class Descriptors {
    static final int L1_PAGE_TABLE = 0b01, L1_SECTION = 0b10;
    static final int L2_SMALL_PAGE = 0b10;
    static final int L2_XN = 1, L2_NG = 1 << 11, L2_AP2 = 1 << 9, L2_AP_SHIFT = 4;
    static final int SECTION_XN = 1 << 4, SECTION_NG = 1 << 17, SECTION_AP2 = 1 << 15, SECTION_AP_SHIFT = 10;
    /** Normal memory, outer and inner write-back (TEX 000, C 1, B 1). */
    static final int CACHEABLE = 0b1100;

    private Descriptors() {}

    /** AP[2:0] for user permissions: 001 privileged only, 010 user read-only, 011 user read/write. */
    static int apBits(PagePermissions p) {
        if (p.write()) return 0b011;
        if (p.read()) return 0b010;
        return 0b001;
    }

    static int smallPage(long pa, PagePermissions p) {
        int ap = apBits(p);
        return (int) (pa & 0xFFFF_F000L) | L2_NG | ((ap >> 2) != 0 ? L2_AP2 : 0) | ((ap & 3) << L2_AP_SHIFT)
                | CACHEABLE | L2_SMALL_PAGE | (p.execute() ? 0 : L2_XN);
    }

    static int section(long pa, PagePermissions p) {
        int ap = apBits(p);
        return (int) (pa & 0xFFF0_0000L) | SECTION_NG | ((ap >> 2) != 0 ? SECTION_AP2 : 0)
                | ((ap & 3) << SECTION_AP_SHIFT) | CACHEABLE | L1_SECTION | (p.execute() ? 0 : SECTION_XN);
    }

    /** User read permission from AP[2:0]. */
    static boolean userRead(int ap) {
        return ap == 0b010 || ap == 0b011 || ap == 0b110 || ap == 0b111;
    }

    /** User write permission from AP[2:0]. */
    static boolean userWrite(int ap) {
        return ap == 0b011;
    }
}
