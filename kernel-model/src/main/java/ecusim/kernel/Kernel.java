package ecusim.kernel;

import ecusim.emulator.cost.KernelOperation;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.FrameAllocator;
import ecusim.emulator.mmu.PagePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * One ECU's kernel: creates tasks and threads, schedules READY threads on the CPU in time slices of
 * virtual time, and dispatches what stops them: system calls to the {@link SystemCallHandler}, faults to
 * whoever resolves them (for now nobody: the thread is stopped and reported, the rest runs on). Every
 * kernel entry and context switch is charged to the CPU's clock by the cost model.
 *
 * <p>Virtual time is the CPU's cycle count. A slice ends at the first instruction boundary at which its
 * cycles are used up ({@link ArmCpu#run(long, long)}), so preemption points are exact and repeatable.
 */
public final class Kernel {
    /** Where UTCB pages are mapped in every task (as in Fiasco.OC on ARM). */
    public static final int UTCB_AREA = 0xB300_0000;

    private final ArmCpu cpu;
    private final FrameAllocator frames;
    private final Tlb tlb;
    private final MappingDatabase mapdb = new MappingDatabase();
    private final Scheduler scheduler;
    private final TimeoutQueue timeouts = new TimeoutQueue();
    private final SystemCallHandler systemCalls;
    private final List<KernelListener> listeners = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private long nextObjectId = 1;
    private int nextAsid = 1;
    private Thread current;
    private Task currentTask;

    /**
     * A kernel on {@code cpu}, taking kernel memory (page tables, UTCBs) from {@code frames}, with time
     * slices of {@code quantumCycles}.
     */
    public Kernel(ArmCpu cpu, FrameAllocator frames, long quantumCycles, SystemCallHandler systemCalls) {
        this.cpu = cpu;
        this.frames = frames;
        this.tlb = Tlb.of(cpu);
        this.scheduler = new Scheduler(quantumCycles);
        this.systemCalls = systemCalls;
    }

    public void addListener(KernelListener listener) {
        listeners.add(listener);
    }

    public ArmCpu cpu() {
        return cpu;
    }

    public MappingDatabase mappingDatabase() {
        return mapdb;
    }

    /** Virtual time: cycles since the ECU started. */
    public long now() {
        return cpu.cycles();
    }

    /** Creates a task with an empty address space and a capability space of {@code capSlots} selectors. */
    public Task createTask(String name, int capSlots) {
        if (nextAsid > 255) throw new IllegalStateException("out of ASIDs (255 tasks)"); // ASID reuse comes with task deletion
        var space = new AddressSpace(cpu.ram(), frames, nextAsid++, tlb);
        Task task = new Task(new ObjectId(nextObjectId++), name, space, new CapSpace(name, capSlots), UTCB_AREA);
        tasks.add(task);
        return task;
    }

    /** Creates an inactive thread in {@code task} at {@code priority} (0..255), with its UTCB mapped. */
    public Thread createThread(Task task, String name, int priority) {
        if (priority < 0 || priority > 255) throw new IllegalArgumentException("priority " + priority + " outside 0..255");
        int utcb = task.takeUtcbAddress();
        long frame = frames.allocate(PhysicalRam.PAGE_SIZE, PhysicalRam.PAGE_SIZE);
        L4Error mapped = task.addressSpace().map(utcb, frame, PagePermissions.READ_WRITE);
        if (mapped != L4Error.OK) throw new IllegalStateException("UTCB of " + name + " at 0x" + Integer.toHexString(utcb) + ": " + mapped);
        Thread thread = new Thread(new ObjectId(nextObjectId++), name, task, priority, utcb, frame);
        threads.add(thread);
        return thread;
    }

    /** Sets a thread's PC (bit 0: Thumb) and SP and makes it READY: Fiasco.OC's ex_regs on a new thread. */
    public void start(Thread thread, int pc, int sp) {
        if (thread.state() != ThreadState.INACTIVE) throw new IllegalStateException(thread + " already started");
        RegisterFile entry = RegisterFile.userEntry(pc, sp);
        thread.setRegisters(new RegisterFile(entry.gpr(), entry.cpsr(), entry.vfp(), 0, 0, thread.utcbAddress()));
        thread.setState(ThreadState.READY);
        scheduler.enqueue(thread);
    }

    /** Threads in creation order. */
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    /** Tasks in creation order. */
    public List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /**
     * Runs until virtual time reaches {@code untilCycles}, or until no thread is ready and no timeout is
     * pending. While nothing is ready, virtual time advances to the next timeout (the CPU idles). Returns
     * whether any thread is still ready or waiting for a timeout.
     */
    public boolean run(long untilCycles) {
        while (now() < untilCycles) {
            wakeExpired();
            Thread next = scheduler.pick();
            if (next == null) {
                long wake = timeouts.nextDeadline();
                if (wake == Long.MAX_VALUE) return false;
                cpu.charge(Math.min(wake, untilCycles) - now()); // idle until the next timeout
                continue;
            }
            switchTo(next);
            long sliceStart = now();
            // A slice also ends when a timeout falls due: the woken thread may outrank the running one.
            long sliceEnd = Math.min(Math.min(sliceStart + next.sliceLeft(), untilCycles), timeouts.nextDeadline());
            long instructionsBefore = cpu.instructions();
            CpuEvent event = cpu.run(Long.MAX_VALUE / 2, sliceEnd);
            next.addInstructions(cpu.instructions() - instructionsBefore);
            next.setSliceLeft(next.sliceLeft() - (now() - sliceStart));
            switch (event) {
                case CpuEvent.BudgetExhausted b -> {
                    if (next.sliceLeft() <= 0) scheduler.rotate(next); // else: a deadline cut the slice short
                }
                case CpuEvent.SystemCall call -> systemCall(next, call);
                default -> stop(next, event);
            }
        }
        wakeExpired();
        return scheduler.pick() != null || timeouts.nextDeadline() != Long.MAX_VALUE;
    }

    /**
     * Blocks {@code thread} until virtual time reaches {@code deadline} (a sleep, or an IPC timeout). Call
     * from a system-call handler that returns {@link SystemCallHandler.Outcome#BLOCK}.
     */
    public void blockUntil(Thread thread, long deadline) {
        timeouts.arm(thread, deadline);
    }

    /** The virtual time at which a blocked thread's timeout expires, or -1 if it has none. */
    public long timeoutOf(Thread thread) {
        return timeouts.deadlineOf(thread);
    }

    /** Makes a BLOCKED thread READY again, cancelling its timeout (IPC partners will call this). */
    public void wake(Thread thread) {
        if (thread.state() != ThreadState.BLOCKED) throw new IllegalStateException(thread + " is not blocked");
        timeouts.cancel(thread);
        thread.setState(ThreadState.READY);
        scheduler.enqueue(thread);
    }

    private void wakeExpired() {
        for (Thread thread : timeouts.expire(now())) {
            thread.setState(ThreadState.READY);
            scheduler.enqueue(thread);
        }
    }

    private void systemCall(Thread thread, CpuEvent.SystemCall call) {
        cpu.charge(cpu.costs().cycles(KernelOperation.SYSCALL));
        switch (systemCalls.handle(this, thread, call)) {
            case CONTINUE -> { }
            case YIELD -> scheduler.rotate(thread);
            case BLOCK -> {
                scheduler.remove(thread);
                thread.setState(ThreadState.BLOCKED);
            }
            case EXIT -> {
                scheduler.remove(thread);
                thread.setState(ThreadState.EXITED);
                for (KernelListener l : listeners) l.threadExited(thread);
            }
        }
    }

    /** A fault nobody resolves: the thread stops for good, and is reported; the others run on. */
    private void stop(Thread thread, CpuEvent fault) {
        cpu.charge(cpu.costs().cycles(KernelOperation.EXCEPTION_ENTRY));
        scheduler.remove(thread);
        thread.setState(ThreadState.STOPPED);
        for (KernelListener l : listeners) l.threadStopped(thread, fault);
    }

    /** Puts {@code next} on the CPU: saves the current thread's registers, switches address space if needed. */
    private void switchTo(Thread next) {
        if (next == current) return;
        Thread previous = current;
        if (previous != null) previous.setRegisters(cpu.registers());
        if (next.task() != currentTask) {
            AddressSpace space = next.task().addressSpace();
            cpu.switchAddressSpace(space.l1Base(), space.asid());
            if (!cpu.mmuEnabled()) cpu.enableMmu();
            cpu.charge(cpu.costs().cycles(KernelOperation.TLB_FLUSH_ALL));
            currentTask = next.task();
        }
        cpu.setRegisters(next.registers());
        cpu.charge(cpu.costs().cycles(KernelOperation.CONTEXT_SWITCH));
        current = next;
        for (KernelListener l : listeners) l.switched(previous, next);
    }

    /** The registers of {@code thread}: live from the CPU if it is the one on it, else its saved state. */
    public RegisterFile registersOf(Thread thread) {
        return thread == current ? cpu.registers() : thread.registers();
    }
}
