package ecusim.emulator.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The ELF header and program headers: what {@link ElfImage#parse} accepts and each way it rejects a file. */
class ElfImageTest {
    private static final byte[] CODE = {1, 2, 3, 4, 5, 6, 7, 8};

    private static ElfBuilder minimal() {
        return new ElfBuilder().load(0x10000, CODE, CODE.length, "rx");
    }

    private static ElfImage parse(ElfBuilder builder) throws ElfFormatException {
        return ElfImage.parse("x.elf", builder.build());
    }

    /** The message of parsing the minimal image after {@code change}. */
    private static String rejection(Consumer<ElfBuilder> change) {
        ElfBuilder builder = minimal();
        change.accept(builder);
        byte[] bytes = builder.build();
        return assertThrows(ElfFormatException.class, () -> ElfImage.parse("x.elf", bytes)).getMessage();
    }

    @Test
    void acceptsAMinimalExecutable() throws Exception {
        ElfImage image = parse(minimal());
        assertEquals("x.elf", image.name());
        assertEquals(0x10000, image.entry());
        assertFalse(image.thumbEntry());
        Segment s = image.segments().getFirst();
        assertEquals(1, image.segments().size());
        assertEquals(0x10000, s.vaddr());
        assertEquals(CODE.length, s.memSize());
        assertArrayEquals(CODE, s.data());
        assertTrue(s.readable());
        assertFalse(s.writable());
        assertTrue(s.executable());
    }

    @Test
    void keepsTheThumbBitOfTheEntryPoint() throws Exception {
        ElfBuilder builder = minimal();
        builder.entry = 0x10001;
        ElfImage image = parse(builder);
        assertEquals(0x10001, image.entry());
        assertTrue(image.thumbEntry());
    }

    @Test
    void readsEachPermissionFlag() throws Exception {
        List<Segment> s = parse(new ElfBuilder().load(0x10000, CODE, 8, "x").load(0x20000, CODE, 8, "w")
                .load(0x30000, CODE, 8, "r")).segments();
        assertEquals(List.of(false, false, true), List.of(s.get(0).readable(), s.get(0).writable(), s.get(0).executable()));
        assertEquals(List.of(false, true, false), List.of(s.get(1).readable(), s.get(1).writable(), s.get(1).executable()));
        assertEquals(List.of(true, false, false), List.of(s.get(2).readable(), s.get(2).writable(), s.get(2).executable()));
    }

    @Test
    void keepsABssTailBeyondTheFileBytes() throws Exception {
        Segment s = parse(new ElfBuilder().load(0x20000, CODE, 0x3000, "rw")).segments().getFirst();
        assertEquals(0x3000, s.memSize());
        assertEquals(CODE.length, s.fileSize());
        assertEquals(0x23000L, s.end());
    }

    @Test
    void acceptsABssOnlySegment() throws Exception {
        Segment s = parse(minimal().load(0x20000, new byte[0], 0x1000, "rw")).segments().get(1);
        assertEquals(0, s.fileSize());
        assertEquals(0x1000, s.memSize());
    }

    @Test
    void sortsSegmentsByAddress() throws Exception {
        List<Segment> segments = parse(new ElfBuilder().load(0x30000, CODE, 8, "rw").load(0x10000, CODE, 8, "rx")
                .load(0x20000, CODE, 8, "r")).segments();
        assertEquals(List.of(0x10000, 0x20000, 0x30000), segments.stream().map(Segment::vaddr).toList());
    }

    @Test
    void ignoresProgramHeadersOtherThanLoad() throws Exception {
        ElfImage image = parse(minimal().programHeader(ElfBuilder.PT_ARM_EXIDX, 0x10004, CODE, 8, "r")
                .programHeader(ElfBuilder.PT_GNU_STACK, 0, new byte[0], 0, "rw"));
        assertEquals(1, image.segments().size());
    }

    @Test
    void acceptsSegmentsThatTouchWithoutOverlapping() throws Exception {
        assertEquals(2, parse(minimal().load(0x10008, CODE, 8, "rw")).segments().size());
    }

    @Test
    void acceptsASegmentEndingAtTheTopOfTheAddressSpace() throws Exception {
        Segment s = parse(minimal().load(0xffff_f000, CODE, 0x1000, "rw")).segments().get(1);
        assertEquals(1L << 32, s.end());
    }

    @Test
    void rejectsAFileWithoutTheElfMagic() {
        var e = assertThrows(ElfFormatException.class, () -> ElfImage.parse("hello.elf", "#!/bin/sh\necho hi\n".getBytes()));
        assertEquals("hello.elf: not an ELF file (bad magic)", e.getMessage());
    }

    @Test
    void rejectsAnEmptyFileAsNotElf() {
        var e = assertThrows(ElfFormatException.class, () -> ElfImage.parse("empty.elf", new byte[0]));
        assertEquals("empty.elf: not an ELF file (bad magic)", e.getMessage());
    }

    @Test
    void rejectsATruncatedElfHeader() {
        assertEquals("x.elf: truncated: ELF header needs 52 bytes, file has 40", rejection(b -> b.truncateTo = 40));
    }

    @Test
    void rejectsSixtyFourBitElf() {
        assertEquals("x.elf: ELFCLASS64, expected ELFCLASS32", rejection(b -> b.elfClass = 2));
    }

    @Test
    void rejectsAnInvalidElfClass() {
        assertEquals("x.elf: EI_CLASS 0 (invalid), expected 1 (ELFCLASS32)", rejection(b -> b.elfClass = 0));
    }

    @Test
    void rejectsBigEndianElf() {
        assertEquals("x.elf: big-endian, expected little-endian", rejection(b -> b.dataEncoding = 2));
    }

    @Test
    void rejectsAnUnknownIdentVersion() {
        assertEquals("x.elf: EI_VERSION 2, expected 1 (EV_CURRENT)", rejection(b -> b.identVersion = 2));
    }

    @Test
    void rejectsAnUnknownHeaderVersion() {
        assertEquals("x.elf: e_version 0, expected 1 (EV_CURRENT)", rejection(b -> b.version = 0));
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
    void rejectsASharedObject() {
        assertEquals("x.elf: e_type 3 (DYN), expected 2 (EXEC)", rejection(b -> b.type = 3));
    }

    @Test
    void rejectsAWrongProgramHeaderSize() {
        assertEquals("x.elf: e_phentsize 40, expected 32", rejection(b -> b.phentsize = 40));
    }

    @Test
    void rejectsProgramHeadersPastTheEndOfTheFile() {
        assertEquals("x.elf: truncated: program header 1 at offset 0x54 extends past end of file (size 94)",
                rejection(b -> {
                    b.load(0x20000, CODE, 8, "rw");
                    b.truncateTo = 52 + 32 + 10;
                }));
    }

    @Test
    void rejectsSegmentBytesPastTheEndOfTheFile() {
        // The one segment's 8 bytes start right after the program header, at 52 + 32 = 0x54.
        assertEquals("x.elf: truncated: segment 0 file range [0x54, 0x5c) extends past end of file (size 88)",
                rejection(b -> b.truncateTo = 88));
    }

    @Test
    void rejectsAFileSizeLargerThanTheMemorySize() {
        assertEquals("x.elf: segment 1 filesz 0x8 > memsz 0x4", rejection(b -> b.load(0x20000, CODE, 4, "rw")));
    }

    @Test
    void rejectsASegmentWrappingPastTheAddressSpace() {
        assertEquals("x.elf: segment 1 [0xfffff000, 0x100001000) wraps past the end of the 32-bit address space",
                rejection(b -> b.load(0xffff_f000, CODE, 0x2000, "rw")));
    }

    @Test
    void rejectsOverlappingSegments() {
        assertEquals("x.elf: segment 1 [0x10004, 0x1000c) overlaps segment 0 [0x10000, 0x10008)",
                rejection(b -> b.load(0x10004, CODE, 8, "rw")));
    }

    @Test
    void rejectsASegmentInsideAnotherListedFirst() {
        assertEquals("x.elf: segment 0 [0x10000, 0x10008) overlaps segment 1 [0xf000, 0x11000)",
                rejection(b -> b.load(0xf000, CODE, 0x2000, "rw")));
    }

    @Test
    void rejectsAnImageWithoutLoadableSegments() {
        byte[] bytes = new ElfBuilder().programHeader(ElfBuilder.PT_GNU_STACK, 0, new byte[0], 0, "rw").build();
        var e = assertThrows(ElfFormatException.class, () -> ElfImage.parse("x.elf", bytes));
        assertEquals("x.elf: no loadable segments", e.getMessage());
    }

    @Test
    void rejectsAnImageWithoutProgramHeaders() {
        var e = assertThrows(ElfFormatException.class, () -> ElfImage.parse("x.elf", new ElfBuilder().build()));
        assertEquals("x.elf: no loadable segments", e.getMessage());
    }

    @Test
    void rejectsAWrongSectionHeaderSize() {
        assertEquals("x.elf: e_shentsize 64, expected 40", rejection(b -> b.shentsize = 64));
    }

    @Test
    void rejectsATruncatedSectionHeaderTable() {
        byte[] whole = minimal().build();
        int shoff = whole.length - 4 * 40;
        String message = rejection(b -> b.truncateTo = whole.length - 1);
        assertEquals(String.format("x.elf: truncated: section header 3 at offset 0x%x extends past end of file (size %d)",
                shoff + 3 * 40, whole.length - 1), message);
    }
}
