package ecusim.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.BumpFrameAllocator;
import ecusim.emulator.mmu.FaultKind;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.TranslationTable;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The write-protect dirty-tracking scheme of the platform notes, end to end: two tasks with their own
 * page tables and a shared code frame, 4,096 data pages each, every page re-protected read-only after
 * each round; the first write to a page aborts, the handler marks it dirty, makes it writable and
 * invalidates its TLB entry, and the store is retried.
 */
class DirtyTrackingTest {
    static final int PAGES = 4096, DATA = 0x0100_0000;
    /**
     * r0 = base, r1 = pages, r2 = rounds: each round writes (round << 16 | page) to word 0 of every page,
     * then svc #3; svc #2 at the end.
     */
    static final int[] PROGRAM = {0xe3a04001, 0xe3a05000, 0xe1856804, 0xe7806605, 0xe2855001, 0xe1550001,
            0x3afffffa, 0xef000003, 0xe2844001, 0xe1540002, 0x9afffff5, 0xef000002};

    record Task(TranslationTable table, long firstFrame, int rounds, int asid, RegisterFile[] state, BitSet dirty) {}

    record Result(String memoryHash, long instructions, long cycles, long faults, String registers) {}

    @Test
    void everyRoundDirtiesEveryPageOnceAndMemoryEndsExact() {
        Result result = runScenario();
        assertEquals(PAGES * (3L + 2L), result.faults());
        // Per task: mov r4 and the final svc, plus per round 5 + 5 per page.
        assertEquals((2 + 3 * (5 + 5L * PAGES)) + (2 + 2 * (5 + 5L * PAGES)), result.instructions());
    }

    @Test
    void theSameScenarioTwiceGivesTheSameMemoryRegistersAndCounts() {
        assertEquals(runScenario(), runScenario());
    }

    private Result runScenario() {
        try (PhysicalRam ram = new PhysicalRam(0x8000_0000L, 48L << 20);
             ArmCpu cpu = ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9())) {
            var frames = new BumpFrameAllocator(ram, ram.base(), ram.end());
            long code = frames.allocate(4096, 4096);
            for (int i = 0; i < PROGRAM.length; i++) ram.writeInt(code + 4L * i, PROGRAM[i]);
            Task[] tasks = {newTask(ram, frames, code, 3, 1), newTask(ram, frames, code, 2, 2)};
            long faults = 0;
            int current = 0, finished = 0;
            boolean[] done = new boolean[2];
            cpu.switchAddressSpace(tasks[0].table().l1Base(), tasks[0].asid());
            cpu.enableMmu();
            cpu.invalidateCode();
            cpu.setRegisters(tasks[0].state()[0]);
            while (finished < 2) {
                Task task = tasks[current];
                CpuEvent event = cpu.run(Long.MAX_VALUE / 2);
                if (event instanceof CpuEvent.DataAbort abort) {
                    assertEquals(FaultKind.PERMISSION, abort.kind());
                    int page = (abort.faultAddress() - DATA) >>> 12;
                    assertEquals(false, task.dirty().get(page), "page " + page + " faulted twice in one round");
                    task.dirty().set(page);
                    task.table().protectPage(abort.faultAddress() & ~0xFFF, PagePermissions.READ_WRITE);
                    cpu.flushTlbPage(abort.faultAddress());
                    faults++;
                    continue;
                }
                var call = assertInstanceOf(CpuEvent.SystemCall.class, event);
                if (call.immediate() == 3) { // end of a round: a checkpoint would copy the dirty pages here
                    assertEquals(PAGES, task.dirty().cardinality(), "pages dirtied in the round");
                    task.dirty().clear();
                    for (int p = 0; p < PAGES; p++) task.table().protectPage(DATA + p * 4096, PagePermissions.READ);
                } else {
                    assertEquals(2, call.immediate());
                    done[current] = true;
                    finished++;
                }
                task.state()[0] = cpu.registers();
                int next = done[1 - current] ? current : 1 - current;
                if (finished == 2) break;
                current = next;
                cpu.switchAddressSpace(tasks[current].table().l1Base(), tasks[current].asid());
                cpu.setRegisters(tasks[current].state()[0]);
            }
            for (Task task : tasks) {
                for (int p = 0; p < PAGES; p++) {
                    long frame = task.firstFrame() + (long) p * 4096;
                    assertEquals(task.rounds() << 16 | p, ram.readInt(frame), "word 0 of page " + p);
                    assertEquals(0, ram.readInt(frame + 4), "word 1 of page " + p);
                }
            }
            return new Result(hash(ram), cpu.instructions(), cpu.cycles(), faults,
                    tasks[0].state()[0] + " / " + tasks[1].state()[0]);
        }
    }

    private static Task newTask(PhysicalRam ram, BumpFrameAllocator frames, long code, int rounds, int asid) {
        TranslationTable table = TranslationTable.create(ram, frames);
        table.mapPage(0x10000, code, PagePermissions.READ_EXECUTE);
        long first = frames.allocate(PAGES * 4096, 4096);
        table.mapPages(DATA, first, PAGES, PagePermissions.READ);
        RegisterFile start = RegisterFile.userEntry(0x10000, 0).with(0, DATA).with(1, PAGES).with(2, rounds);
        return new Task(table, first, rounds, asid, new RegisterFile[] {start}, new BitSet(PAGES));
    }

    static String hash(PhysicalRam ram) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(ram.segment().asByteBuffer());
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
