package ecusim.emulator.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link SymbolTable#describe} names addresses, and name lookup. */
class SymbolTableTest {
    private static Symbol func(String name, int value, int size) {
        return new Symbol(name, value, size, Symbol.Kind.FUNC, false);
    }

    private static Symbol label(String name, int value) {
        return new Symbol(name, value, 0, Symbol.Kind.NOTYPE, false);
    }

    @Test
    void describesAddressesRelativeToTheirSymbol() {
        SymbolTable table = SymbolTable.of(List.of(func("main", 0x10010, 0x20), func("helper", 0x10030, 8)));
        assertEquals("main+0x1c", table.describe(0x1002c));
        assertEquals("helper+0x4", table.describe(0x10034));
    }

    @Test
    void describesTheFirstByteOfASymbolByItsName() {
        assertEquals("main", SymbolTable.of(List.of(func("main", 0x10010, 0x20))).describe(0x10010));
    }

    @Test
    void describesAnAddressOutsideEverySymbolAsEightHexDigits() {
        SymbolTable table = SymbolTable.of(List.of(func("main", 0x10010, 0x20)));
        assertEquals("0x0000fff0", table.describe(0xfff0));
        assertEquals("0x00010030", table.describe(0x10030));
        assertEquals("0xfffffffc", table.describe(0xffff_fffc));
    }

    @Test
    void describesAddressesWithinSixtyFourKibOfAnUnsizedSymbol() {
        SymbolTable table = SymbolTable.of(List.of(label("_start", 0x10000)));
        assertEquals("_start+0xffff", table.describe(0x1ffff));
        assertEquals("0x00020000", table.describe(0x20000));
    }

    @Test
    void prefersTheNearestPrecedingCoveringSymbol() {
        SymbolTable table = SymbolTable.of(List.of(func("main", 0x10000, 0x100), label("loop", 0x10040)));
        assertEquals("main+0x3c", table.describe(0x1003c));
        assertEquals("loop+0x4", table.describe(0x10044));
    }

    @Test
    void skipsANearerSymbolThatEndsBeforeTheAddress() {
        SymbolTable table = SymbolTable.of(List.of(func("outer", 0x10000, 0x100), func("inner", 0x10010, 0x10)));
        assertEquals("inner+0x8", table.describe(0x10018));
        assertEquals("outer+0x20", table.describe(0x10020));
    }

    @Test
    void prefersAFunctionToALabelAtTheSameAddress() {
        SymbolTable table = SymbolTable.of(List.of(label("_text_start", 0x10000), func("reset", 0x10000, 8)));
        assertEquals("reset+0x4", table.describe(0x10004));
    }

    @Test
    void describesAddressesNearTheTopOfTheAddressSpace() {
        SymbolTable table = SymbolTable.of(List.of(func("vectors", 0xffff_0000, 0x10000), label("high", 0xffff_fff0)));
        assertEquals("vectors+0x10", table.describe(0xffff_0010));
        assertEquals("high+0xf", table.describe(0xffff_ffff));
    }

    @Test
    void describesEveryAddressLikeALinearScan() {
        // Many overlapping sized and unsized symbols: the precomputed ranges must agree with the definition.
        List<Symbol> symbols = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            int value = 0x10000 + random.nextInt(0x4000);
            symbols.add(random.nextBoolean() ? func("f" + i, value, 1 + random.nextInt(0x200)) : label("l" + i, value));
        }
        SymbolTable table = SymbolTable.of(symbols);
        for (int address = 0xfff0; address < 0x30000; address += 3) {
            assertEquals(linearDescribe(symbols, address), table.describe(address), "at " + Integer.toHexString(address));
        }
    }

    /** The definition, by brute force: the covering symbol with the highest value, functions before labels, then by name. */
    private static String linearDescribe(List<Symbol> symbols, int address) {
        Symbol best = null;
        for (Symbol s : symbols) {
            long offset = (long) address - s.value();
            boolean covers = offset >= 0 && offset < (s.size() != 0 ? s.size() : SymbolTable.UNSIZED_REACH);
            if (!covers) continue;
            if (best == null || s.value() > best.value() || s.value() == best.value() && better(s, best)) best = s;
        }
        if (best == null) return String.format("0x%08x", address);
        long offset = address - best.value();
        return offset == 0 ? best.name() : best.name() + "+0x" + Long.toHexString(offset);
    }

    private static boolean better(Symbol a, Symbol b) {
        if (a.kind() != b.kind()) return a.kind() == Symbol.Kind.FUNC;
        if ((a.size() == 0) != (b.size() == 0)) return a.size() != 0;
        return a.name().compareTo(b.name()) < 0;
    }

    @Test
    void looksUpARepeatedNameAtItsLowestAddress() {
        SymbolTable table = SymbolTable.of(List.of(func("init", 0x20000, 4), func("init", 0x10000, 4)));
        assertEquals(0x10000, table.lookup("init").orElseThrow().value());
    }

    @Test
    void theEmptyTableDescribesEveryAddressInHex() {
        assertEquals("0x0001a2b4", SymbolTable.empty().describe(0x1a2b4));
    }

    @Test
    void refusesAThumbSymbolWithBitZeroSet() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Symbol("f", 0x10001, 4, Symbol.Kind.FUNC, true));
        assertEquals("f: Thumb function value must have bit 0 cleared", e.getMessage());
    }
}
