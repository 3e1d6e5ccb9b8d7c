package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.PagePermissions;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Slice ends lie on a grid of quanta: what a slice overran by part of an instruction comes off the next, so
 * a thread alone at its priority may run through its slice ends without the kernel stopping at each.
 */
class SliceGridTest {
    private static final int CODE = 0x10000, STACK = 0x0010_0000;
    /** loop: add r0, r0, #1; mul r2, r0, r0; b loop (instructions of different prices, so slices overrun). */
    private static final int[] COUNTER = {0xe2800001, 0xe0020090, 0xeafffffc};

    /**
     * The same thread with a paused companion at its own priority (the kernel stops at every slice end to
     * rotate them) and at another priority (it is alone: no stop) ends in the same state.
     */
    @Property(tries = 40)
    void aThreadAloneAtItsPriorityRunsAsIfTheKernelStoppedAtEverySliceEnd(
            @ForAll @IntRange(min = 50, max = 3000) int quantum, @ForAll @IntRange(min = 1, max = 60_000) int duration) {
        assertEquals(run(quantum, duration, true), run(quantum, duration, false));
    }

    @Example
    void anOverrunComesOffTheNextSlice() {
        try (PhysicalRam ram = new PhysicalRam(0x8000_0000L, 16L << 20);
             ArmCpu cpu = ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9())) {
            Kernel kernel = new Kernel(cpu, new PageFrames(ram, ram.base(), ram.size()), 1000, (k, t, c) -> SystemCallHandler.Outcome.CONTINUE);
            Task task = kernel.createTask("t", 8, RamQuota.limited(1 << 20)).object();
            Thread thread = kernel.createThread(task, "t", 100).object();
            Scheduler scheduler = new Scheduler(1000);
            for (long[] leftAndNext : new long[][] {{0, 1000}, {-3, 997}, {-1000, 1000}, {-2001, 999}}) {
                thread.setSliceLeft(leftAndNext[0]);
                scheduler.expire(thread);
                assertEquals(leftAndNext[1], thread.sliceLeft(), "after a slice left at " + leftAndNext[0]);
            }
        }
    }

    /** now, instructions, r0 and the thread's slice left after running {@code duration} cycles. */
    private static List<Long> run(int quantum, int duration, boolean companionAtSamePriority) {
        try (PhysicalRam ram = new PhysicalRam(0x8000_0000L, 16L << 20);
             ArmCpu cpu = ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9())) {
            PageFrames frames = new PageFrames(ram, ram.base(), ram.size());
            Kernel kernel = new Kernel(cpu, frames, quantum, (k, t, c) -> SystemCallHandler.Outcome.CONTINUE);
            Thread counter = spawn(kernel, ram, frames, "counter", 100);
            Thread companion = spawn(kernel, ram, frames, "companion", companionAtSamePriority ? 100 : 150);
            kernel.pause(companion);
            cpu.invalidateCode();
            kernel.run(duration);
            return List.of(kernel.now(), cpu.instructions(), (long) kernel.registersOf(counter).gpr()[0], counter.sliceLeft(),
                    counter.instructions());
        }
    }

    private static Thread spawn(Kernel kernel, PhysicalRam ram, PageFrames frames, String name, int priority) {
        Task task = kernel.createTask(name, 16, RamQuota.limited(1 << 20)).object();
        long code = frames.allocate();
        for (int i = 0; i < COUNTER.length; i++) ram.writeInt(code + 4L * i, COUNTER[i]);
        assertEquals(L4Error.OK, task.addressSpace().map(CODE, code, PagePermissions.READ_EXECUTE));
        assertEquals(L4Error.OK, task.addressSpace().map(STACK - 4096, frames.allocate(), PagePermissions.READ_WRITE));
        Thread thread = kernel.createThread(task, name, priority).object();
        kernel.start(thread, CODE, STACK);
        return thread;
    }
}
