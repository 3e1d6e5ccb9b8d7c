package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.ArmReg;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.PagePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduling and fault containment of the kernel, with real guest code on the emulated CPU. */
class KernelTest {
    private static final int CODE = 0x10000, STACK = 0x0010_0000;
    /** loop: add r0, r0, #1; b loop */
    private static final int[] COUNTER = {0xe2800001, 0xeafffffd};
    /** mov r0, #100; loop: subs r0, r0, #1; bne loop; svc #2 */
    private static final int[] COUNT_DOWN_AND_EXIT = {0xe3a00064, 0xe2500001, 0x1afffffd, 0xef000002};
    /** mov r1, #4; str r0, [r1] (a wild store into the unmapped null page) */
    private static final int[] WILD_STORE = {0xe3a01004, 0xe5810000};
    private static final long QUANTUM = 1_000;

    private final PhysicalRam ram = new PhysicalRam(0x8000_0000L, 16L << 20);
    private final ArmCpu cpu = ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9());
    private final PageFrames frames = new PageFrames(ram, ram.base(), ram.size());
    private final List<String> log = new ArrayList<>();
    /** svc #2 exits; anything else continues. */
    private final SystemCallHandler exitOnTwo = (kernel, thread, call) ->
            call.immediate() == 2 ? SystemCallHandler.Outcome.EXIT : SystemCallHandler.Outcome.CONTINUE;
    private final Kernel kernel = new Kernel(cpu, frames, QUANTUM, exitOnTwo);

    KernelTest() {
        kernel.addListener(new KernelListener() {
            @Override
            public void threadStopped(Thread thread, CpuEvent fault) {
                log.add("stopped " + thread.name() + ": " + fault);
            }

            @Override
            public void threadExited(Thread thread) {
                log.add("exited " + thread.name());
            }

            @Override
            public void switched(Thread from, Thread to) {
                log.add("run " + to.name());
            }
        });
    }

    @AfterEach
    void close() {
        cpu.close();
        ram.close();
    }

    private Thread spawn(String name, int priority, int... program) {
        Task task = kernel.createTask(name, 16, RamQuota.limited(1 << 20)).object();
        long code = frames.allocate();
        for (int i = 0; i < program.length; i++) ram.writeInt(code + 4L * i, program[i]);
        assertEquals(L4Error.OK, task.addressSpace().map(CODE, code, PagePermissions.READ_EXECUTE));
        assertEquals(L4Error.OK, task.addressSpace().map(STACK - 4096, frames.allocate(), PagePermissions.READ_WRITE));
        Thread thread = kernel.createThread(task, name, priority).object();
        kernel.start(thread, CODE, STACK);
        cpu.invalidateCode();
        return thread;
    }

    @Test
    void threadsOfEqualPriorityTakeTurnsInTimeSlices() {
        Thread a = spawn("a", 100, COUNTER), b = spawn("b", 100, COUNTER);
        assertTrue(kernel.run(20 * QUANTUM));
        assertEquals(List.of("run a", "run b", "run a", "run b"), log.subList(0, 4));
        long turns = log.stream().filter(l -> l.startsWith("run")).count();
        assertTrue(turns >= 10, "turns: " + turns);
        long difference = Math.abs(a.instructions() - b.instructions());
        assertTrue(difference <= QUANTUM, "fair shares: a " + a.instructions() + ", b " + b.instructions());

    }

    @Test
    void aHigherPriorityThreadRunsUntilItExitsBeforeALowerOne() {
        Thread low = spawn("low", 10, COUNTER);
        Thread high = spawn("high", 200, COUNT_DOWN_AND_EXIT);
        kernel.run(50 * QUANTUM);
        assertEquals(List.of("run high", "exited high", "run low"), log.subList(0, 3));
        assertEquals(ThreadState.EXITED, high.state());
        assertEquals(1 + 2 * 100 + 1, high.instructions());
        assertTrue(low.instructions() > 0);
    }

    @Test
    void aFaultingThreadIsStoppedAndReportedWhileTheOthersRunOn() {
        Thread wild = spawn("wild", 100, WILD_STORE);
        Thread counter = spawn("counter", 100, COUNTER);
        kernel.run(10 * QUANTUM);
        assertEquals(ThreadState.STOPPED, wild.state());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("stopped wild: data abort (translation fault at 0x00000004)")), log.toString());
        assertTrue(counter.instructions() > 5 * QUANTUM / 2, "the counter kept running: " + counter.instructions());
        assertEquals(ThreadState.READY, counter.state());
    }

    @Test
    void threadsSeeTheirUtcbAddressInTpidruro() {
        Thread t = spawn("t", 100, COUNTER);
        kernel.run(QUANTUM);
        assertEquals(Kernel.UTCB_AREA, kernel.registersOf(t).tpidruro());
        assertEquals(Kernel.UTCB_AREA, t.utcbAddress());
    }

    @Test
    void theSameRunTwiceInterleavesIdentically() {
        List<String> first = interleaving(), second = interleaving();
        assertEquals(first, second);
    }

    private List<String> interleaving() {
        try (PhysicalRam ram2 = new PhysicalRam(0x8000_0000L, 16L << 20);
             ArmCpu cpu2 = ArmCpu.create(CpuModel.CORTEX_A9, ram2, CostModel.cortexA9())) {
            var frames2 = new PageFrames(ram2, ram2.base(), ram2.size());
            Kernel k = new Kernel(cpu2, frames2, 777, exitOnTwo);
            List<String> events = new ArrayList<>();
            k.addListener(new KernelListener() {
                @Override
                public void switched(Thread from, Thread to) {
                    events.add(k.now() + " " + to.name() + " " + cpu2.instructions());
                }
            });
            for (String name : List.of("x", "y", "z")) {
                Task task = k.createTask(name, 8, RamQuota.limited(1 << 20)).object();
                long code = frames2.allocate();
                int[] program = name.equals("y") ? COUNT_DOWN_AND_EXIT : COUNTER;
                for (int i = 0; i < program.length; i++) ram2.writeInt(code + 4L * i, program[i]);
                task.addressSpace().map(CODE, code, PagePermissions.READ_EXECUTE);
                k.start(k.createThread(task, name, 50).object(), CODE, STACK);
            }
            cpu2.invalidateCode();
            k.run(30_000);
            events.add("end " + k.now() + " " + cpu2.instructions() + " " + cpu2.register(ArmReg.R0));
            return events;
        }
    }

    /**
     * A retired factory's objects stay while a capability or a holder above the kernel (init's tables)
     * names them, and go once nothing does; the factory goes with the last of them.
     */
    @Test
    void aRetiredFactoryLastsAsLongAsWhatItMadeIsReached() {
        Task owner = kernel.createTask("owner", 16, RamQuota.limited(1 << 20)).object();
        Task holder = kernel.createTask("holder", 16, RamQuota.limited(1 << 20)).object();
        Thread thread = kernel.createThread(owner, "owner", 100).object();
        Factory factory = kernel.createFactory(8, RamQuota.limited(1 << 20));
        IpcGate byCapability = factory.createGate(1, thread), byTable = factory.createGate(2, thread), unreached = factory.createGate(3, thread);
        assertEquals(L4Error.OK, kernel.install(holder, 5, byCapability, Rights.ALL));
        List<KernelObject> table = new ArrayList<>(List.of(byTable));
        kernel.addHolder(refer -> table.forEach(refer));

        kernel.deleteTask(owner);
        kernel.retire(factory);
        assertTrue(kernel.objects().containsAll(List.of(factory, byCapability, byTable)), "reached: kept");
        assertFalse(kernel.objects().contains(unreached), "nothing reaches it: gone");
        assertEquals(null, factory.createGate(4, thread), "a retired factory makes nothing");

        table.clear();
        kernel.deleteTask(holder);
        assertFalse(kernel.objects().contains(byTable), "its table no longer names it");
        assertFalse(kernel.objects().contains(byCapability), "its last holder is gone");
        assertFalse(kernel.objects().contains(factory), "nothing left: the factory goes too");
    }
}
