package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.fault.Fault;
import ecusim.emulator.fault.FaultLocation;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.PagePermissions;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replicated execution in processing elements (DWC and TMR) with real ARM code: what ends a PE, that every
 * run replays exactly the first run's instructions, that a fault in one run is detected and corrected, and
 * that what a run stored is the task's only once the runs agree.
 */
class ProcessingElementsTest {
    private static final int CODE = 0x10000, STACK = 0x0010_0000, DATA_A = 0x0020_0000, DATA_B = 0x0020_1000;
    /** mov r0, #0x200000; mov r1, #0; loop: add r1, r1, #1; str r1, [r0]; b loop */
    private static final int[] STORE_LOOP = {0xe3a00602, 0xe3a01000, 0xe2811001, 0xe5801000, 0xeafffffc};
    /** mov r0, #0x200000; mov r1, #0; loop: add r1, r1, #1; str r1, [r0]; svc #1; b loop */
    private static final int[] STORE_AND_CALL = {0xe3a00602, 0xe3a01000, 0xe2811001, 0xe5801000, 0xef000001, 0xeafffffb};
    /** mov r0, #0x300000; str r0, [r0] (into a page nothing maps) */
    private static final int[] WILD_STORE = {0xe3a00603, 0xe5800000};
    private static final long QUANTUM = 100_000;

    private final PhysicalRam ram = new PhysicalRam(0x8000_0000L, 16L << 20);
    private final ArmCpu cpu = ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9());
    private final PageFrames frames = new PageFrames(ram, ram.base(), ram.size());
    private final List<String> log = new ArrayList<>();
    private final Kernel kernel = new Kernel(cpu, frames, QUANTUM, (k, thread, call) -> SystemCallHandler.Outcome.CONTINUE);
    private long frameA, frameB;

    ProcessingElementsTest() {
        kernel.addListener(new KernelListener() {
            @Override
            public void threadStopped(Thread thread, CpuEvent fault) {
                log.add("stopped " + thread.name() + ": " + fault);
            }

            @Override
            public void threadStoppedByKernel(Thread thread, String reason) {
                log.add("stopped " + thread.name() + ": " + reason);
            }

            @Override
            public void systemCall(Thread thread, int svc) {
                log.add("svc " + svc);
            }

            @Override
            public void replicasDiffered(Thread thread, long pe, int attempt, ReplicaVerdict verdict) {
                log.add("differed pe " + pe + " attempt " + attempt + " " + verdict);
            }
        });
    }

    @AfterEach
    void close() {
        cpu.close();
        ram.close();
    }

    private Thread spawn(String name, Replication replication, int... program) {
        Task task = kernel.createTask(name, 16, RamQuota.limited(1 << 20)).object();
        long code = frames.allocate();
        for (int i = 0; i < program.length; i++) ram.writeInt(code + 4L * i, program[i]);
        assertEquals(L4Error.OK, task.addressSpace().map(CODE, code, PagePermissions.READ_EXECUTE));
        assertEquals(L4Error.OK, task.addressSpace().map(STACK - 4096, frames.allocate(), PagePermissions.READ_WRITE));
        frameA = frames.allocate();
        frameB = frames.allocate();
        assertEquals(L4Error.OK, task.addressSpace().map(DATA_A, frameA, PagePermissions.READ_WRITE));
        assertEquals(L4Error.OK, task.addressSpace().map(DATA_B, frameB, PagePermissions.READ_WRITE));
        Thread thread = kernel.createThread(task, name, 100).object();
        kernel.replicate(task, replication);
        kernel.start(thread, CODE, STACK);
        cpu.invalidateCode();
        return thread;
    }

    private static Replication dwc(long budget, int retries) {
        return new Replication(Replication.Mode.DWC, budget, retries, false);
    }

    /**
     * After n instructions of STORE_LOOP, r1 holds the adds done and page A the last value stored: the state
     * of exactly n instructions run once, whatever the PE length and however often each PE ran.
     */
    private void assertStoreLoopStateAfterItsInstructions(Thread thread) {
        long k = thread.instructions() - 2;
        assertEquals((k + 2) / 3, Integer.toUnsignedLong(kernel.registersOf(thread).r(1)), "adds after " + thread.instructions());
        assertEquals((k + 1) / 3, Integer.toUnsignedLong(ram.readInt(frameA)), "stores after " + thread.instructions());
        assertEquals(0, ram.readInt(frameB), "page B is never stored to");
    }

    @Property(tries = 20, seed = "13")
    void everyRunReplaysTheFirstRunsInstructionsExactlyAndOnlyTheCommittedStateIsSeen(@ForAll @IntRange(min = 1, max = 5000) int peBudget,
                                                                                    @ForAll @IntRange(min = 2_000, max = 300_000) int cycles) {
        ProcessingElementsTest fresh = new ProcessingElementsTest(); // jqwik keeps one instance for all tries
        try {
            Thread thread = fresh.spawn("loop", dwc(peBudget, 3), STORE_LOOP);
            fresh.kernel.run(cycles);
            ReplicationStats s = thread.task().replicationStats();
            assertTrue(s.pes() > 0);
            assertEquals(2 * s.pes(), s.runs(), "two runs per PE and no restart");
            assertEquals(0, s.mismatches());
            assertEquals(thread.instructions(), s.instructions());
            fresh.assertStoreLoopStateAfterItsInstructions(thread);
        } finally {
            fresh.close();
        }
    }

    @Test
    void aTasksPesEndAtItsBudgetAndTheThreadRetiresEachInstructionOnce() {
        Thread thread = spawn("loop", dwc(1000, 3), STORE_LOOP);
        kernel.run(QUANTUM * 3 / 2);
        ReplicationStats s = thread.task().replicationStats();
        assertTrue(s.pes() >= thread.instructions() / 1000, s.toString());
        assertTrue(thread.instructions() > 1000 * (s.pes() - 2), "PEs of 1,000 instructions: " + s + ", " + thread.instructions());
        assertStoreLoopStateAfterItsInstructions(thread);
    }

    @Test
    void aSystemCallEndsThePeAndIsDispatchedOnce() {
        Thread thread = spawn("caller", dwc(1_000_000, 3), STORE_AND_CALL);
        kernel.run(200_000);
        long calls = log.stream().filter(l -> l.equals("svc 1")).count();
        ReplicationStats s = thread.task().replicationStats();
        assertTrue(calls > 10, log.toString());
        assertTrue(s.pes() >= calls && s.pes() <= calls + 1, "one PE per call: " + s.pes() + " PEs, " + calls + " calls");
        long stored = Integer.toUnsignedLong(ram.readInt(frameA));
        assertTrue(stored == calls || stored == calls + 1, "one store committed per call: " + stored + " stores, " + calls + " calls");
    }

    @Test
    void aFaultEndsThePeAndIsDispatchedOnceAfterTheRunsAgree() {
        Thread thread = spawn("wild", dwc(1_000_000, 3), WILD_STORE);
        kernel.run(20_000);
        assertEquals(ThreadState.STOPPED, thread.state());
        assertEquals(List.of("stopped wild: data abort (translation fault at 0x00300000) on write [0x00300000, +4) by 'str r0, [r0]' at pc 0x00010004"), log);
        assertEquals(1, thread.task().replicationStats().pes());
        assertEquals(1, thread.instructions());
    }

    /** mov r0, #1; udf #0: an undefined instruction after one instruction. */
    private static final int[] UNDEFINED = {0xe3a00001, 0xe7f000f0};

    @Test
    void anExceptionEndsThePeAndIsDispatchedOnceAfterTheRunsAgree() {
        Thread thread = spawn("udf", dwc(1_000_000, 3), UNDEFINED);
        kernel.run(20_000);
        assertEquals(ThreadState.STOPPED, thread.state());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.getFirst().startsWith("stopped udf: undefined instruction"), log.toString());
        assertEquals(1, thread.task().replicationStats().pes());
        assertEquals(2, thread.task().replicationStats().runs());
        assertEquals(1, thread.instructions());
    }

    /**
     * Preemption: two replicated threads at one priority share the CPU slice by slice; a PE ends at its slice's
     * end (both threads progress, neither reaches its PE budget), and every run replays its PE.
     */
    @Test
    void aSliceEndEndsThePeAndTheOtherThreadRuns() {
        Thread a = spawn("a", dwc(1_000_000, 3), STORE_LOOP);
        Thread b = spawn("b", dwc(1_000_000, 3), STORE_LOOP);
        kernel.run(QUANTUM * 12);
        for (Thread t : List.of(a, b)) {
            ReplicationStats s = t.task().replicationStats();
            assertTrue(t.instructions() > 0 && t.instructions() < 1_000_000, t.name() + ": " + t.instructions());
            assertTrue(s.pes() >= 2, t.name() + ": " + s);
            assertEquals(2 * s.pes(), s.runs());
            assertEquals(t.instructions(), s.instructions());
        }
        assertStoreLoopStateAfterItsInstructions(b);
    }

    /**
     * A timer deadline (an alarm that delivers an IRQ) ends the PE's first run there, and the later run
     * replays as much: a thread alone at its priority would otherwise run a whole PE of a million instructions
     * past the end of the run asked for. The IRQ is delivered after the PE committed.
     */
    @Test
    void aTimerDeadlineEndsThePeAtTheDeadline() {
        Thread thread = spawn("loop", dwc(1_000_000, 3), STORE_LOOP);
        long deadline = 50_000;
        kernel.createAlarm().arm(deadline, 0, kernel.createIrq());
        kernel.run(deadline - 1_000);
        ReplicationStats s = thread.task().replicationStats();
        assertEquals(1, s.pes(), s.toString());
        assertTrue(thread.instructions() > 10_000 && thread.instructions() < 60_000, thread.instructions() + " instructions, in about " + deadline + " cycles");
        long firstRun = s.cycles(PePhase.FIRST_RUN); // the PE started at 0, its first run after the entry's few hundred cycles
        assertTrue(firstRun > deadline - 3_000 && firstRun <= deadline, "the first run ended at the deadline: " + s);
        assertStoreLoopStateAfterItsInstructions(thread);
    }

    @Test
    void aFaultInjectedBetweenTheTwoRunsOfAPeIsDetectedAndTheRestartedPeCommitsTheRightState() {
        Thread thread = spawn("loop", dwc(500, 3), STORE_LOOP);
        kernel.injectFault(thread, 1500, 1, new Fault(new FaultLocation.CoreRegister(1), 4)); // run 1, before its first instruction
        kernel.run(QUANTUM);
        assertEquals(List.of("differed pe 3 attempt 0 RESTARTED"), log);
        ReplicationStats s = thread.task().replicationStats();
        assertEquals(1, s.mismatches());
        assertEquals(1, s.corrected());
        assertEquals(2 * s.pes() + 2, s.runs(), "the PE ran twice more");
        assertTrue(s.cycles(PePhase.ROLLBACK) > 0);
        assertStoreLoopStateAfterItsInstructions(thread);
    }

    @Test
    void withNoFaultEveryPeCommits() {
        Thread thread = spawn("loop", dwc(500, 3), STORE_LOOP);
        kernel.run(QUANTUM);
        assertEquals(List.of(), log);
        assertEquals(0, thread.task().replicationStats().cycles(PePhase.ROLLBACK));
    }

    @Test
    void aStoreInAPageOnlyTheFaultyFirstRunTouchedIsRolledBack() {
        Thread thread = spawn("loop", dwc(500, 3), STORE_LOOP);
        // r0 bit 12 flipped in the first run of the PE holding instruction 1,000: it stores into page B.
        kernel.injectFault(thread, 1000, 0, new Fault(new FaultLocation.CoreRegister(0), 12));
        kernel.run(QUANTUM);
        assertEquals(List.of("differed pe 2 attempt 0 RESTARTED"), log);
        assertEquals(DATA_A, kernel.registersOf(thread).r(0));
        assertStoreLoopStateAfterItsInstructions(thread); // page B is still all zero
    }

    @Test
    void aPeWhoseRunsKeepDifferingStopsItsThreadAndTheOthersRunOn() {
        Thread thread = spawn("loop", dwc(500, 0), STORE_LOOP);
        Thread other = spawn("other", null, STORE_LOOP);
        kernel.injectFault(thread, 700, 1, new Fault(new FaultLocation.CoreRegister(1), 0));
        kernel.run(3 * QUANTUM);
        assertEquals(ThreadState.STOPPED, thread.state());
        assertEquals(List.of("differed pe 1 attempt 0 GAVE_UP", "stopped loop: the runs of processing element 1 differed 1 times"), log);
        assertEquals(1, thread.task().replicationStats().uncorrected());
        assertEquals(500, thread.instructions(), "only the committed PE counts");
        assertTrue(other.instructions() > 10_000, "the other thread ran on: " + other.instructions());
    }

    @Test
    void tmrOutvotesAFaultyRunWithoutARestart() {
        Thread thread = spawn("loop", new Replication(Replication.Mode.TMR, 500, 3, false), STORE_LOOP);
        kernel.injectFault(thread, 1200, 2, new Fault(new FaultLocation.CoreRegister(1), 7));
        kernel.run(QUANTUM);
        assertEquals(List.of("differed pe 2 attempt 0 OUTVOTED"), log);
        ReplicationStats s = thread.task().replicationStats();
        assertEquals(3 * s.pes(), s.runs(), "no PE ran again");
        assertEquals(1, s.corrected());
        assertEquals(0, s.cycles(PePhase.ROLLBACK));
        assertStoreLoopStateAfterItsInstructions(thread);
    }

    /**
     * A thread alone: the time the kernel runs is its one switch onto the CPU and its PEs, so the phases, which must account
     * for every cycle of every PE, add up to the clock less that switch.
     */
    @Test
    void thePhasesOfTheBreakdownAddUpToTheTimeThePesTook() {
        Thread thread = spawn("loop", new Replication(Replication.Mode.DWC, 700, 3, true), STORE_LOOP);
        kernel.injectFault(thread, 2000, 1, new Fault(new FaultLocation.CoreRegister(1), 3));
        long before = kernel.now(); // mapping its pages took time too
        kernel.run(3 * QUANTUM);
        ReplicationStats s = thread.task().replicationStats();
        long sum = 0;
        for (PePhase p : PePhase.values()) {
            assertTrue(s.cycles(p) > 0, p + " has cycles: " + s);
            sum += s.cycles(p);
        }
        long switchOn = cpu.costs().cycles(KernelCost.TLB_FLUSH_ALL.key()) + cpu.costs().cycles(KernelCost.CONTEXT_SWITCH.key());
        assertEquals(kernel.now() - before - switchOn, sum, s.toString());
        assertEquals(sum, s.totalCycles());
    }
}
