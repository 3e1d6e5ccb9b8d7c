package ecusim.emulator.bare;

import ecusim.emulator.elf.ElfImage;
import ecusim.emulator.elf.Segment;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.FrameAllocator;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.PageTableWalker;
import ecusim.emulator.mmu.TranslationTable;

/** Places an ELF image's loadable segments into fresh frames and maps them with their permissions. */
public final class AddressSpaceLoader {
    private static final int PAGE = PhysicalRam.PAGE_SIZE;

    private final PhysicalRam ram;
    private final FrameAllocator frames;

    public AddressSpaceLoader(PhysicalRam ram, FrameAllocator frames) {
        this.ram = ram;
        this.frames = frames;
    }

    /**
     * Loads every segment of {@code image} into {@code table}. Segments sharing a page get the union of
     * their permissions for that page (the linker script keeps them apart; hand-made images may not).
     */
    public void load(ElfImage image, TranslationTable table) throws BareLoadException {
        for (Segment segment : image.segments()) {
            String what = "segment at 0x" + Integer.toHexString(segment.vaddr()) + " (" + Integer.toUnsignedString(segment.memSize()) + " bytes)";
            long start = segment.vaddr() & 0xFFFF_FFFFL;
            long end = start + (segment.memSize() & 0xFFFF_FFFFL);
            PagePermissions permissions = new PagePermissions(true, segment.writable(), segment.executable());
            byte[] data = segment.data(); // a copy: take it once, not per page
            for (long page = start & ~(PAGE - 1L); page < end; page += PAGE) {
                long frame = frameOf(table, (int) page, permissions, what);
                long copyFrom = Math.max(page, start);
                long copyTo = Math.min(page + PAGE, start + segment.fileSize());
                if (copyTo > copyFrom) {
                    ram.write(frame + (copyFrom - page), data, (int) (copyFrom - start), (int) (copyTo - copyFrom));
                }
            }
        }
    }

    /** Maps {@code pages} zeroed pages at {@code va} (stack, heap); {@code what} names them in errors. */
    public void mapZeroed(TranslationTable table, int va, int pages, PagePermissions permissions, String what) throws BareLoadException {
        for (int i = 0; i < pages; i++) {
            long entry = table.pageEntryAddress(va + i * PAGE);
            if (entry >= 0 && (ram.readInt(entry) & 2) != 0) {
                throw new BareLoadException("the " + what + " at 0x" + Integer.toHexString(va) + " overlaps the image at 0x" + Integer.toHexString(va + i * PAGE));
            }
            long frame = frames.allocate(PAGE, PAGE);
            if (frame == FrameAllocator.EXHAUSTED || !table.mapPage(va + i * PAGE, frame, permissions)) throw tooLarge(what);
        }
    }

    private BareLoadException tooLarge(String what) {
        return new BareLoadException("the " + what + " does not fit into the " + (ram.size() >> 20) + " MiB of RAM");
    }

    private long frameOf(TranslationTable table, int page, PagePermissions permissions, String what) throws BareLoadException {
        long entry = table.pageEntryAddress(page);
        if (entry >= 0) {
            int descriptor = ram.readInt(entry);
            if ((descriptor & 2) != 0) { // already mapped by an earlier segment sharing this page
                long frame = descriptor & 0xFFFF_F000L;
                PagePermissions old = new PageTableWalker(ram).translate(table.l1Base(), page).permissions();
                table.protectPage(page, new PagePermissions(true, old.write() || permissions.write(),
                        old.execute() || permissions.execute()));
                return frame;
            }
        }
        long frame = frames.allocate(PAGE, PAGE);
        if (frame == FrameAllocator.EXHAUSTED || !table.mapPage(page, frame, permissions)) throw tooLarge(what);
        return frame;
    }
}
