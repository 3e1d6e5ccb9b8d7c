package ecusim.kernel;

import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.FrameAllocator;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.TranslationTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task's address space: ARMv7 page tables in simulated RAM, walked by the emulated MMU, plus the
 * kernel's per-page shadow ({@link PageBits}). Every change is followed by the TLB maintenance it needs.
 *
 * <p>Dirty tracking is write protection: {@link #writeProtectAll()} starts tracking, makes every writable
 * page read-only in hardware and clears its dirty bit; the first write then aborts with a permission fault,
 * and {@link #resolveWriteFault(int)} marks the page dirty and gives the write permission back. While
 * tracking, a page mapped later is installed write-protected too, and writes by the kernel or the host into
 * a mapped frame ({@link #markWritten}) mark it as well, so no changed page is missed.
 * {@link #takeDirtyPages()} reads and clears the dirty set and protects again, in one step.
 */
public final class AddressSpace {
    private static final int PAGE = PhysicalRam.PAGE_SIZE;

    /**
     * Mutable per-page state; the public view is {@link PageBits}. A page both writable and executable is
     * never both in hardware (W^X): it starts executable and read-only; its first write makes it writable and
     * not executable ({@code writing}), and its next instruction fetch makes it executable again, each time
     * forgetting the code translated from it. So code that a guest changes is always decoded afresh.
     */
    private static final class Page {
        final long frame;
        boolean writable, executable, accessed, dirty, writeProtected, writing;
        // During a processing element (ProcessingElements): the page is shielded (write-protected so the
        // first store of a run is seen), and once stored to, the run sees a private copy, its replica.
        boolean shielded;
        long replica;

        Page(long frame, PagePermissions permissions) {
            this.frame = frame;
            this.writable = permissions.write();
            this.executable = permissions.execute();
        }

        PagePermissions hardware() {
            boolean toggled = writable && executable;
            return new PagePermissions(true, writable && !writeProtected && !shielded && (!toggled || writing), executable && (!toggled || !writing));
        }

        /** The frame the hardware maps: the replica while a run has one, else the page's own frame. */
        long mapped() {
            return replica != 0 ? replica : frame;
        }
    }

    private final TranslationTable table;
    private final int asid;
    private final Tlb tlb;
    private final FrameMappings mappings;
    private final int codeSpace;
    /** The tracked ranges, {start, end} unsigned, in the order they were given; empty while not tracking. */
    private final List<long[]> tracked = new ArrayList<>(1);
    private final TreeMap<Integer, Page> pages = new TreeMap<>(Integer::compareUnsigned);
    private long tlbFlushes;

    private AddressSpace(TranslationTable table, int asid, Tlb tlb, FrameMappings mappings, int codeSpace) {
        this.table = table;
        this.asid = asid;
        this.tlb = tlb;
        this.mappings = mappings;
        this.codeSpace = codeSpace;
    }

    /** An empty address space whose tables come from {@code tableFrames}; null when it has no room for the L1 table. */
    public static AddressSpace create(PhysicalRam ram, FrameAllocator tableFrames, int asid, Tlb tlb) {
        TranslationTable table = TranslationTable.tryCreate(ram, tableFrames);
        return table == null ? null : new AddressSpace(table, asid, tlb, new FrameMappings(), (int) table.l1Base());
    }

    /**
     * An address space whose tables are already in RAM at {@code l1Base} (a restore): its shadow is set with
     * {@link #restorePage} and its tracking with {@link #restoreTracking}.
     */
    static AddressSpace existing(PhysicalRam ram, FrameAllocator tableFrames, long l1Base, int asid, Tlb tlb, FrameMappings mappings,
                                 int codeSpace) {
        return new AddressSpace(TranslationTable.existing(ram, tableFrames, l1Base), asid, tlb, mappings, codeSpace);
    }

    /** Sets the shadow of one mapped page (a restore; the descriptor is in the restored RAM already). */
    void restorePage(int va, long frame, boolean writable, boolean executable, boolean accessed, boolean dirty, boolean writeProtected,
                     boolean writing) {
        Page page = new Page(frame, new PagePermissions(true, writable, executable));
        page.accessed = accessed;
        page.dirty = dirty;
        page.writeProtected = writeProtected;
        page.writing = writing;
        pages.put(va, page);
        mappings.mapped(frame, this, va);
    }

    void restoreTracking(List<Long> trackedRanges, long tlbFlushes) {
        tracked.clear();
        for (int i = 0; i + 1 < trackedRanges.size(); i += 2) tracked.add(new long[] {trackedRanges.get(i), trackedRanges.get(i + 1)});
        this.tlbFlushes = tlbFlushes;
    }

    /** Every mapped page with its full shadow, write protection included, in ascending order (a capture). */
    List<KernelState.SavedPage> savedPages() {
        List<KernelState.SavedPage> out = new ArrayList<>(pages.size());
        for (var e : pages.entrySet()) {
            Page p = e.getValue();
            out.add(new KernelState.SavedPage(e.getKey(), p.frame, p.writable, p.executable, p.accessed, p.dirty, p.writeProtected, p.writing));
        }
        return out;
    }

    /** The same, entering its mappings into the kernel's reverse map {@code mappings}, its decoded code keyed {@code codeSpace}. */
    static AddressSpace create(PhysicalRam ram, FrameAllocator tableFrames, int asid, Tlb tlb, FrameMappings mappings, int codeSpace) {
        TranslationTable table = TranslationTable.tryCreate(ram, tableFrames);
        return table == null ? null : new AddressSpace(table, asid, tlb, mappings, codeSpace);
    }

    /** Physical address of the L1 table (TTBR0 when this space runs). */
    public long l1Base() {
        return table.l1Base();
    }

    public int asid() {
        return asid;
    }

    /** Maps the frame at {@code frame} at page {@code va} for user access; NO_MEMORY when no L2 table can be had for it. */
    public L4Error map(int va, long frame, PagePermissions permissions) {
        if ((va & (PAGE - 1)) != 0 || (frame & (PAGE - 1)) != 0) return L4Error.INVALID;
        if (!permissions.read()) return L4Error.INVALID;
        if (pages.containsKey(va)) return L4Error.EXISTS;
        Page page = new Page(frame, permissions);
        page.accessed = true; // pages are mapped when first touched (by the pager), so they start accessed
        page.writeProtected = isTracked(va) && page.writable; // its first write must be seen too
        if (!table.mapPage(va, frame, page.hardware())) return L4Error.NO_MEMORY;
        pages.put(va, page);
        mappings.mapped(frame, this, va);
        flushPage(va); // a stale "not present" entry may be cached
        return L4Error.OK;
    }

    /** The host changed the code of the page at {@code va}: its translated code is dropped. */
    public void codeChanged(int va) {
        tlb.forgetCode(table.l1Base(), codeSpace, va & ~0xFFF);
    }

    /** Removes the mapping of page {@code va} (and, if it was executable, the code translated from it). */
    public L4Error unmap(int va) {
        Page page = pages.remove(va);
        if (page == null) return L4Error.NOT_FOUND;
        mappings.unmapped(page.frame, this, va);
        if (page.executable) tlb.forgetCode(table.l1Base(), codeSpace, va);
        table.unmapPage(va);
        flushPage(va);
        return L4Error.OK;
    }

    /** Changes what user code may do with page {@code va}. */
    public L4Error protect(int va, PagePermissions permissions) {
        Page page = pages.get(va);
        if (page == null) return L4Error.NOT_FOUND;
        if (!permissions.read()) return L4Error.INVALID;
        page.writable = permissions.write();
        page.executable = permissions.execute();
        table.protectPage(va, page.hardware());
        flushPage(va);
        return L4Error.OK;
    }

    /** The shadow of page {@code va}, or null when nothing is mapped there. */
    public PageBits page(int va) {
        Page page = pages.get(va & ~(PAGE - 1));
        return page == null ? null : new PageBits(page.mapped(), page.writable, page.executable, page.accessed, page.dirty);
    }

    /** What {@link #forEachPage} shows of each mapped page. */
    @FunctionalInterface
    public interface PageVisitor {
        void page(int va, long frame, boolean writable, boolean executable);
    }

    /** Visits every mapped page in ascending address order, allocating nothing (snapshots walk every space). */
    public void forEachPage(PageVisitor visitor) {
        for (var e : pages.entrySet()) {
            Page p = e.getValue();
            visitor.page(e.getKey(), p.frame, p.writable, p.executable);
        }
    }

    /** The lowest page at or above {@code from} (page aligned) that nothing is mapped at, or 0 if none is left below 4 GiB. */
    int firstUnmapped(int from) {
        long at = Integer.toUnsignedLong(from);
        for (int va : pages.tailMap(from, true).keySet()) {
            if (Integer.toUnsignedLong(va) != at) break;
            at += PAGE;
        }
        return at >= 1L << 32 ? 0 : (int) at;
    }

    /** Every mapped page in ascending address order, with its shadow. */
    public List<Map.Entry<Integer, PageBits>> pages() {
        List<Map.Entry<Integer, PageBits>> out = new ArrayList<>(pages.size());
        for (var e : pages.entrySet()) out.add(Map.entry(e.getKey(), page(e.getKey())));
        return out;
    }

    /**
     * Starts a dirty-tracking interval over {@code [from, from + length)} only: clears the dirty bits of the
     * pages there and write-protects the writable ones; pages mapped from now on are installed write-protected.
     */
    public void writeProtect(int from, long length) {
        long start = Integer.toUnsignedLong(from) & ~(long) (PAGE - 1), end = Math.min(Integer.toUnsignedLong(from) + length, 1L << 32);
        if (start >= end) return;
        boolean known = false;
        for (long[] r : tracked) known |= r[0] == start && r[1] == end;
        if (!known) tracked.add(new long[] {start, end});
        for (var e : pages.entrySet()) {
            long va = Integer.toUnsignedLong(e.getKey());
            if (va < start || va >= end) continue;
            Page page = e.getValue();
            page.dirty = false;
            if (page.writable && !page.writeProtected) {
                page.writeProtected = true;
                table.protectPage(e.getKey(), page.hardware());
                flushPage(e.getKey());
            }
        }
    }

    /** Starts a dirty-tracking interval: clears every dirty bit and write-protects every writable page. */
    public void writeProtectAll() {
        tracked.clear();
        tracked.add(new long[] {0, 1L << 32});
        for (var e : pages.entrySet()) {
            Page page = e.getValue();
            page.dirty = false;
            if (page.writable && !page.writeProtected) {
                page.writeProtected = true;
                table.protectPage(e.getKey(), page.hardware());
            }
        }
        tlb.flushAll();
        tlbFlushes++;
    }

    /**
     * Handles a write permission fault at {@code va}: the page is logically writable but write-protected for
     * tracking (it becomes dirty) or executable (W^X: it becomes writable and not executable, its code
     * forgotten). Returns true when the store can be retried, false for a real protection violation.
     */
    public boolean resolveWriteFault(int va) {
        int pageVa = va & ~(PAGE - 1);
        Page page = pages.get(pageVa);
        if (page == null || !page.writable) return false;
        boolean resolved = false;
        if (page.executable && !page.writing) {
            page.writing = true;
            tlb.forgetCode(table.l1Base(), codeSpace, pageVa);
            resolved = true;
        }
        if (page.writeProtected) {
            page.writeProtected = false;
            page.dirty = true;
            resolved = true;
        }
        if (!resolved) return false;
        table.protectPage(pageVa, page.hardware());
        flushPage(pageVa);
        return true;
    }

    /**
     * A store from a page that is writable and executable into that same page: W^X would make no progress
     * (the store needs the page writable, its fetch needs it executable). The page is both for the one
     * instruction the kernel now lets run; {@link #endStep} locks it again. False if the page is not such.
     */
    boolean beginStep(int va) {
        int pageVa = va & ~(PAGE - 1);
        Page page = pages.get(pageVa);
        if (page == null || !page.writable || !page.executable || page.writing) return false;
        tlb.forgetCode(table.l1Base(), codeSpace, pageVa);
        if (page.writeProtected) {
            page.writeProtected = false;
            page.dirty = true;
        }
        table.protectPage(pageVa, new PagePermissions(true, true, true));
        flushPage(pageVa);
        return true;
    }

    /** After the one instruction: the page is executable and read-only again, and the code it had is forgotten. */
    void endStep(int va) {
        int pageVa = va & ~(PAGE - 1);
        Page page = pages.get(pageVa);
        if (page == null) return; // unmapped meanwhile
        tlb.forgetCode(table.l1Base(), codeSpace, pageVa);
        table.protectPage(pageVa, page.hardware());
        flushPage(pageVa);
    }

    /**
     * Handles an instruction fetch permission fault at {@code va}: a writable and executable page that was
     * being written (W^X) becomes executable and read-only again. False for a real protection violation.
     */
    public boolean resolveExecuteFault(int va) {
        int pageVa = va & ~(PAGE - 1);
        Page page = pages.get(pageVa);
        if (page == null || !page.executable || !page.writing) return false;
        page.writing = false;
        table.protectPage(pageVa, page.hardware());
        flushPage(pageVa);
        return true;
    }

    /** Pages written since the last {@link #writeProtectAll()}, in ascending order. */
    public List<Integer> dirtyPages() {
        List<Integer> out = new ArrayList<>();
        for (var e : pages.entrySet()) if (e.getValue().dirty) out.add(e.getKey());
        return out;
    }

    /** The dirty pages, and a new tracking interval begun at once (nothing written in between can be lost). */
    public List<Integer> takeDirtyPages() {
        List<Integer> dirty = dirtyPages();
        List<long[]> ranges = List.copyOf(tracked);
        if (ranges.isEmpty()) return dirty;
        if (ranges.size() == 1 && ranges.getFirst()[0] == 0 && ranges.getFirst()[1] == 1L << 32) {
            writeProtectAll(); // one whole-TLB flush rather than one per page
            return dirty;
        }
        for (long[] r : ranges) writeProtect((int) r[0], r[1] - r[0]);
        return dirty;
    }

    /** Ends dirty tracking: pages mapped from now on are installed writable (those protected stay so until written). */
    public void stopTracking() {
        tracked.clear();
    }

    public boolean tracking() {
        return !tracked.isEmpty();
    }

    /** The tracked ranges as start, end pairs (a capture). */
    List<Long> trackedRanges() {
        List<Long> out = new ArrayList<>(tracked.size() * 2);
        for (long[] r : tracked) {
            out.add(r[0]);
            out.add(r[1]);
        }
        return out;
    }

    private boolean isTracked(int va) {
        long at = Integer.toUnsignedLong(va);
        for (long[] r : tracked) if (at >= r[0] && at < r[1]) return true;
        return false;
    }

    // ---- processing elements: shielding and replicas (see ProcessingElements) ----

    /**
     * Starts a run of a processing element: every writable page is shielded, so a store to it faults and
     * the run can be given its own copy ({@link #mapReplica}) before anything changes. One TLB flush.
     */
    void shieldWritablePages() {
        for (var e : pages.entrySet()) {
            Page page = e.getValue();
            if (!page.writable || page.shielded) continue;
            page.shielded = true;
            table.protectPage(e.getKey(), page.hardware());
        }
        tlb.flushAll();
        tlbFlushes++;
    }

    /** Whether page {@code va} is shielded for the running processing element and has no replica yet. */
    boolean shielded(int va) {
        Page page = pages.get(va & ~(PAGE - 1));
        return page != null && page.shielded && page.replica == 0;
    }

    /**
     * Maps {@code replica}, a private frame holding a copy of the page, at {@code va} for the rest of the
     * run, writable: what the run stores goes there, and the page's own frame keeps its state from before
     * the processing element. A store also counts as one for dirty tracking and W^X.
     */
    void mapReplica(int va, long replica) {
        int pageVa = va & ~(PAGE - 1);
        Page page = pages.get(pageVa);
        page.replica = replica;
        page.shielded = false;
        if (page.writeProtected) {
            page.writeProtected = false;
            page.dirty = true;
        }
        if (page.executable) {
            page.writing = true;
            tlb.forgetCode(table.l1Base(), codeSpace, pageVa);
        }
        table.mapPage(pageVa, replica, page.hardware()); // the L2 entry exists: this rewrites it
        flushPage(pageVa);
    }

    /** The page's own frame comes back at {@code va}, shielded again (the next run starts from it). */
    void dropReplica(int va) {
        Page page = pages.get(va);
        page.replica = 0;
        page.shielded = true;
        if (page.executable) tlb.forgetCode(table.l1Base(), codeSpace, va);
        table.mapPage(va, page.frame, page.hardware());
        flushPage(va);
    }

    /** The page's own frame at {@code va} (not a replica). */
    long ownFrame(int va) {
        return pages.get(va).frame;
    }

    /** Ends a processing element: no page is shielded any more (replicas have been dropped). One TLB flush. */
    void unshieldAll() {
        for (var e : pages.entrySet()) {
            Page page = e.getValue();
            if (!page.shielded) continue;
            page.shielded = false;
            table.protectPage(e.getKey(), page.hardware());
        }
        tlb.flushAll();
        tlbFlushes++;
    }

    /** The kernel or the host wrote into the frame mapped at {@code va}: while tracking, the page is dirty. */
    void markWritten(int va) {
        Page page = pages.get(va);
        if (page != null && isTracked(va)) page.dirty = true;
    }

    private void flushPage(int va) {
        tlb.flushPage(va, asid);
        tlbFlushes++;
    }

    /** A context switch to this space flushed the whole TLB. */
    void countTlbFlush() {
        tlbFlushes++;
    }

    /** TLB maintenance operations done for this space (page and whole-TLB flushes, switches included). */
    public long tlbFlushes() {
        return tlbFlushes;
    }

    public int mappedPages() {
        return pages.size();
    }

    /** Forgets every mapping (the task is being deleted; its tables' memory goes back with the task's). */
    void clear() {
        for (var e : pages.entrySet()) {
            mappings.unmapped(e.getValue().frame, this, e.getKey());
            if (e.getValue().executable) tlb.forgetCode(table.l1Base(), codeSpace, e.getKey());
        }
        pages.clear();
        tlb.flushAll();
        tlbFlushes++;
    }
}
