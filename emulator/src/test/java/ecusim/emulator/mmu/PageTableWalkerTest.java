package ecusim.emulator.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.memory.PhysicalRam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The software walker agrees with what the tables say, for every permission and access type. */
class PageTableWalkerTest {
    private final PhysicalRam ram = new PhysicalRam(0x8000_0000L, 4L << 20);
    private final BumpFrameAllocator frames = new BumpFrameAllocator(ram, ram.base(), ram.end());
    private final TranslationTable table = TranslationTable.create(ram, frames);
    private final PageTableWalker walker = new PageTableWalker(ram);

    @AfterEach
    void close() {
        ram.close();
    }

    @ParameterizedTest(name = "{0}: read {1}, write {2}, execute {3}")
    @CsvSource({"'', false, false, false", "r, true, false, false", "rw, true, true, false", "rx, true, false, true",
            "rwx, true, true, true"})
    void userPermissionsOfASmallPage(String letters, boolean read, boolean write, boolean execute) {
        table.mapPage(0x1234_5000, 0x8010_0000L, PagePermissions.parse(letters));
        assertEquals(read, walker.walk(table.l1Base(), 0x1234_5678, AccessType.READ) >= 0);
        assertEquals(write, walker.walk(table.l1Base(), 0x1234_5678, AccessType.WRITE) >= 0);
        assertEquals(execute, walker.walk(table.l1Base(), 0x1234_5678, AccessType.EXECUTE) >= 0);
    }

    @Test
    void translatesPageOffsetsToTheFrame() {
        table.mapPage(0x0001_0000, 0x8020_0000L, PagePermissions.READ);
        assertEquals(0x8020_0ABCL, walker.walk(table.l1Base(), 0x0001_0ABC, AccessType.READ));
    }

    @Test
    void unmappedAddressIsATranslationFault() {
        assertEquals(PageTableWalker.TRANSLATION_FAULT, walker.walk(table.l1Base(), 0x0001_0000, AccessType.READ));
        table.mapPage(0x0001_0000, 0x8020_0000L, PagePermissions.READ);
        assertEquals(PageTableWalker.TRANSLATION_FAULT, walker.walk(table.l1Base(), 0x0001_1000, AccessType.READ), "neighbour page");
    }

    @Test
    void writeToReadOnlyPageIsAPermissionFault() {
        table.mapPage(0x0001_0000, 0x8020_0000L, PagePermissions.READ);
        assertEquals(PageTableWalker.PERMISSION_FAULT, walker.walk(table.l1Base(), 0x0001_0004, AccessType.WRITE));
    }

    @Test
    void sectionsTranslateA1MiBRange() {
        table.mapSection(0x4000_0000, 0x8030_0000L, PagePermissions.READ_WRITE);
        assertEquals(0x803F_FFFCL, walker.walk(table.l1Base(), 0x400F_FFFC, AccessType.WRITE));
        assertEquals(PageTableWalker.PERMISSION_FAULT, walker.walk(table.l1Base(), 0x4000_0000, AccessType.EXECUTE));
    }

    @Test
    void protectKeepsTheFrameAndUnmapRemovesIt() {
        table.mapPage(0x0001_0000, 0x8020_0000L, PagePermissions.READ);
        table.protectPage(0x0001_0000, PagePermissions.READ_WRITE);
        Translation t = walker.translate(table.l1Base(), 0x0001_0010);
        assertEquals(0x8020_0010L, t.physical());
        assertTrue(t.permissions().write());
        assertTrue(table.unmapPage(0x0001_0000));
        assertFalse(table.unmapPage(0x0001_0000));
        assertNull(walker.translate(table.l1Base(), 0x0001_0010));
    }
}
