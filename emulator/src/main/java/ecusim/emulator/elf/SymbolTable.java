package ecusim.emulator.elf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Symbols by name and by address. {@link #describe(int)} names an address as {@code main+0x1c} for
 * instruction traces and crash reports; it is called per traced instruction, so the construction precomputes
 * which symbol describes each address range and a lookup is one binary search.
 */
public final class SymbolTable {
    /** How far past a size-0 symbol (an assembler label, a linker-script marker) an address is still described by it. */
    static final long UNSIZED_REACH = 64 * 1024;
    private static final long ADDRESS_SPACE = 1L << 32;

    /**
     * Among symbols at the same address the best name first: functions, then objects, then labels; sized
     * before unsized; then by name so the choice does not depend on symbol table order.
     */
    private static final Comparator<Symbol> PREFERENCE = Comparator.comparingInt((Symbol s) -> rank(s.kind()))
            .thenComparing(s -> s.size() == 0).thenComparing(Symbol::name);
    private static final SymbolTable EMPTY = new SymbolTable(List.of()); // after PREFERENCE, which it uses

    private final Map<String, Symbol> byName;
    private final int size;
    /** Starts of consecutive address ranges (ascending, unsigned); each range ends where the next starts or at 2^32. */
    private final long[] rangeStarts;
    /** The symbol describing each range, or null where no symbol does. */
    private final Symbol[] rangeSymbols;

    private SymbolTable(Collection<Symbol> symbols) {
        List<Symbol> sorted = new ArrayList<>(symbols);
        sorted.sort(Comparator.comparingLong(Symbol::address).thenComparing(PREFERENCE));
        Map<String, Symbol> names = new HashMap<>();
        for (Symbol s : sorted) names.putIfAbsent(s.name(), s);
        this.byName = Map.copyOf(names);
        this.size = sorted.size();
        List<Long> starts = new ArrayList<>();
        List<Symbol> owners = new ArrayList<>();
        partition(sorted, starts, owners);
        this.rangeStarts = starts.stream().mapToLong(Long::longValue).toArray();
        this.rangeSymbols = owners.toArray(Symbol[]::new);
    }

    /** A table of {@code symbols}; where names repeat (static functions of different files), lookup finds the lowest address. */
    public static SymbolTable of(Collection<Symbol> symbols) {
        return new SymbolTable(symbols);
    }

    /** The table of a file without symbols: every address is described in hex. */
    public static SymbolTable empty() {
        return EMPTY;
    }

    /** The symbol called {@code name}; for a repeated name, the one at the lowest address. */
    public Optional<Symbol> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** How many symbols the table holds. */
    public int size() {
        return size;
    }

    /**
     * {@code name+0xoff} (or {@code name} at offset 0) for the nearest symbol at or below {@code address} that
     * covers it: a sized symbol covers {@code [value, value+size)}, an unsized one the {@value #UNSIZED_REACH}
     * bytes from its value. Otherwise the address as {@code 0x0001a2b4}.
     */
    public String describe(int address) {
        long a = Integer.toUnsignedLong(address);
        int i = Arrays.binarySearch(rangeStarts, a);
        if (i < 0) i = -i - 2; // the range starting below a
        Symbol s = i >= 0 ? rangeSymbols[i] : null;
        if (s == null) return hex8(address);
        long offset = a - s.address();
        return offset == 0 ? s.name() : s.name() + "+0x" + Long.toHexString(offset);
    }

    /**
     * Splits the address space at every symbol's start and end and gives each piece its describing symbol: the
     * covering symbol with the highest start (a sweep with the covering symbols in a heap, highest start first).
     */
    private static void partition(List<Symbol> sorted, List<Long> starts, List<Symbol> owners) {
        TreeSet<Long> boundaries = new TreeSet<>();
        for (Symbol s : sorted) {
            boundaries.add(s.address());
            boundaries.add(end(s));
        }
        PriorityQueue<Symbol> covering = new PriorityQueue<>(
                Comparator.comparingLong(Symbol::address).reversed().thenComparing(PREFERENCE));
        int next = 0;
        for (long boundary : boundaries) {
            if (boundary >= ADDRESS_SPACE) break;
            while (next < sorted.size() && sorted.get(next).address() <= boundary) covering.add(sorted.get(next++));
            // Symbols that ended are dropped only when they surface: one still covering hides those below it.
            while (!covering.isEmpty() && end(covering.peek()) <= boundary) covering.poll();
            Symbol owner = covering.peek();
            if (!owners.isEmpty() && owners.getLast() == owner) continue;
            starts.add(boundary);
            owners.add(owner);
        }
    }

    private static int rank(Symbol.Kind kind) {
        return switch (kind) {
            case FUNC -> 0;
            case OBJECT -> 1;
            case NOTYPE -> 2;
        };
    }

    private static long end(Symbol s) {
        long extent = s.size() != 0 ? Integer.toUnsignedLong(s.size()) : UNSIZED_REACH;
        return Math.min(s.address() + extent, ADDRESS_SPACE);
    }

    private static String hex8(int address) {
        String digits = Integer.toHexString(address);
        return "0x" + "0".repeat(8 - digits.length()) + digits;
    }
}
