package ecusim.kernel;

import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.FaultKind;
import ecusim.emulator.mmu.FrameAllocator;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replicated execution of a thread in processing elements (PEs), after Tokponnon and Lobelle's DWC on
 * NOVA/Genode: a PE starts from the thread's registers R0 and its task's memory P0, with every writable page
 * shielded; the first run's first store to a page gives it a private copy (P_j,0 → P_j,1), so P0 stays
 * intact. The first run ends at its instruction budget, its slice's or a timeout's deadline (the PE then has
 * n instructions), or at a system call, fault or other exception, which the kernel has not dispatched yet.
 * Each further run starts from R0 on fresh copies of the pages the first run changed (P_j,0 → P_j,2) and
 * runs exactly n instructions when the first ended at a budget, or up to the PE budget when it ended at an
 * exception, which it must then meet at the same instruction. The runs' registers, ends and every page any
 * of them changed are compared: equal (DWC), or a majority equal (TMR), and the PE commits — the winning
 * pages are copied into the task's frames, its registers become the thread's, and the event that ended it
 * is dispatched as if the thread had run once. Otherwise everything is thrown away and the PE runs again
 * from R0 and P0, up to the configured retries; then the thread is stopped and reported.
 *
 * <p>Private frames are charged to the task's RAM quota: the first run takes one per run for each page it
 * changes, so the later runs never lack one; when the quota has no room the PE ends before that store,
 * and the next PE (with the copies freed) tries again. A fault set for a run ({@link Kernel#injectFault})
 * is injected into that run only, at its count of the thread's instructions.
 */
final class ProcessingElements {
    private static final int PAGE = PhysicalRam.PAGE_SIZE;
    private static final PePhase[] PHASES = PePhase.values();

    private final Kernel k;

    ProcessingElements(Kernel kernel) {
        this.k = kernel;
    }

    /**
     * One run of a PE: what ended it, its registers then, instructions, the replicas it stored to (page →
     * private frame), and whether it ended because no frame could be had.
     */
    private record Run(CpuEvent event, RegisterFile registers, long instructions, TreeMap<Integer, Long> replicas, boolean noFrame) {}

    /**
     * Runs one PE of {@code thread}, which is on the CPU, with {@code sliceEnd} as its first run's deadline.
     * Returns the event to dispatch (what ended the committed PE), or null when there is nothing to
     * dispatch: the thread was stopped (its replicas kept differing, or its quota cannot give one frame).
     */
    CpuEvent run(Thread thread, long sliceEnd) {
        Task task = thread.task();
        Replication replication = task.replication();
        ReplicationStats stats = task.replicationStats();
        AddressSpace space = task.addressSpace();
        int runs = replication.mode().runs();
        long start = thread.instructions();
        long[] phases = new long[PHASES.length];
        long mark = k.now();
        k.charge(KernelCost.PE_ENTRY);
        RegisterFile r0 = k.cpu.registers();
        phases[PePhase.RESTART.ordinal()] += k.now() - mark;
        boolean differed = false;
        for (int attempt = 0; ; attempt++) {
            long attemptStart = k.now();
            long[] attemptPhases = new long[PHASES.length];
            mark = k.now();
            space.shieldWritablePages();
            attemptPhases[PePhase.RESTART.ordinal()] += k.now() - mark;
            Run[] done = new Run[runs];
            TreeMap<Integer, long[]> spares = new TreeMap<>(Integer::compareUnsigned); // page -> a fresh frame for each later run
            for (int i = 0; i < runs; i++) {
                TreeMap<Integer, Long> replicas = new TreeMap<>(Integer::compareUnsigned);
                if (i > 0) {
                    mark = k.now();
                    k.charge(KernelCost.PE_RESTART);
                    k.cpu.setRegisters(r0);
                    for (var e : spares.entrySet()) {
                        int va = e.getKey();
                        long frame = e.getValue()[i - 1];
                        copyPage(space.ownFrame(va), frame, stats);
                        space.mapReplica(va, frame);
                        replicas.put(va, frame);
                    }
                    attemptPhases[PePhase.RESTART.ordinal()] += k.now() - mark;
                    if (replication.cacheFlush()) {
                        mark = k.now();
                        k.charge(KernelCost.CACHE_FLUSH);
                        k.cpu.flushCaches(); // with the cache model on, the refills show in the next run's misses
                        attemptPhases[PePhase.CACHE_FLUSH.ordinal()] += k.now() - mark;
                    }
                }
                mark = k.now();
                boolean budgetEnded = i > 0 && done[0].event() instanceof CpuEvent.BudgetExhausted;
                long budget = i == 0 ? replication.peBudget() : budgetEnded ? done[0].instructions() : replication.peBudget();
                done[i] = runOnce(thread, space, i, runs, start, budget, i == 0 ? sliceEnd : Long.MAX_VALUE, replicas, spares, stats);
                attemptPhases[i == 0 ? PePhase.FIRST_RUN.ordinal() : PePhase.SECOND_RUN.ordinal()] += k.now() - mark;
                mark = k.now();
                for (int va : replicas.keySet()) space.dropReplica(va); // the next run, or the commit, starts from P0
                attemptPhases[PePhase.RESTART.ordinal()] += k.now() - mark;
                stats.runs++;
            }

            mark = k.now();
            int winner = vote(done, space, stats);
            if (winner >= 0) {
                commit(done[winner], space);
                freeFrames(done, spares, task);
                space.unshieldAll();
                k.cpu.setRegisters(done[winner].registers());
                k.charge(KernelCost.PE_COMMIT);
                attemptPhases[PePhase.VERIFY_COMMIT.ordinal()] += k.now() - mark;
                for (int p = 0; p < PHASES.length; p++) phases[p] += attemptPhases[p];
                if (!unanimous) {
                    differed = true;
                    for (KernelListener l : k.listeners) l.replicasDiffered(thread, stats.pes, attempt, ReplicaVerdict.OUTVOTED);
                }
                stats.pes++;
                stats.instructions += done[winner].instructions();
                if (differed) {
                    stats.mismatches++;
                    stats.corrected++;
                }
                for (int p = 0; p < PHASES.length; p++) stats.phaseCycles[p] += phases[p];
                thread.stats.instructions += done[winner].instructions();
                if (done[0].noFrame() && done[winner].instructions() == 0) {
                    k.stopWith(thread, "its RAM quota has no room for the private copy a processing element needs to store to a page");
                    return null;
                }
                return done[0].noFrame() ? null : done[winner].event();
            }
            // The runs differ: throw them away and run the PE again from R0 and P0.
            freeFrames(done, spares, task);
            k.cpu.setRegisters(r0);
            k.charge(KernelCost.PE_ROLLBACK);
            long thrownAway = k.now() - attemptStart;
            phases[PePhase.ROLLBACK.ordinal()] += thrownAway;
            differed = true;
            boolean givingUp = attempt >= replication.retries();
            for (KernelListener l : k.listeners) {
                l.replicasDiffered(thread, stats.pes, attempt, givingUp ? ReplicaVerdict.GAVE_UP : ReplicaVerdict.RESTARTED);
            }
            if (givingUp) {
                space.unshieldAll();
                stats.mismatches++;
                stats.uncorrected++;
                for (int p = 0; p < PHASES.length; p++) stats.phaseCycles[p] += phases[p];
                k.stopWith(thread, "the runs of processing element " + stats.pes + " differed " + (attempt + 1) + " times");
                return null;
            }
        }
    }

    /**
     * Run {@code index} of a PE from where the CPU stands, for at most {@code budget} instructions and until
     * {@code deadline}: stores to shielded pages get a replica and the run goes on; a fault set for this run
     * is injected at its count. {@code replicas} receives the pages it stored to.
     */
    private Run runOnce(Thread thread, AddressSpace space, int index, int runs, long start, long budget, long deadline,
                        TreeMap<Integer, Long> replicas, TreeMap<Integer, long[]> spares, ReplicationStats stats) {
        long before = k.cpu.instructions();
        while (true) {
            long ran = k.cpu.instructions() - before;
            if (ran >= budget) return new Run(new CpuEvent.BudgetExhausted(), k.cpu.registers(), ran, replicas, false);
            long left = k.faultBudget(thread, start + ran, index, budget - ran);
            CpuEvent event = k.cpu.run(left, deadline);
            if (event instanceof CpuEvent.BudgetExhausted && k.now() < deadline && k.cpu.instructions() - before < budget) continue; // a fault is due
            if (!(event instanceof CpuEvent.DataAbort abort) || !abort.access().write() || abort.kind() != FaultKind.PERMISSION
                    || !space.shielded(abort.faultAddress())) {
                ran = k.cpu.instructions() - before;
                return new Run(event, k.cpu.registers(), ran, replicas, false);
            }
            int va = abort.faultAddress() & -PAGE;
            k.charge(KernelCost.EXCEPTION_ENTRY);
            k.charge(KernelCost.PAGE_FAULT);
            long frame = index == 0 ? takeFrames(thread.task(), va, runs, spares) : thread.task().memory().allocate(PAGE, PAGE);
            ran = k.cpu.instructions() - before;
            if (frame == FrameAllocator.EXHAUSTED) {
                // The first run ends before the store (the PE is n instructions long); a later run that stores
                // where the first did not has diverged, and says so with the fault.
                return new Run(index == 0 ? new CpuEvent.BudgetExhausted() : event, k.cpu.registers(), ran, replicas, true);
            }
            copyPage(space.ownFrame(va), frame, stats);
            space.mapReplica(va, frame);
            replicas.put(va, frame);
        }
    }

    /** One frame for the first run's replica of {@code va} and one spare for each later run; EXHAUSTED (none taken) when the quota has no room. */
    private long takeFrames(Task task, int va, int runs, TreeMap<Integer, long[]> spares) {
        long[] frames = new long[runs];
        for (int i = 0; i < runs; i++) {
            frames[i] = task.memory().allocate(PAGE, PAGE);
            if (frames[i] == FrameAllocator.EXHAUSTED) {
                for (int j = 0; j < i; j++) task.memory().release(frames[j], PAGE);
                return FrameAllocator.EXHAUSTED;
            }
        }
        spares.put(va, java.util.Arrays.copyOfRange(frames, 1, runs));
        return frames[0];
    }

    private void copyPage(long from, long to, ReplicationStats stats) {
        k.cpu.ram().copy(from, to, PAGE);
        k.charge(KernelCost.PAGE_COPY_PER_KIB, PAGE / 1024);
        stats.pagesCopied++;
    }

    /**
     * The run whose result stands: DWC needs both equal, TMR two of three; -1 when there is none. Sets
     * {@link #unanimous}. Every comparison made is charged.
     */
    private int vote(Run[] done, AddressSpace space, ReplicationStats stats) {
        boolean s01 = same(done[0], done[1], space, stats);
        if (done.length == 2) {
            unanimous = s01;
            return s01 ? 0 : -1;
        }
        boolean s02 = same(done[0], done[2], space, stats);
        unanimous = s01 && s02;
        if (s01 || s02) return 0;
        return same(done[1], done[2], space, stats) ? 1 : -1;
    }

    /** Set by {@link #vote}: whether every run agreed. */
    private boolean unanimous;

    /** Compares two runs — their ends, registers and every page either changed — charging the page comparisons. */
    private boolean same(Run a, Run b, AddressSpace space, ReplicationStats stats) {
        if (a.instructions() != b.instructions() || !a.event().equals(b.event()) || !a.registers().equals(b.registers())) return false;
        TreeMap<Integer, Long> pages = new TreeMap<>(Integer::compareUnsigned);
        pages.putAll(a.replicas());
        pages.putAll(b.replicas());
        k.charge(KernelCost.PE_COMPARE_PER_KIB, (long) pages.size() * (PAGE / 1024));
        stats.bytesCompared += (long) pages.size() * PAGE;
        return samePages(a, b, pages, space);
    }

    private boolean samePages(Run a, Run b, Map<Integer, Long> pages, AddressSpace space) {
        MemorySegment ram = k.cpu.ram().segment();
        for (int va : pages.keySet()) {
            long own = space.ownFrame(va);
            long fa = k.cpu.ram().offset(a.replicas().getOrDefault(va, own), PAGE);
            long fb = k.cpu.ram().offset(b.replicas().getOrDefault(va, own), PAGE);
            if (MemorySegment.mismatch(ram, fa, fa + PAGE, ram, fb, fb + PAGE) != -1) return false;
        }
        return true;
    }

    /** The winner's pages become the task's: copied into its own frames (other mappings of them see it). */
    private void commit(Run winner, AddressSpace space) {
        for (var e : winner.replicas().entrySet()) {
            long own = space.ownFrame(e.getKey());
            k.cpu.ram().copy(e.getValue(), own, PAGE);
            k.charge(KernelCost.PAGE_COPY_PER_KIB, PAGE / 1024);
            k.hostWrote(own);
            if (space.page(e.getKey()).executable()) space.codeChanged(e.getKey());
        }
    }

    private static void freeFrames(Run[] done, TreeMap<Integer, long[]> spares, Task task) {
        for (Run run : done) {
            if (run == null) continue;
            for (long frame : run.replicas().values()) task.memory().release(frame, PAGE);
        }
        // Spares a later run did not take (it ended before using them) are still the task's.
        java.util.Set<Long> used = new java.util.HashSet<>();
        for (Run run : done) if (run != null) used.addAll(run.replicas().values());
        for (long[] frames : spares.values()) for (long frame : frames) if (!used.contains(frame)) task.memory().release(frame, PAGE);
    }
}
