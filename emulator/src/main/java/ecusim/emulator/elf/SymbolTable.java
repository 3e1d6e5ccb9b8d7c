package ecusim.emulator.elf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Symbols by name and by address; {@link #describe(int)} gives {@code name+0xoff} for traces. */
public final class SymbolTable {
    /** How far past a size-0 symbol an address is still described relative to it. */
    private static final long UNSIZED_REACH = 64 * 1024;
    private static final SymbolTable EMPTY = new SymbolTable(List.of());

    private final Symbol[] byAddress;
    private final long[] addresses;
    private final Map<String, Symbol> byName = new HashMap<>();

    SymbolTable(List<Symbol> symbols) {
        List<Symbol> sorted = new ArrayList<>(symbols);
        // Sized symbols before unsized ones at the same address, functions first: the better name wins.
        sorted.sort(Comparator.comparingLong((Symbol s) -> s.value() & 0xFFFF_FFFFL)
                .thenComparing(s -> s.size() == 0).thenComparing(s -> s.kind() != Symbol.Kind.FUNCTION).thenComparing(Symbol::name));
        this.byAddress = sorted.toArray(Symbol[]::new);
        this.addresses = new long[byAddress.length];
        for (int i = 0; i < byAddress.length; i++) addresses[i] = byAddress[i].value() & 0xFFFF_FFFFL;
        for (Symbol s : sorted) byName.putIfAbsent(s.name(), s);
    }

    public static SymbolTable empty() {
        return EMPTY;
    }

    public Optional<Symbol> lookup(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public int size() {
        return byAddress.length;
    }

    /** {@code main+0x1c} for an address inside (or shortly after an unsized) symbol, else {@code 0x0001a2b4}. */
    public String describe(int address) {
        long a = address & 0xFFFF_FFFFL;
        int i = lastAtOrBelow(a);
        for (int j = i; j >= 0 && j > i - 8; j--) {
            Symbol s = byAddress[j];
            long start = addresses[j], offset = a - start;
            if (s.size() != 0 ? offset < (s.size() & 0xFFFF_FFFFL) : offset < UNSIZED_REACH) {
                return offset == 0 ? s.name() : s.name() + "+0x" + Long.toHexString(offset);
            }
        }
        return String.format("0x%08x", address);
    }

    private int lastAtOrBelow(long address) {
        int lo = 0, hi = addresses.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (addresses[mid] <= address) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // Prefer the first symbol at that address (the sort put the best name first).
        while (found > 0 && addresses[found - 1] == addresses[found]) found--;
        return found;
    }
}
