package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ecusim.emulator.cost.CostModel;

import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.ArmReg;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.decode.InstructionClass;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.PagePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timeouts in virtual time: sleeping, idling, and a woken thread preempting exactly at its deadline. */
class TimeoutTest {
    private static final int CODE = 0x10000;
    /** mov r0, #4096; svc #3 (sleep r0 cycles); svc #2 (exit) */
    private static final int[] SLEEP_THEN_EXIT = {0xe3a00a01, 0xef000003, 0xef000002};
    /** loop: add r0, r0, #1; b loop (every instruction costs 1 cycle) */
    private static final int[] COUNTER = {0xe2800001, 0xeafffffd};

    private final PhysicalRam ram = new PhysicalRam(0x8000_0000L, 16L << 20);
    private final ArmCpu cpu = ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9());
    private final PageFrames frames = new PageFrames(ram, ram.base(), ram.size());
    private final Map<String, Long> times = new HashMap<>();
    private final CostModel costs = cpu.costs();
    /** svc #3 sleeps r0 cycles; svc #2 exits; the virtual time of each call is recorded. */
    private final SystemCallHandler handler = (kernel, thread, call) -> {
        times.put(thread.name() + " svc" + call.immediate(), kernel.now());
        if (call.immediate() == 3) {
            kernel.blockUntil(thread, kernel.now() + kernel.cpu().register(ArmReg.R0));
            return SystemCallHandler.Outcome.BLOCK;
        }
        return SystemCallHandler.Outcome.EXIT;
    };

    @AfterEach
    void close() {
        cpu.close();
        ram.close();
    }

    private Thread spawn(Kernel kernel, String name, int priority, int[] program) {
        Task task = kernel.createTask(name, 8, RamQuota.limited(1 << 20)).object();
        long code = frames.allocate();
        for (int i = 0; i < program.length; i++) ram.writeInt(code + 4L * i, program[i]);
        task.addressSpace().map(CODE, code, PagePermissions.READ_EXECUTE);
        Thread thread = kernel.createThread(task, name, priority).object();
        kernel.start(thread, CODE, 0);
        cpu.invalidateCode();
        return thread;
    }

    /** An svc instruction and the kernel entry it causes (charged before the handler runs). */
    private long svcCycles() {
        return costs.instructionCycles(InstructionClass.SYSTEM, 0) + costs.cycles(KernelCost.SYSCALL.key());
    }

    @Test
    void aSleeperAloneIdlesUntilItsDeadlineAndRunsOnThere() {
        Kernel kernel = new Kernel(cpu, frames, 100_000, handler);
        Thread sleeper = spawn(kernel, "sleeper", 50, SLEEP_THEN_EXIT);
        assertFalse(kernel.run(1_000_000), "nothing left to run");
        long sleptAt = times.get("sleeper svc3"), deadline = sleptAt + 4096;
        assertEquals(deadline + svcCycles(), times.get("sleeper svc2"), "woken exactly at the deadline, then one system call");
        assertEquals(ThreadState.EXITED, sleeper.state());
    }

    @Test
    void idleTimeStopsAtTheRunLimitWhenTheDeadlineIsLater() {
        Kernel kernel = new Kernel(cpu, frames, 100_000, handler);
        Thread sleeper = spawn(kernel, "sleeper", 50, SLEEP_THEN_EXIT);
        kernel.run(1_000);
        assertEquals(1_000, kernel.now());
        assertEquals(ThreadState.BLOCKED, sleeper.state());
        assertEquals(times.get("sleeper svc3") + 4096, kernel.timeoutOf(sleeper), "the remaining time is readable");
    }

    @Test
    void aWokenHigherPriorityThreadPreemptsExactlyAtItsDeadline() {
        Kernel kernel = new Kernel(cpu, frames, 100_000, handler);
        Thread high = spawn(kernel, "high", 200, SLEEP_THEN_EXIT);
        Thread low = spawn(kernel, "low", 10, COUNTER);
        kernel.run(50_000);
        long deadline = times.get("high svc3") + 4096;
        // low runs 1-cycle instructions, so its slice ends exactly at the deadline; then the switch back.
        long expected = deadline + costs.cycles(KernelCost.TLB_FLUSH_ALL.key()) + costs.cycles(KernelCost.CONTEXT_SWITCH.key()) + svcCycles();
        assertEquals(expected, times.get("high svc2"));
        assertEquals(ThreadState.EXITED, high.state());
        assertEquals(ThreadState.READY, low.state());
    }

    @Test
    void wakeCancelsThePendingTimeout() {
        Kernel kernel = new Kernel(cpu, frames, 100_000, handler);
        Thread sleeper = spawn(kernel, "sleeper", 50, SLEEP_THEN_EXIT);
        kernel.run(1_000); // the first switch alone charges a few hundred cycles
        assertEquals(ThreadState.BLOCKED, sleeper.state());
        kernel.wake(sleeper);
        assertEquals(-1, kernel.timeoutOf(sleeper));
        kernel.run(2_000);
        assertEquals(ThreadState.EXITED, sleeper.state());
        assertEquals(true, times.get("sleeper svc2") < times.get("sleeper svc3") + 4096, "woken before the timeout");
    }
}
