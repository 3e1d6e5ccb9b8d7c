package ecusim.emulator.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.guests.GuestImages;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ElfImageTest {
    private static final byte[] CODE = {1, 2, 3, 4, 5, 6, 7, 8};

    private static ElfBuilder minimal() {
        return new ElfBuilder().segment(0x10000, CODE, CODE.length, "rx");
    }

    private static String rejection(Consumer<ElfBuilder> change) {
        ElfBuilder b = minimal();
        change.accept(b);
        byte[] bytes = b.build();
        return assertThrows(ElfFormatException.class, () -> ElfImage.parse("x.elf", bytes)).getMessage();
    }

    @Test
    void acceptsAMinimalExecutable() throws Exception {
        ElfImage image = ElfImage.parse("x.elf", minimal().build());
        assertEquals(0x10000, image.entry());
        assertEquals(1, image.segments().size());
        Segment s = image.segments().get(0);
        assertEquals(0x10000, s.vaddr());
        assertArrayEquals(CODE, s.data());
        assertTrue(s.readable() && s.executable() && !s.writable());
    }

    @Test
    void keepsABssTailBeyondTheFileBytes() throws Exception {
        ElfImage image = ElfImage.parse("x.elf", new ElfBuilder().segment(0x20000, CODE, 0x3000, "rw").build());
        assertEquals(0x3000, image.segments().get(0).memSize());
        assertEquals(CODE.length, image.segments().get(0).fileSize());
        assertEquals(0x23000L, image.segments().get(0).end());
    }

    @Test
    void sortsSegmentsByAddressAndIgnoresNonLoadHeaders() throws Exception {
        ElfImage image = ElfImage.parse("x.elf", new ElfBuilder().segment(0x20000, CODE, 8, "rw")
                .header(0x70000001, 0x30000, CODE, 8, "r").segment(0x10000, CODE, 8, "rx").build());
        assertEquals(2, image.segments().size());
        assertEquals(0x10000, image.segments().get(0).vaddr());
    }

    @Test
    void rejectsAFileWithoutTheElfMagic() {
        var e = assertThrows(ElfFormatException.class, () -> ElfImage.parse("hello.elf", "#!/bin/sh\necho hi\n".getBytes()));
        assertEquals("hello.elf: not an ELF file (bad magic)", e.getMessage());
    }

    @Test
    void rejectsSixtyFourBitElf() {
        assertEquals("x.elf: ELFCLASS64, expected ELFCLASS32", rejection(b -> b.elfClass = 2));
    }

    @Test
    void rejectsBigEndianElf() {
        assertEquals("x.elf: big-endian, expected little-endian", rejection(b -> b.dataEncoding = 2));
    }

    @Test
    void rejectsAnotherMachine() {
        assertEquals("x.elf: e_machine 62 (x86-64), expected 40 (ARM)", rejection(b -> b.machine = 62));
    }

    @Test
    void rejectsARelocatableObject() {
        assertEquals("x.elf: e_type 1 (REL), expected 2 (EXEC)", rejection(b -> b.type = 1));
    }

    @Test
    void rejectsATruncatedHeader() {
        assertTrue(rejection(b -> b.truncateTo = 40).startsWith("x.elf: truncated: ELF header"));
    }

    @Test
    void rejectsProgramHeadersPastTheEndOfTheFile() {
        assertTrue(rejection(b -> b.truncateTo = 60).startsWith("x.elf: truncated: program header 0 at offset 0x34"));
    }

    @Test
    void rejectsSegmentBytesPastTheEndOfTheFile() {
        assertTrue(rejection(b -> b.truncateTo = 52 + 32 + 4).startsWith("x.elf: truncated: segment 0 file range"));
    }

    @Test
    void rejectsOverlappingSegments() {
        String message = rejection(b -> b.segment(0x10004, CODE, 8, "rw"));
        assertTrue(message.contains("overlaps"), message);
    }

    @Test
    void rejectsAFileSizeLargerThanTheMemorySize() {
        assertEquals("x.elf: segment 1 filesz 0x8 > memsz 0x4", rejection(b -> b.segment(0x20000, CODE, 4, "rw")));
    }

    @Test
    void rejectsAnImageWithoutLoadableSegments() {
        byte[] bytes = new ElfBuilder().header(4, 0, CODE, 8, "r").build();
        var e = assertThrows(ElfFormatException.class, () -> ElfImage.parse("x.elf", bytes));
        assertEquals("x.elf: no loadable segments", e.getMessage());
    }

    @Test
    void rejectsAWrongProgramHeaderSize() {
        assertEquals("x.elf: e_phentsize 40, expected 32", rejection(b -> b.phentsize = 40));
    }

    @Test
    void describesAddressesRelativeToTheirSymbol() throws Exception {
        ElfImage image = ElfImage.parse("x.elf", minimal().symbol("main", 0x10010, 0x20, 2).symbol("helper", 0x10030, 8, 2).build());
        assertEquals("main", image.symbols().describe(0x10010));
        assertEquals("main+0x1c", image.symbols().describe(0x1002c));
        assertEquals("helper+0x4", image.symbols().describe(0x10034));
        assertEquals("0x0000fff0", image.symbols().describe(0xfff0));
    }

    @Test
    void thumbFunctionsHaveBitZeroClearedAndAreMarked() throws Exception {
        ElfImage image = ElfImage.parse("x.elf", minimal().symbol("tfunc", 0x10021, 0x10, 2).build());
        Symbol s = image.symbols().lookup("tfunc").orElseThrow();
        assertEquals(0x10020, s.value());
        assertTrue(s.thumb());
        assertEquals("tfunc+0x2", image.symbols().describe(0x10022));
    }

    @Test
    void ignoresArmMappingSymbols() throws Exception {
        ElfImage image = ElfImage.parse("x.elf", minimal().symbol("$a", 0x10000, 0, 0).symbol("$d", 0x10004, 0, 0).build());
        assertFalse(image.symbols().lookup("$a").isPresent());
        assertEquals(0, image.symbols().size());
    }

    @Test
    void parsesARealCrossCompiledGuest() throws Exception {
        ElfImage image = ElfImage.parse("hello.elf", GuestImages.load("hello"));
        assertEquals(image.symbols().lookup("_start").orElseThrow().value(), image.entry());
        assertTrue(image.symbols().lookup("main").isPresent());
        assertTrue(image.segments().get(0).executable());
        assertTrue(image.symbols().lookup("__aeabi_uidiv").orElseThrow().thumb(), "libgcc's division is Thumb code");
    }
}
