package ecusim.emulator.elf;

import static ecusim.emulator.elf.ElfBuilder.STT_FILE;
import static ecusim.emulator.elf.ElfBuilder.STT_FUNC;
import static ecusim.emulator.elf.ElfBuilder.STT_NOTYPE;
import static ecusim.emulator.elf.ElfBuilder.STT_OBJECT;
import static ecusim.emulator.elf.ElfBuilder.STT_SECTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which entries of an ELF file's {@code .symtab} become {@link Symbol}s, and how. */
class ElfSymbolsTest {
    private static final byte[] CODE = new byte[0x40];

    private static ElfBuilder image() {
        return new ElfBuilder().load(0x10000, CODE, CODE.length, "rx");
    }

    private static SymbolTable symbols(ElfBuilder builder) throws ElfFormatException {
        return ElfImage.parse("x.elf", builder.build()).symbols();
    }

    @Test
    void readsFunctionObjectAndUntypedSymbols() throws Exception {
        SymbolTable table = symbols(image().symbol("main", 0x10010, 0x20, STT_FUNC)
                .symbol("counter", 0x20000, 4, STT_OBJECT).symbol("_stack_top", 0x80000, 0, STT_NOTYPE));
        assertEquals(Optional.of(new Symbol("main", 0x10010, 0x20, Symbol.Kind.FUNC, false)), table.lookup("main"));
        assertEquals(Optional.of(new Symbol("counter", 0x20000, 4, Symbol.Kind.OBJECT, false)), table.lookup("counter"));
        assertEquals(Optional.of(new Symbol("_stack_top", 0x80000, 0, Symbol.Kind.NOTYPE, false)), table.lookup("_stack_top"));
        assertEquals(3, table.size());
    }

    @Test
    void looksUpAMissingNameAsEmpty() throws Exception {
        assertEquals(Optional.empty(), symbols(image().symbol("main", 0x10010, 0x20, STT_FUNC)).lookup("mian"));
    }

    @Test
    void thumbFunctionsHaveBitZeroClearedAndAreMarked() throws Exception {
        SymbolTable table = symbols(image().symbol("tfunc", 0x10021, 0x10, STT_FUNC));
        Symbol s = table.lookup("tfunc").orElseThrow();
        assertEquals(0x10020, s.value());
        assertTrue(s.thumb());
        assertEquals("tfunc+0x2", table.describe(0x10022));
    }

    @Test
    void keepsBitZeroOfDataSymbols() throws Exception {
        Symbol s = symbols(image().symbol("flag", 0x20001, 1, STT_OBJECT)).lookup("flag").orElseThrow();
        assertEquals(0x20001, s.value());
        assertFalse(s.thumb());
    }

    @Test
    void ignoresArmMappingSymbols() throws Exception {
        SymbolTable table = symbols(image().symbol("$a", 0x10000, 0, STT_NOTYPE).symbol("$t", 0x10010, 0, STT_NOTYPE)
                .symbol("$d", 0x10020, 0, STT_NOTYPE).symbol("$x", 0x10030, 0, STT_NOTYPE)
                .symbol("$d.realdata", 0x10038, 0, STT_NOTYPE));
        assertEquals(0, table.size());
        assertEquals("0x00010004", table.describe(0x10004));
    }

    @Test
    void keepsOtherNamesStartingWithADollar() throws Exception {
        assertTrue(symbols(image().symbol("$data_start", 0x10000, 0, STT_NOTYPE)).lookup("$data_start").isPresent());
    }

    @Test
    void ignoresUndefinedSymbols() throws Exception {
        assertFalse(symbols(image().symbol("printf", 0, 0, STT_FUNC, ElfBuilder.SHN_UNDEF)).lookup("printf").isPresent());
    }

    @Test
    void ignoresSectionAndFileSymbols() throws Exception {
        SymbolTable table = symbols(image().symbol(".text", 0x10000, 0, STT_SECTION).symbol("main.c", 0, 0, STT_FILE));
        assertEquals(0, table.size());
    }

    @Test
    void ignoresSymbolsWithoutAName() throws Exception {
        assertEquals(0, symbols(image().symbol("", 0x10000, 4, STT_FUNC)).size());
    }

    @Test
    void hasNoSymbolsWithoutSectionHeaders() throws Exception {
        SymbolTable table = symbols(image().symbol("main", 0x10010, 0x20, STT_FUNC).withoutSectionHeaders());
        assertEquals(0, table.size());
        assertEquals("0x00010010", table.describe(0x10010));
    }

    @Test
    void rejectsASymbolNamePastTheStringTable() {
        byte[] bytes = image().symbol("main", 0x10010, 0x20, STT_FUNC).build();
        int symtab = 52 + 32 + CODE.length; // the builder writes .symtab right after the segment bytes
        bytes[symtab + 16] = 0x7f;          // st_name of symbol 1; the string table is "\0main\0"
        var e = assertThrows(ElfFormatException.class, () -> ElfImage.parse("x.elf", bytes));
        assertEquals("x.elf: symbol 1 name offset 0x7f is outside the string table (size 0x6)", e.getMessage());
    }
}
