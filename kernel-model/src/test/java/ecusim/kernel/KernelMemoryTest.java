package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.memory.PhysicalRam;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kernel memory is charged to the quota of whoever causes it and comes back when the object goes: page
 * tables, UTCBs and threads to the task's quota, ASIDs from a pool of 255. Exhaustion is an error value.
 */
class KernelMemoryTest {
    private final PhysicalRam ram = new PhysicalRam(0x8000_0000L, 16L << 20);
    private final ArmCpu cpu = ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9());
    private final PageFrames frames = new PageFrames(ram, ram.base(), ram.size());
    private final Kernel kernel = new Kernel(cpu, frames, 1000, (k, t, c) -> SystemCallHandler.Outcome.EXIT);

    @AfterEach
    void close() {
        cpu.close();
        ram.close();
    }

    @Test
    void aTaskWhoseQuotaCannotHoldItsL1TableIsRefusedWithNoMemory() {
        Created<Task> task = kernel.createTask("small", 8, RamQuota.limited(16 * 1024 - 1));
        assertEquals(L4Error.NO_MEMORY, task.error());
        assertTrue(task.reason().contains("RAM quota"), task.reason());
        assertEquals(frames.totalBytes(), frames.freeBytes(), "nothing stays allocated");
    }

    @Test
    void threadsAreChargedUntilTheQuotaIsSpentAndDeletingTheTaskGivesEverythingBack() {
        RamQuota quota = RamQuota.limited(64 * 1024);
        Task task = kernel.createTask("t", 8, quota).object();
        List<Thread> threads = new ArrayList<>();
        Created<Thread> t;
        while ((t = kernel.createThread(task, "t", 10)).ok()) threads.add(t.object());
        assertEquals(L4Error.NO_MEMORY, t.error());
        // 16 KiB L1, one 4 KiB page of L2 tables, then 8 KiB per thread (control block and UTCB): 5 threads
        assertEquals(5, threads.size());
        assertFalse(quota.charge(8192), "the quota is spent");
        kernel.deleteTask(task);
        assertTrue(task.deleted());
        assertEquals(frames.totalBytes(), frames.freeBytes(), "every frame went back to the pool");
        assertTrue(quota.charge(64 * 1024), "and every byte to the quota");
        assertTrue(kernel.threads().isEmpty() && kernel.tasks().isEmpty());
    }

    @Test
    void asidsRunOutAt255LiveTasksAndADeletedTaskGivesItsBack() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 255; i++) tasks.add(kernel.createTask("t" + i, 8, RamQuota.limited(1 << 20)).object());
        Created<Task> more = kernel.createTask("one too many", 8, RamQuota.limited(1 << 20));
        assertEquals(L4Error.NO_MEMORY, more.error());
        assertTrue(more.reason().contains("no free ASID"), more.reason());
        int asid = tasks.get(100).addressSpace().asid();
        kernel.deleteTask(tasks.get(100));
        Task again = kernel.createTask("again", 8, RamQuota.limited(1 << 20)).object();
        assertEquals(asid, again.addressSpace().asid(), "the lowest free ASID is reused");
    }

    @Test
    void deletingATaskRevokesCapabilitiesDerivedFromItsOwn() {
        Task a = kernel.createTask("a", 8, RamQuota.limited(1 << 20)).object();
        Task b = kernel.createTask("b", 8, RamQuota.limited(1 << 20)).object();
        IpcGate gate = kernel.createGate(1, kernel.createThread(a, "server", 10).object());
        kernel.install(a, 1, gate, Rights.ALL);
        assertEquals(L4Error.OK, kernel.mappingDatabase().map(a.capSpace(), 1, b.capSpace(), 2, Rights.ALL));
        kernel.deleteTask(a);
        assertNull(b.capSpace().lookup(2), "what b was given by a goes with a");
    }

    @Test
    void aThreadOfADeletedTaskCannotBeCreated() {
        Task task = kernel.createTask("t", 8, RamQuota.limited(1 << 20)).object();
        kernel.deleteTask(task);
        assertEquals(L4Error.NOT_FOUND, kernel.createThread(task, "late", 10).error());
    }
}
