package ecusim.emulator.mmu;

import ecusim.emulator.memory.PhysicalRam;

/**
 * One address space's short-descriptor translation tables, written into simulated RAM: a 16 KiB L1 table
 * and 1 KiB L2 tables allocated on demand. Changing a mapping changes only memory; the caller performs
 * the TLB maintenance (as an ARM kernel would).
 */
public final class TranslationTable {
    public static final int L1_SIZE = 16 * 1024, L2_SIZE = 1024, SECTION_SIZE = 1 << 20;

    private final PhysicalRam ram;
    private final FrameAllocator frames;
    private final long l1Base;

    private TranslationTable(PhysicalRam ram, FrameAllocator frames, long l1Base) {
        this.ram = ram;
        this.frames = frames;
        this.l1Base = l1Base;
    }

    /** Allocates an empty L1 table (every address faults); throws when {@code frames} has no room for it. */
    public static TranslationTable create(PhysicalRam ram, FrameAllocator frames) {
        TranslationTable table = tryCreate(ram, frames);
        if (table == null) throw new IllegalStateException("out of physical memory for an L1 translation table");
        return table;
    }

    /** An empty L1 table, or null when {@code frames} has no room (or quota) for it. */
    public static TranslationTable tryCreate(PhysicalRam ram, FrameAllocator frames) {
        long l1 = frames.allocate(L1_SIZE, L1_SIZE);
        return l1 == FrameAllocator.EXHAUSTED ? null : new TranslationTable(ram, frames, l1);
    }

    /** The table whose L1 is already in RAM at {@code l1Base} (restored with it), its L2 tables to come from {@code frames}. */
    public static TranslationTable existing(PhysicalRam ram, FrameAllocator frames, long l1Base) {
        if ((l1Base & (L1_SIZE - 1)) != 0 || !ram.contains(l1Base, L1_SIZE)) {
            throw new IllegalArgumentException("no L1 table can be at 0x" + Long.toHexString(l1Base));
        }
        return new TranslationTable(ram, frames, l1Base);
    }

    /** Gives the L1 table and every L2 table back to the allocator; the table must not be used afterwards. */
    public void destroy() {
        for (int i = 0; i < L1_SIZE / 4; i++) {
            int l1 = ram.readInt(l1Base + 4L * i);
            if ((l1 & 3) == Descriptors.L1_PAGE_TABLE) frames.release(l1 & 0xFFFF_FC00L, L2_SIZE);
        }
        frames.release(l1Base, L1_SIZE);
    }

    /** Physical address of the L1 table: the value for TTBR0. */
    public long l1Base() {
        return l1Base;
    }

    /** Maps the 4 KiB page at {@code va} to the frame at {@code pa}; false when no L2 table could be allocated for it. */
    public boolean mapPage(int va, long pa, PagePermissions permissions) {
        checkAligned(va, pa, PhysicalRam.PAGE_SIZE);
        long entry = l2EntryFor(va, true);
        if (entry < 0) return false;
        ram.writeInt(entry, Descriptors.smallPage(pa, permissions));
        if (permissions.write()) ram.mayBeWritten(pa);
        return true;
    }

    /** Maps {@code pages} consecutive pages starting at {@code va} to consecutive frames starting at {@code pa}. */
    public boolean mapPages(int va, long pa, int pages, PagePermissions permissions) {
        for (int i = 0; i < pages; i++) {
            if (!mapPage(va + i * PhysicalRam.PAGE_SIZE, pa + (long) i * PhysicalRam.PAGE_SIZE, permissions)) return false;
        }
        return true;
    }

    /** Maps a 1 MiB section. */
    public void mapSection(int va, long pa, PagePermissions permissions) {
        checkAligned(va, pa, SECTION_SIZE);
        ram.writeInt(l1EntryAddress(va), Descriptors.section(pa, permissions));
        if (permissions.write()) for (long p = pa; p < pa + SECTION_SIZE; p += PhysicalRam.PAGE_SIZE) ram.mayBeWritten(p);
    }

    /** Removes the page mapping at {@code va}; returns whether one existed. */
    public boolean unmapPage(int va) {
        long entry = pageEntryAddress(va);
        if (entry < 0 || (ram.readInt(entry) & 2) == 0) return false;
        ram.writeInt(entry, 0);
        return true;
    }

    /** Changes the permissions of the mapped page at {@code va}, keeping its frame. */
    public void protectPage(int va, PagePermissions permissions) {
        long entry = pageEntryAddress(va);
        int descriptor = entry < 0 ? 0 : ram.readInt(entry);
        if ((descriptor & 2) == 0) throw new IllegalArgumentException("no page mapped at 0x" + Integer.toHexString(va));
        ram.writeInt(entry, Descriptors.smallPage(descriptor & 0xFFFF_F000L, permissions));
        if (permissions.write()) ram.mayBeWritten(descriptor & 0xFFFF_F000L);
    }

    /**
     * Physical address of the L2 descriptor of {@code va}, or -1 if no L2 table covers it. For hot paths
     * (write-protect tracking) that rewrite descriptors directly with {@link #smallPageDescriptor}.
     */
    public long pageEntryAddress(int va) {
        int l1 = ram.readInt(l1EntryAddress(va));
        if ((l1 & 3) != Descriptors.L1_PAGE_TABLE) return -1;
        return (l1 & 0xFFFF_FC00L) + (((va >>> 12) & 0xFF) << 2);
    }

    /** The small-page descriptor for a frame and permissions, for {@link #pageEntryAddress} users. */
    public static int smallPageDescriptor(long pa, PagePermissions permissions) {
        return Descriptors.smallPage(pa, permissions);
    }

    private long l1EntryAddress(int va) {
        return l1Base + ((va >>> 20) << 2);
    }

    private long l2EntryFor(int va, boolean create) {
        long l1Address = l1EntryAddress(va);
        int l1 = ram.readInt(l1Address);
        switch (l1 & 3) {
            case Descriptors.L1_PAGE_TABLE -> {
                return (l1 & 0xFFFF_FC00L) + (((va >>> 12) & 0xFF) << 2);
            }
            case 0 -> {
                if (!create) return -1;
                long l2 = frames.allocate(L2_SIZE, L2_SIZE);
                if (l2 == FrameAllocator.EXHAUSTED) return -1;
                ram.writeInt(l1Address, (int) l2 | Descriptors.L1_PAGE_TABLE);
                return l2 + (((va >>> 12) & 0xFF) << 2);
            }
            default -> throw new IllegalArgumentException("0x" + Integer.toHexString(va) + " lies in a section mapping");
        }
    }

    private static void checkAligned(int va, long pa, int alignment) {
        if ((va & (alignment - 1)) != 0 || (pa & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("unaligned mapping 0x" + Integer.toHexString(va) + " -> 0x"
                    + Long.toHexString(pa) + " (alignment 0x" + Integer.toHexString(alignment) + ")");
        }
    }
}
