package ecusim.campaign;

import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.kernel.Thread;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Def/use equivalence of memory faults (FAIL*'s pruning), from a traced golden run of the target. A flip of
 * byte b when the target has retired c instructions is first <em>observed</em> by the next event that can see
 * b: a load or store of b by the target's own instructions (the native trace gives each one's exact
 * instruction count); a <em>kernel entry</em> of the target (system call, page fault, exception), taken to
 * read all of its UTCB page, of the pages it shares with another task and of every page mapped, unmapped or
 * moved before it runs again (the kernel and core act on its behalf through those: IPC through the UTCB, the
 * pager mapping a page; they read no other task memory); or, while it is preempted, a load or store by
 * another thread of a frame it shares. All c between two observations of b are equivalent:
 * <ul>
 *   <li>the next observation is its own store covering b: the flip is overwritten unseen, OK without a run;</li>
 *   <li>there is none (b is never seen again): OK without a run;</li>
 *   <li>else the class is represented by injecting at the observation's own count, the last c of the class
 *       (a load at instruction k is preceded by the injection at count k; a kernel entry after a run that
 *       ended at count T by the injection at T - 1).</li>
 * </ul>
 * Sampling uniformly from the whole space and running each class once keeps the rates those of the whole
 * space: each class counts as often as it is drawn, that is in proportion to its size. A scenario where this
 * does not hold is refused (pruning off, with the reason): a replicated component (its runs are not traced
 * one by one), a Java component such as Rtcr (it may read a child's memory from the host at any time), a
 * frame mapped at two of the target's addresses, a space or trace too large to key.
 */
public final class DefUse implements FaultClasses {
    /** What an experiment at (instruction, byte) amounts to. */
    public sealed interface Verdict {}

    /** The flip is never read: OK, known without running it. */
    public record Unread(String why) implements Verdict {}

    /** The flip's class: inject at {@code instruction} instead, the same outcome. */
    public record Represented(long instruction) implements Verdict {}

    private static final int PAGE = 4096;
    // A key is (byte index << 37) | (position << 1) | store: positive for 2^26 bytes (16,384 pages) and 2^36
    // instructions; a larger target turns pruning off rather than mixing keys up.
    private static final int POSITION_BITS = 36, BYTE_BITS = 63 - POSITION_BITS - 1;
    /** The most byte-level accesses kept (8 bytes each, sorted in place): a longer trace turns pruning off. */
    private static final int MOST_ACCESSES = 48 << 20;

    private final Map<Integer, Integer> pageIndex; // va -> index among the writable pages
    private final long[] accesses; // sorted (byte index << 41) | (position << 1) | write
    private final long[][] pageObservations; // per page index: ascending positions at which the whole page is seen
    /** Where the final state is compared (the target is alive at the end: its last count), or -1 (it ended, its memory is gone). */
    private final long end;

    private DefUse(Map<Integer, Integer> pageIndex, long[] accesses, long[][] pageObservations, long end) {
        this.pageIndex = pageIndex;
        this.accesses = accesses;
        this.pageObservations = pageObservations;
        this.end = end;
    }

    /** Byte-level accesses recorded (an access of n bytes counts n times). */
    public int byteAccesses() {
        return accesses.length;
    }

    /**
     * The whole memory fault space by class, FAIL*'s census: {@code classes} that need a run, and the share of
     * (instruction, byte) points, of {@code instructions} x bytes, that are known OK without one.
     */
    public record Census(long classes, long knownOkPoints, long points) {
        public double knownOkShare() {
            return points == 0 ? 0 : (double) knownOkPoints / points;
        }
    }

    /** Counts the classes of every byte over {@code instructions} injection points (each bit of a byte alike). */
    @Override
    public Census census(long instructions) {
        long[] classes = {0}, dead = {0};
        walk(instructions, new ClassVisitor() {
            @Override
            public void live(int va, long at, long span) {
                classes[0]++;
            }

            @Override
            public void dead(long span) {
                dead[0] += span;
            }
        });
        return new Census(classes[0], dead[0], instructions * pageObservations.length * PAGE);
    }

    /** What {@link #walk} reports of the injection points 0 .. instructions - 1 of each byte, by byte, then by instruction. */
    public interface ClassVisitor {
        /** The {@code span} points before and at {@code at} of the byte at {@code va} form a class, represented by injecting at {@code at}. */
        void live(int va, long at, long span);

        /** {@code span} points of a byte are known OK: overwritten before they are read, or never seen again. */
        void dead(long span);
    }

    /** Partitions the whole space (every byte of the writable pages, every injection point) into classes; the spans add up to it. */
    public void walk(long instructions, ClassVisitor visitor) {
        int[] vaOf = new int[pageObservations.length];
        pageIndex.forEach((va, page) -> vaOf[page] = va);
        int a = 0;
        for (int page = 0; page < pageObservations.length; page++) {
            long[] seen = pageObservations[page];
            for (int offset = 0; offset < PAGE; offset++) {
                long byteIndex = (long) page * PAGE + offset;
                while (a < accesses.length && (accesses[a] >>> (POSITION_BITS + 1)) < byteIndex) a++;
                long prev = -1;
                int w = 0;
                while (true) {
                    boolean access = a < accesses.length && (accesses[a] >>> (POSITION_BITS + 1)) == byteIndex;
                    long accessAt = access ? (accesses[a] >>> 1) & ((1L << POSITION_BITS) - 1) : Long.MAX_VALUE;
                    long pageAt = w < seen.length ? seen[w] : Long.MAX_VALUE;
                    if (accessAt == Long.MAX_VALUE && pageAt == Long.MAX_VALUE) break;
                    long at = Math.min(accessAt, pageAt);
                    boolean overwrite = accessAt <= pageAt && (accesses[a] & 1) != 0; // a load before a store at one count: sorted first
                    if (accessAt <= pageAt) a++;
                    else w++;
                    if (at <= prev || prev >= instructions - 1) continue; // an empty class: nothing between two observations at one count
                    long last = Math.min(at, instructions - 1), span = last - prev;
                    if (overwrite) visitor.dead(span);
                    else visitor.live(vaOf[page] + offset, last, span);
                    prev = last;
                }
                if (prev < instructions - 1) { // never seen again: gone, or in the final state of a target alive at the end
                    if (end >= 0) visitor.live(vaOf[page] + offset, instructions - 1, instructions - 1 - prev);
                    else visitor.dead(instructions - 1 - prev);
                }
            }
        }
    }

    /** Observations of whole pages (a page seen at a kernel entry of the target). */
    public int pageObservations() {
        int n = 0;
        for (long[] p : pageObservations) n += p.length;
        return n;
    }

    /**
     * Boots a fresh ECU of {@code config} (the trace's code hook changes how Unicorn stops blocks, so never on
     * an ECU experiments run on), runs it to {@code untilUs} with the memory-access trace on, and records the
     * target thread's accesses to {@code writablePages}. Fails with {@link IllegalStateException} when the
     * target retired other than the golden run's {@code goldenInstructions}, its space is too large to key, a
     * component is replicated or a frame is mapped at two of its addresses (the caller compares what
     * {@code events} heard with the golden run's output).
     */
    static DefUse trace(EcuConfig config, EcuEvents events, String target, long untilUs, List<Integer> writablePages, long goldenInstructions,
                        boolean aliveAtEnd) {
        Map<Integer, Integer> pageIndex = new HashMap<>();
        for (int i = 0; i < writablePages.size(); i++) pageIndex.put(writablePages.get(i), i);
        if ((long) writablePages.size() * PAGE > 1L << BYTE_BITS) {
            throw new IllegalStateException(writablePages.size() + " writable pages: def/use pruning covers up to " + (1 << (BYTE_BITS - 12)));
        }
        Collector collector = new Collector(pageIndex);
        TracedRun.run(config, events, target, untilUs, goldenInstructions, false, collector);
        long[] accesses = Arrays.copyOf(collector.accesses, collector.accessCount);
        Arrays.sort(accesses);
        long[][] pages = new long[writablePages.size()][];
        for (int i = 0; i < pages.length; i++) pages[i] = Arrays.copyOf(collector.pageSeen[i], collector.pageSeenCount[i]);
        return new DefUse(Map.copyOf(pageIndex), accesses, pages, aliveAtEnd ? goldenInstructions - 1 : -1);
    }

    @Override
    public Verdict verdict(long instruction, ecusim.emulator.fault.FaultLocation location) {
        if (!(location instanceof ecusim.emulator.fault.FaultLocation.MemoryByte m)) throw new IllegalArgumentException("not a memory byte: " + location);
        return verdict(instruction, m.address());
    }

    @Override
    public java.util.Map<String, Long> traced() {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        out.put("byte_accesses_traced", (long) byteAccesses());
        out.put("page_observations_traced", (long) pageObservations());
        return out;
    }

    /** What a flip of the byte at virtual address {@code va} after {@code instruction} instructions amounts to. */
    public Verdict verdict(long instruction, int va) {
        Integer page = pageIndex.get(va & -PAGE);
        if (page == null) throw new IllegalArgumentException("0x" + Integer.toHexString(va) + " is not in a writable page of the golden run");
        long byteIndex = (long) page * PAGE + (va & (PAGE - 1));
        // The first access of this byte at or after the instruction (a load before a store of the same instruction).
        long from = (byteIndex << (POSITION_BITS + 1)) | (instruction << 1);
        int i = Arrays.binarySearch(accesses, from);
        if (i < 0) i = -i - 1;
        boolean accessed = i < accesses.length && (accesses[i] >>> (POSITION_BITS + 1)) == byteIndex;
        long accessAt = accessed ? (accesses[i] >>> 1) & ((1L << POSITION_BITS) - 1) : Long.MAX_VALUE;
        long[] seen = pageObservations[page];
        int w = Arrays.binarySearch(seen, instruction);
        if (w < 0) w = -w - 1;
        long windowAt = w < seen.length ? seen[w] : Long.MAX_VALUE;
        if (accessAt == Long.MAX_VALUE && windowAt == Long.MAX_VALUE) {
            // Never seen again: gone with the target's memory, or, for a target alive at the end, in its final state.
            return end >= instruction ? new Represented(end) : new Unread("never seen again");
        }
        if (accessAt <= windowAt) { // an access by an instruction precedes the kernel entry after it
            if ((accesses[i] & 1) != 0) return new Unread("overwritten at instruction " + accessAt);
            return new Represented(accessAt);
        }
        return new Represented(windowAt);
    }

    /** Gathers the target's accesses run by run, and what its kernel entries and mapping changes expose. */
    private static final class Collector implements TracedRun.Analysis {
        private final Map<Integer, Integer> pageIndex;
        private final Map<Long, Integer> frames = new HashMap<>(); // frame -> va of the target's writable pages
        private final Map<Integer, Long> mapping = new HashMap<>(); // va -> frame, as last looked at
        private final java.util.Set<Integer> shared = new java.util.TreeSet<>(); // page indexes whose frame another task maps too
        Thread target;
        ArmCpu cpu;
        ecusim.kernel.Kernel kernel;
        long[] accesses = new long[1 << 16];
        int accessCount;
        final long[][] pageSeen;
        final int[] pageSeenCount;

        @Override
        public void attach(ecusim.kernel.Kernel kernel, Thread target) {
            this.kernel = kernel;
            this.target = target;
            this.cpu = kernel.cpu();
        }

        Collector(Map<Integer, Integer> pageIndex) {
            this.pageIndex = pageIndex;
            this.pageSeen = new long[pageIndex.size()][];
            this.pageSeenCount = new int[pageIndex.size()];
            for (int i = 0; i < pageSeen.length; i++) pageSeen[i] = new long[4];
        }

        @Override
        public void threadRan(Thread thread, long cpuInstructionsBefore, long threadInstructionsBefore, CpuEvent ended) {
            if (thread != target) {
                // Another thread's accesses to the target's frames (shared memory) are seen while the target stands
                // at its count T: after the injection at T - 1, before the one at T; taken as loads.
                long standing = target.instructions() - 1;
                cpu.drainMemoryTrace(a -> {
                    if (standing >= 0 && a.instruction() >= cpuInstructionsBefore) record(a.physicalAddress(), a.size(), standing, false);
                });
                return;
            }
            // Pages mapped, unmapped or moved since the target last ran (its pager, a detach) changed while it stood
            // at its count before this run: seen whole there.
            if (threadInstructionsBefore > 0) lookAtMapping(threadInstructionsBefore - 1);
            else lookAtMapping(-1);
            long retired = thread.instructions();
            cpu.drainMemoryTrace(a -> {
                if (a.instruction() < cpuInstructionsBefore) return; // before this run: another thread's
                long position = threadInstructionsBefore + (a.instruction() - cpuInstructionsBefore);
                if (position >= retired) return; // its instruction was stopped by an exception: it runs again, and is seen then
                if (position >= 1L << POSITION_BITS) throw new IllegalStateException("def/use pruning covers targets of up to 2^" + POSITION_BITS + " instructions");
                record(a.physicalAddress(), a.size(), position, a.write());
            });
            long end = retired;
            if (!(ended instanceof CpuEvent.BudgetExhausted) && end > 0) {
                // A kernel entry: the kernel and core act for the target, through its UTCB and what it shares; the
                // injection at end - 1 precedes it.
                Integer utcb = frames.get(target.utcbFrame() & -PAGE);
                if (utcb != null && pageIndex.containsKey(utcb)) see(pageIndex.get(utcb), end - 1);
                for (int page : shared) see(page, end - 1);
            }
        }

        private void see(int page, long position) {
            int n = pageSeenCount[page];
            if (n > 0 && pageSeen[page][n - 1] >= position) return;
            if (n == pageSeen[page].length) pageSeen[page] = Arrays.copyOf(pageSeen[page], n * 2);
            pageSeen[page][n] = position;
            pageSeenCount[page] = n + 1;
        }

        /** Compares the target's writable pages with what they were; a change is a whole-page observation at {@code position}. */
        private void lookAtMapping(long position) {
            if (target.task().deleted()) return;
            Map<Integer, Long> now = new HashMap<>();
            target.task().addressSpace().forEachPage((va, frame, writable, executable) -> {
                if (writable) now.put(va, frame);
            });
            if (now.equals(mapping)) return;
            for (Integer va : union(now.keySet(), mapping.keySet())) {
                if (java.util.Objects.equals(now.get(va), mapping.get(va))) continue;
                Integer page = pageIndex.get(va);
                if (page != null && position >= 0) see(page, position);
            }
            mapping.clear();
            mapping.putAll(now);
            frames.clear();
            now.forEach((va, frame) -> {
                Integer other = frames.put(frame, va);
                // A frame at two of its addresses (a dataspace attached twice): an access through one is a read of both.
                if (other != null) throw new IllegalStateException("def/use pruning: frame 0x" + Long.toHexString(frame) + " is mapped at 0x"
                        + Integer.toHexString(other) + " and 0x" + Integer.toHexString(va));
            });
            // Frames another task maps as well: what the target shares (a dataspace attached twice).
            shared.clear();
            for (ecusim.kernel.Task other : kernel.tasks()) {
                if (other == target.task() || other.deleted()) continue;
                other.addressSpace().forEachPage((va, frame, writable, executable) -> {
                    Integer mine = frames.get(frame);
                    if (mine != null && pageIndex.containsKey(mine)) shared.add(pageIndex.get(mine));
                });
            }
        }

        private static java.util.Set<Integer> union(java.util.Set<Integer> a, java.util.Set<Integer> b) {
            java.util.Set<Integer> u = new java.util.HashSet<>(a);
            u.addAll(b);
            return u;
        }

        /** An access of {@code size} bytes at a physical address, if they are in the target's writable pages. */
        private void record(long physicalAddress, int size, long position, boolean write) {
            Integer va = frames.get(physicalAddress & -PAGE);
            if (va == null) return; // code, read-only data or another task's frame: not in the fault space
            Integer page = pageIndex.get(va);
            if (page == null) return;
            for (int b = 0; b < size; b++) {
                long offset = (physicalAddress & (PAGE - 1)) + b;
                if (offset >= PAGE) break; // an access is never split across pages by the trace; be safe
                long byteIndex = (long) page * PAGE + offset;
                add((byteIndex << (POSITION_BITS + 1)) | (position << 1) | (write ? 1 : 0));
            }
        }

        private void add(long key) {
            if (accessCount == MOST_ACCESSES) throw new IllegalStateException("def/use pruning keeps up to " + MOST_ACCESSES + " byte accesses; this target makes more");
            if (accessCount == accesses.length) accesses = Arrays.copyOf(accesses, (int) Math.min(MOST_ACCESSES, accessCount * 2L));
            accesses[accessCount++] = key;
        }
    }
}
