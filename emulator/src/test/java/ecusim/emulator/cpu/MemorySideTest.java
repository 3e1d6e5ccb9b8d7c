package ecusim.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.mmu.PagePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shim's memory side: the data-access trace and the cache model, with real code on the emulated core. */
class MemorySideTest {
    /** str r1, [r2]; ldr r3, [r2, #4]; svc #1 */
    private static final int[] STORE_LOAD = {0xe5821000, 0xe5923004, 0xef000001};
    /** movs r0,#0; cmp r0,#0; ite eq; ldreq r1,[r2]; ldrne r1,[r2,#4]; str r1,[r2,#8]; svc #1 */
    private static final int[] THUMB_IT_LOADS = {0x2000, 0x2800, 0xbf0c, 0x6811, 0x6851, 0x6091, 0xdf01};
    /** loop: ldr r3, [r0], #32; subs r1, r1, #32; bne loop; svc #1 — one load per 32-byte line of r1 bytes at r0 */
    private static final int[] STREAM = {0xe4903020, 0xe2511020, 0x1afffffc, 0xef000001};
    private static final int STREAM_BYTES = 64 * 1024;

    private static long data(TestMachine m, int offset) {
        return m.cpu.translate(TestMachine.DATA + offset, ecusim.emulator.mmu.AccessType.READ);
    }

    /** {@code m} with a data page at DATA, r2 pointing at it and the trace started. */
    private static TestMachine traced(TestMachine m) {
        m.mapData(TestMachine.DATA, 1, PagePermissions.READ_WRITE);
        m.set(ArmReg.R2, TestMachine.DATA);
        m.cpu.startMemoryTrace(1024);
        return m;
    }

    private static List<ArmCpu.MemoryAccess> trace(TestMachine m) {
        List<ArmCpu.MemoryAccess> out = new ArrayList<>();
        m.cpu.drainMemoryTrace(out::add);
        return out;
    }

    @Test
    void theTraceRecordsEachDataAccessWithItsInstructionsExactCount() {
        try (TestMachine m = traced(TestMachine.arm(STORE_LOAD))) {
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(100));
            assertEquals(List.of(new ArmCpu.MemoryAccess(0, TestMachine.CODE, data(m, 0), 4, true),
                    new ArmCpu.MemoryAccess(1, TestMachine.CODE + 4, data(m, 4), 4, false)), trace(m));
        }
    }

    /** The condition-failed LDRNE of the IT block accesses nothing but counts: the store after it is instruction 5. */
    @Test
    void aConditionFailedLoadInAThumbItBlockRecordsNothingButCounts() {
        try (TestMachine m = traced(TestMachine.thumb(THUMB_IT_LOADS))) {
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(100));
            assertEquals(List.of(new ArmCpu.MemoryAccess(3, TestMachine.CODE + 6, data(m, 0), 4, false),
                    new ArmCpu.MemoryAccess(5, TestMachine.CODE + 10, data(m, 8), 4, true)), trace(m));
        }
    }

    /**
     * With the trace on, a run stops at exactly the instruction budget or cycle deadline an untraced run stops
     * at, inside the 3-instruction loop block too, so a traced golden run keeps the untraced run's timing.
     */
    @Test
    void aTracedRunStopsWhereAnUntracedOneDoes() {
        for (boolean cycles : new boolean[] {false, true}) {
            try (TestMachine plain = stream(false); TestMachine traced = stream(false)) {
                traced.cpu.startMemoryTrace(1 << 16);
                for (TestMachine m : List.of(plain, traced)) {
                    m.cpu.setRegisters(RegisterFile.userEntry(TestMachine.CODE, TestMachine.STACK_TOP));
                    m.set(ArmReg.R0, TestMachine.DATA);
                    m.set(ArmReg.R1, STREAM_BYTES);
                }
                for (int step = 1; step <= 40; step++) {
                    for (TestMachine m : List.of(plain, traced)) {
                        if (cycles) m.cpu.run(Long.MAX_VALUE / 2, m.cpu.cycles() + step);
                        else m.cpu.run(step);
                    }
                    traced.cpu.drainMemoryTrace(a -> { });
                    assertEquals(plain.cpu.instructions(), traced.cpu.instructions(), (cycles ? "deadline" : "budget") + " step " + step);
                    assertEquals(plain.cpu.cycles(), traced.cpu.cycles(), (cycles ? "deadline" : "budget") + " step " + step);
                    assertEquals(plain.cpu.register(ArmReg.PC), traced.cpu.register(ArmReg.PC), (cycles ? "deadline" : "budget") + " step " + step);
                }
            }
        }
    }

    /**
     * With instructions traced too, every executed instruction comes with its exact count and address, in
     * order with the data accesses; the condition-failed LDRNE (count 4) executes nothing and is absent.
     */
    @Test
    void theTraceOfExecutedInstructionsCountsExactlyAndLeavesOutConditionFailedSlots() {
        try (TestMachine m = traced(TestMachine.thumb(THUMB_IT_LOADS))) {
            m.cpu.traceInstructions(true);
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(100));
            List<String> events = new ArrayList<>();
            m.cpu.drainTrace(a -> events.add((a.write() ? "store " : "load ") + a.instruction()),
                    x -> events.add("exec " + x.instruction() + " 0x" + Integer.toHexString(x.pc()) + (x.thumb() ? " T" : " A")));
            int c = TestMachine.CODE;
            assertEquals(List.of("exec 0 0x" + Integer.toHexString(c) + " T", "exec 1 0x" + Integer.toHexString(c + 2) + " T",
                    "exec 2 0x" + Integer.toHexString(c + 4) + " T", "exec 3 0x" + Integer.toHexString(c + 6) + " T", "load 3",
                    "exec 5 0x" + Integer.toHexString(c + 10) + " T", "store 5", "exec 6 0x" + Integer.toHexString(c + 12) + " T"), events);
        }
    }

    private static TestMachine stream(boolean cacheModel) {
        TestMachine m = TestMachine.arm(STREAM);
        m.mapData(TestMachine.DATA, STREAM_BYTES / 4096, PagePermissions.READ_WRITE);
        if (cacheModel) m.cpu.enableCacheModel(CacheModel.cortexA9());
        return m;
    }

    private static void pass(TestMachine m) {
        m.cpu.setRegisters(RegisterFile.userEntry(TestMachine.CODE, TestMachine.STACK_TOP));
        m.set(ArmReg.R0, TestMachine.DATA);
        m.set(ArmReg.R1, STREAM_BYTES);
        assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(1_000_000));
    }

    /**
     * 64 KiB read line by line twice: the first pass misses every line in L1 and L2; the second misses L1
     * again (32 KiB, LRU) but hits L2 (512 KiB). The clock is the run without the model plus exactly the
     * misses' prices.
     */
    @Test
    void missesAreWhatTheGeometrySaysAndTheClockPaysExactlyForThem() {
        long plainCycles;
        try (TestMachine m = stream(false)) {
            pass(m);
            pass(m);
            plainCycles = m.cpu.cycles();
        }
        try (TestMachine m = stream(true)) {
            pass(m);
            CacheModel.Stats first = m.cpu.cacheStats();
            assertEquals(STREAM_BYTES / 32, first.l1dMisses());
            assertEquals(STREAM_BYTES / 32 + first.l1iMisses(), first.l2Misses(), "every line is new to L2 too");
            pass(m);
            CacheModel.Stats both = m.cpu.cacheStats();
            assertEquals(2L * STREAM_BYTES / 32, both.l1dMisses(), "L1 D holds half of it: LRU evicts every line");
            assertEquals(first.l2Misses(), both.l2Misses(), "L2 holds all of it");
            assertEquals(2L * STREAM_BYTES / 32 + 2, both.dataAccesses() + 2, "one load per line");
            long misses = (both.l1iMisses() + both.l1dMisses()) * 12 + both.l2Misses() * 90;
            assertEquals(plainCycles + misses, m.cpu.cycles());
        }
    }

    @Test
    void aFlushMakesTheNextPassMissInL2AgainAndRestoredTagsBringTheHitsBack() {
        try (TestMachine m = stream(true)) {
            pass(m);
            byte[] warm = m.cpu.cacheContent();
            long l2 = m.cpu.cacheStats().l2Misses();
            m.cpu.flushCaches();
            pass(m);
            long afterFlush = m.cpu.cacheStats().l2Misses() - l2;
            assertTrue(afterFlush >= STREAM_BYTES / 32, "cold again: " + afterFlush);
            m.cpu.restoreCacheContent(warm);
            long before = m.cpu.cacheStats().l2Misses();
            pass(m);
            assertEquals(0, m.cpu.cacheStats().l2Misses() - before, "warm: the data is in L2");
        }
    }
}
