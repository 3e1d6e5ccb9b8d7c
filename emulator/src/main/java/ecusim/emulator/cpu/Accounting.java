package ecusim.emulator.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.unicorn.AccountingShim;
import ecusim.emulator.unicorn.Unicorn;
import java.lang.foreign.MemorySegment;

/**
 * Java's view of the native accounting state ({@code ecusim_accounting} in ecusim_shim.c): the running
 * instruction and cycle totals, the budget, the stop reason, and the table of translated blocks with
 * their instruction counts and costs. Field offsets mirror the C struct.
 */
final class Accounting {
    static final int STOP_NONE = 0, STOP_BUDGET = 1, STOP_EXCEPTION = 2, STOP_TABLE_FULL = 3, STOP_NEW_BLOCK = 4;
    private static final int ENTRY_NEW = 1, ENTRY_KNOWN = 2;
    /** Entry flag: the block has an instruction that may write VFP or system registers (the shim ORs flags into TOUCHED). */
    private static final int FLAG_EXTENDED = 1 << 9;

    /** Offset of the pointer to the memory side ({@link MemorySide}), 0 when there is none. */
    static final long MEM = 16;
    private static final long INSNS = 0, CYCLES = 8, BUDGET = 24, STOP_REASON = 32, INTNO = 36,
            LAST_VA = 40, LAST_ENTRY = 44, REFUSED_VA = 48, REFUSED_SIZE = 52, REFUSED_THUMB = 56, ASID = 60,
            MMU_ON = 64, TTBR0 = 68, RAM_HOST = 72, RAM_BASE = 80, RAM_SIZE = 84, UC = 88, EMU_STOP = 96,
            REG_READ = 104, TABLE_MASK = 112, NEW_COUNT = 116, NEW_CAPACITY = 120, USED = 124, TABLE = 128,
            NEW_LIST = 136, CYCLE_BUDGET = 144, DIRECT = 152, DIRECT_MASK = 160, TOUCHED = 164;
    private static final long E_VA = 0, E_ASID = 4, E_SIZE = 8, E_INSNS = 12, E_CYCLES = 16, E_FLAGS = 20;

    /** Slots of the shim's direct-mapped block cache (a power of two; 16 KiB). */
    private static final int DIRECT_SLOTS = 4096;

    private final MemorySegment state, table, newList, direct;
    private final int capacity;

    Accounting(Unicorn engine, PhysicalRam ram, int capacity, int newCapacity, boolean countBlocks) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        this.capacity = capacity;
        var arena = engine.arena();
        state = arena.allocate(AccountingShim.STATE_SIZE, 8);
        table = arena.allocate((long) (capacity + 1) * AccountingShim.ENTRY_SIZE, 8); // + the dummy entry
        newList = arena.allocate((long) newCapacity * 4, 4);
        direct = arena.allocate((long) DIRECT_SLOTS * 4, 4);
        state.set(ADDRESS, RAM_HOST, ram.segment());
        state.set(JAVA_INT, RAM_BASE, (int) ram.base());
        state.set(JAVA_INT, RAM_SIZE, (int) ram.size());
        state.set(ADDRESS, UC, engine.handle());
        state.set(ADDRESS, EMU_STOP, AccountingShim.emuStopFunction());
        state.set(ADDRESS, REG_READ, AccountingShim.regReadFunction());
        state.set(JAVA_INT, TABLE_MASK, capacity - 1);
        state.set(JAVA_INT, NEW_CAPACITY, newCapacity);
        state.set(ADDRESS, TABLE, table);
        state.set(ADDRESS, NEW_LIST, newList);
        state.set(ADDRESS, DIRECT, direct);
        state.set(JAVA_INT, DIRECT_MASK, DIRECT_SLOTS - 1);
        state.set(JAVA_LONG, BUDGET, Long.MAX_VALUE);
        state.set(JAVA_LONG, CYCLE_BUDGET, Long.MAX_VALUE);
        forgetAll(); // the arena's memory comes zeroed: 2 MiB less to clear at every engine's start
        if (countBlocks) engine.addHook(Unicorn.HOOK_BLOCK, AccountingShim.blockHook(), state, 1, 0);
        engine.addHook(Unicorn.HOOK_INTR, AccountingShim.interruptHook(), state, 1, 0);
    }

    long instructions() {
        return state.get(JAVA_LONG, INSNS);
    }

    /** The native state, for the memory side to hang itself on. */
    MemorySegment state() {
        return state;
    }

    long cycles() {
        return state.get(JAVA_LONG, CYCLES);
    }

    /** Takes back instructions and cycles counted for the unexecuted tail of a block cut by an exception. */
    void uncount(long instructions, long cycles) {
        state.set(JAVA_LONG, INSNS, instructions() - instructions);
        state.set(JAVA_LONG, CYCLES, cycles() - cycles);
    }

    /** Sets both totals (a snapshot of the CPU is being restored). */
    void setTotals(long instructions, long cycles) {
        state.set(JAVA_LONG, INSNS, instructions);
        state.set(JAVA_LONG, CYCLES, cycles);
    }

    void addCycles(long cycles) {
        state.set(JAVA_LONG, CYCLES, cycles() + cycles);
    }

    void setBudget(long totalInstructions) {
        state.set(JAVA_LONG, BUDGET, totalInstructions);
    }

    /** Refuse blocks that would take the cycle total past {@code totalCycles} (unsigned in C: MAX means none). */
    void setCycleBudget(long totalCycles) {
        state.set(JAVA_LONG, CYCLE_BUDGET, totalCycles);
    }

    void clearStop() {
        state.set(JAVA_INT, STOP_REASON, STOP_NONE);
    }

    /** Records an exception the engine reported by an error code instead of the interrupt hook. */
    void stopWithException(int intno) {
        state.set(JAVA_INT, INTNO, intno);
        state.set(JAVA_INT, STOP_REASON, STOP_EXCEPTION);
    }

    int stopReason() {
        return state.get(JAVA_INT, STOP_REASON);
    }

    int interrupt() {
        return state.get(JAVA_INT, INTNO);
    }

    int lastBlockVa() {
        return state.get(JAVA_INT, LAST_VA);
    }

    int lastBlockEntry() {
        return state.get(JAVA_INT, LAST_ENTRY);
    }

    int refusedVa() {
        return state.get(JAVA_INT, REFUSED_VA);
    }

    int refusedSize() {
        return state.get(JAVA_INT, REFUSED_SIZE);
    }

    boolean refusedThumb() {
        return state.get(JAVA_INT, REFUSED_THUMB) != 0;
    }

    /** Tells the shim which address space runs: {@code asid} keys its block table, the rest lets it read code. */
    void setAddressSpace(int asid, boolean mmuOn, long ttbr0) {
        state.set(JAVA_INT, ASID, asid);
        state.set(JAVA_INT, MMU_ON, mmuOn ? 1 : 0);
        state.set(JAVA_INT, TTBR0, (int) ttbr0);
    }

    int entryVa(int entry) {
        return table.get(JAVA_INT, offset(entry) + E_VA);
    }

    int entrySize(int entry) {
        return table.get(JAVA_INT, offset(entry) + E_SIZE);
    }

    int entryInstructions(int entry) {
        return table.get(JAVA_INT, offset(entry) + E_INSNS);
    }

    boolean entryThumb(int entry) {
        return (table.get(JAVA_INT, offset(entry) + E_FLAGS) & 0x100) != 0;
    }

    int entryAsid(int entry) {
        return table.get(JAVA_INT, offset(entry) + E_ASID);
    }

    /** Blocks the shim met for the first time since the last drain (it stopped before running them). */
    int newBlockCount() {
        return state.get(JAVA_INT, NEW_COUNT);
    }

    int newBlock(int i) {
        return newList.getAtIndex(JAVA_INT, i);
    }

    /**
     * Gives a new block its cost, and whether it may write VFP or system registers; from now on the shim
     * counts it on every execution.
     */
    void resolve(int entry, int cycles, boolean writesExtendedState) {
        long base = offset(entry);
        table.set(JAVA_INT, base + E_CYCLES, cycles);
        table.set(JAVA_INT, base + E_FLAGS, (table.get(JAVA_INT, base + E_FLAGS) & ~0xFF & ~FLAG_EXTENDED) | ENTRY_KNOWN
                | (writesExtendedState ? FLAG_EXTENDED : 0));
        int asid = table.get(JAVA_INT, base + E_ASID), va = table.get(JAVA_INT, base + E_VA), size = table.get(JAVA_INT, base + E_SIZE);
        long first = Integer.toUnsignedLong(va) >>> 12, last = (Integer.toUnsignedLong(va) + Math.max(size, 1) - 1) >>> 12;
        for (long page = first; page <= last; page++) entriesByPage.computeIfAbsent(pageKey(asid, page), k -> new EntryList()).add(entry);
    }

    private static long pageKey(int asid, long page) {
        return (long) asid << 32 | page;
    }

    /** The table entries of blocks that start or end in one page of one address space (table indices are stable until a clear). */
    private static final class EntryList {
        int[] entries = new int[4];
        int count;

        void add(int entry) {
            if (count == entries.length) entries = java.util.Arrays.copyOf(entries, count * 2);
            entries[count++] = entry;
        }
    }

    /** Which entries to look at when a page's code is forgotten, instead of the whole table (65,536 entries a page). */
    private final java.util.Map<Long, EntryList> entriesByPage = new java.util.HashMap<>();

    /**
     * Whether a block that may write VFP or system registers (d0-d31, TPIDRURW) was entered since
     * {@link #clearExtendedStateTouched()}: if not, those registers still hold what the host last read or wrote.
     */
    boolean extendedStateTouched() {
        return (state.get(JAVA_INT, TOUCHED) & FLAG_EXTENDED) != 0;
    }

    void clearExtendedStateTouched() {
        state.set(JAVA_INT, TOUCHED, 0);
    }

    void drainedNewBlocks() {
        state.set(JAVA_INT, NEW_COUNT, 0);
    }

    /** Forgets every block (after code changed, or when the table is full); totals are kept. */
    void clearTable() {
        table.fill((byte) 0);
        forgetAll();
    }

    private void forgetAll() {
        if (entriesByPage != null) entriesByPage.clear();
        // The dummy entry after the table: va 1 is no block start, so no cache slot pointing at it matches.
        table.set(JAVA_INT, (long) capacity * AccountingShim.ENTRY_SIZE + E_VA, 1);
        forgetDirectSlots();
        state.set(JAVA_INT, LAST_VA, 0);
        state.set(JAVA_INT, LAST_ENTRY, 0);
        state.set(JAVA_INT, USED, 0);
        state.set(JAVA_INT, NEW_COUNT, 0);
    }

    /**
     * Forgets the blocks of address space {@code asid} that overlap {@code [start, end)}: their code is about
     * to change. Each becomes a tombstone (no block starts at the odd address 0xFFFFFFFF), so the probe
     * chains of the open-addressed table stay intact; a full table is cleared as usual.
     */
    void forgetBlocks(int asid, long start, long end) {
        boolean any = false;
        for (long page = start >>> 12; page <= (end - 1) >>> 12; page++) {
            EntryList list = entriesByPage.get(pageKey(asid, page));
            if (list == null) continue;
            int kept = 0;
            for (int j = 0; j < list.count; j++) {
                int i = list.entries[j];
                long at = (long) i * AccountingShim.ENTRY_SIZE;
                boolean same = (table.get(JAVA_INT, at + E_FLAGS) & 0xFF) == ENTRY_KNOWN && table.get(JAVA_INT, at + E_ASID) == asid;
                long va = Integer.toUnsignedLong(table.get(JAVA_INT, at + E_VA)), size = table.get(JAVA_INT, at + E_SIZE);
                if (same && va < end && va + size > start) {
                    table.set(JAVA_INT, at + E_VA, -1);
                    table.set(JAVA_INT, at + E_ASID, -1);
                    table.set(JAVA_INT, at + E_SIZE, 0);
                    table.set(JAVA_INT, at + E_FLAGS, ENTRY_KNOWN);
                    any = true;
                } else if (same) {
                    list.entries[kept++] = i; // a block of this page outside the range: still there
                }
            }
            list.count = kept;
        }
        if (any) forgetDirectSlots();
    }

    /** Points every slot of the shim's block cache at the dummy entry, which matches no block. */
    private void forgetDirectSlots() {
        for (int i = 0; i < DIRECT_SLOTS; i++) direct.setAtIndex(JAVA_INT, i, capacity);
    }

    boolean entryIsNew(int entry) {
        return (table.get(JAVA_INT, offset(entry) + E_FLAGS) & 0xFF) == ENTRY_NEW;
    }

    private long offset(int entry) {
        if (entry < 0 || entry >= capacity) throw new IndexOutOfBoundsException(entry);
        return (long) entry * AccountingShim.ENTRY_SIZE;
    }
}
