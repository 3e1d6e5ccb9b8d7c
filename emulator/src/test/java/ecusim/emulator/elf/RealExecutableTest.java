package ecusim.emulator.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Parses {@code tiny.elf}, linked by arm-none-eabi-gcc from {@code tiny.c} (both committed as test resources,
 * so no cross compiler is needed): one RWX segment, an ARM entry point {@code _start} at 0x10004 and a Thumb
 * function {@code add_one} at 0x10000, plus the mapping symbols and linker-defined markers a real link emits.
 */
class RealExecutableTest {
    private static ElfImage tiny() throws IOException, ElfFormatException {
        try (InputStream in = RealExecutableTest.class.getResourceAsStream("tiny.elf")) {
            return ElfImage.parse("tiny.elf", in.readAllBytes());
        }
    }

    @Test
    void startsAtTheArmEntryPoint() throws Exception {
        ElfImage image = tiny();
        assertEquals(0x10004, image.entry());
        assertFalse(image.thumbEntry());
        assertEquals(image.entry(), image.symbols().lookup("_start").orElseThrow().value());
    }

    @Test
    void loadsTextAndDataAsOneSegment() throws Exception {
        Segment s = tiny().segments().getFirst();
        assertEquals(0x10000, s.vaddr());
        assertEquals(0x24, s.memSize());
        assertTrue(s.readable() && s.writable() && s.executable());
        assertEquals(41, s.data()[0x20]); // int counter = 41;
    }

    @Test
    void marksTheThumbFunction() throws Exception {
        Symbol addOne = tiny().symbols().lookup("add_one").orElseThrow();
        assertEquals(new Symbol("add_one", 0x10000, 4, Symbol.Kind.FUNC, true), addOne);
    }

    @Test
    void describesCodeAndDataAddresses() throws Exception {
        SymbolTable symbols = tiny().symbols();
        assertEquals("add_one+0x2", symbols.describe(0x10002));
        assertEquals("_start+0x18", symbols.describe(0x1001c));
        assertEquals("counter", symbols.describe(0x10020));
        assertFalse(symbols.lookup("$a").isPresent());
    }
}
