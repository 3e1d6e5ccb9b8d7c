package ecusim.kernel;

import ecusim.emulator.fault.Fault;
import ecusim.emulator.fault.FaultInjector;
import ecusim.emulator.fault.FaultLocation;

import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.ArmReg;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.FrameAllocator;
import ecusim.emulator.mmu.PagePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * One ECU's kernel: creates and deletes tasks, threads, IPC gates, IRQs, alarms and factories, and controls
 * threads (start, ex_regs, pause, their complete context); the scheduling loop is {@link KernelLoop}'s, what
 * stops a thread is dispatched by {@link ExceptionDispatch} ({@code svc #0} to the invoke system call of
 * {@link Ipc}, page faults to the pager, other exceptions to the exception handler), and a thread's context
 * is written by {@link ThreadContexts}. A fault nobody resolves stops the thread and is reported; the rest
 * runs on. Every kernel entry, IPC, fault, context switch and TLB operation is charged to the CPU's clock by
 * the cost model. Its state as data is {@link KernelState} ({@link KernelSnapshots}).
 *
 * <p>Virtual time is the CPU's cycle count at {@link #clockHz()}. A slice ends at the first instruction
 * boundary at which its cycles are used up ({@link ArmCpu#run(long, long)}), so preemption is exact and
 * repeatable. Slice ends lie on a grid of quanta (what a slice overran comes off the next), so a thread
 * alone at its priority, which would be rotated behind itself, runs on without a stop at each end.
 */
public final class Kernel {
    /** Where UTCB pages are mapped in every task (as in Fiasco.OC on ARM). */
    public static final int UTCB_AREA = 0xB300_0000;
    public static final long DEFAULT_CLOCK_HZ = ecusim.emulator.cpu.CpuModel.DEFAULT_CLOCK_HZ;

    final ArmCpu cpu;
    final PageFrames frames;
    final AsidAllocator asids = new AsidAllocator();
    private final long clockHz;
    final Tlb tlb;
    final MappingDatabase mapdb = new MappingDatabase();
    final FrameMappings frameMappings = new FrameMappings();
    final Scheduler scheduler;
    final TimeoutQueue timeouts = new TimeoutQueue();
    final Ipc ipc;
    final SystemCallHandler otherSystemCallsHandler;
    final List<KernelListener> listeners = new ArrayList<>();
    private final KernelLoop loop = new KernelLoop(this);
    final ExceptionDispatch dispatch = new ExceptionDispatch(this);
    private final ThreadContexts contexts = new ThreadContexts(this);
    final ProcessingElements processingElements = new ProcessingElements(this);
    final List<Task> tasks = new ArrayList<>();
    final List<Thread> threads = new ArrayList<>();
    final java.util.Map<Long, KernelObject> objects = new java.util.LinkedHashMap<>(); // every live object, by id
    private final List<java.util.function.Consumer<java.util.function.Consumer<KernelObject>>> holders = new ArrayList<>();
    long nextObjectId = 1;
    Thread current;
    Task currentTask;
    boolean deadlockReported;
    /** Cycles the CPU idled: nothing was ready, and the clock ran on to the next timeout or the run's end. */
    long idleCycles;
    /** A thread allowed one instruction on a page both written and executed (see AddressSpace.beginStep), or null. */
    Thread stepping;
    int steppingPage;
    /** The attached debugger (null: none), and the thread it asked to single-step (null: none). */
    Debugger debugger;
    Thread debugStep;
    /** Each kernel operation's price from the cost model, looked up once: charging is on the IPC path. */
    private final long[] costCycles = new long[KernelCost.values().length];

    /**
     * A kernel on {@code cpu} clocked at {@code clockHz}, taking kernel memory (page tables, UTCBs) from
     * {@code frames}, with time slices of {@code quantumCycles}; system calls other than invoke go to
     * {@code otherSystemCalls}.
     */
    public Kernel(ArmCpu cpu, PageFrames frames, long clockHz, long quantumCycles, SystemCallHandler otherSystemCalls) {
        if (clockHz <= 0) throw new IllegalArgumentException("clock must be positive: " + clockHz);
        this.cpu = cpu;
        this.frames = frames;
        this.clockHz = clockHz;
        for (KernelCost c : KernelCost.values()) costCycles[c.ordinal()] = cpu.costs().cycles(c.key());
        this.tlb = Tlb.charging(cpu);
        this.scheduler = new Scheduler(quantumCycles);
        this.otherSystemCallsHandler = otherSystemCalls;
        this.ipc = new Ipc(this);
    }

    public Kernel(ArmCpu cpu, PageFrames frames, long quantumCycles, SystemCallHandler otherSystemCalls) {
        this(cpu, frames, DEFAULT_CLOCK_HZ, quantumCycles, otherSystemCalls);
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

    /**
     * Attaches {@code debugger} (null detaches): threads it debugs stop for it at breakpoints instead of
     * being stopped as faulting. Host tooling, not ECU state: it is in no snapshot.
     */
    public void attachDebugger(Debugger debugger) {
        this.debugger = debugger;
        if (debugger == null) debugStep = null;
    }

    /**
     * A fault waiting for its thread to reach its instruction count; for a replicated thread, in run
     * {@code run} (0 first) of the processing element that reaches it.
     */
    public record PendingFault(Thread thread, long instruction, int run, Fault fault, int pc, long limit) {
        /** Whether the fault waits for a PC, from its count on. */
        public boolean atPc() {
            return limit > 0;
        }
    }

    private PendingFault pendingFault;

    /**
     * Injects {@code fault} into {@code thread} when it has retired exactly {@code instruction} instructions
     * of its own ({@link Thread#instructions()}: exact, IT-block slots counted), before its next one: the
     * kernel stops the CPU there, flips the bit (a register of the thread, or a byte of its task's memory
     * through its page tables) and runs on; listeners hear {@link KernelListener#faultInjected}. A stuck-at
     * fault instead holds the bit at its value before each of the thread's next {@link Fault#duration()}
     * instructions (the thread then runs one instruction at a time, so the timing stays what it would be).
     * Host tooling for fault-injection experiments, like the debugger: in no snapshot, and a restore drops it.
     * One fault at a time.
     */
    public void injectFault(Thread thread, long instruction, Fault fault) {
        injectFault(thread, instruction, 0, fault);
    }

    /**
     * As {@link #injectFault(Thread, long, Fault)}, into run {@code run} (0 first) of the processing element of
     * a replicated thread that reaches the count: a transient fault hits one run, the others run clean. A
     * count at a PE's end falls to the next PE's start. Run 0 for a thread that is not replicated.
     */
    public void injectFault(Thread thread, long instruction, int run, Fault fault) {
        if (pendingFault != null) throw new IllegalStateException("a fault is pending already: " + pendingFault);
        if (fault.kind() != Fault.Kind.FLIP && thread.task().replication() != null) {
            // A stuck bit is in hardware every run shares, while each run has its own registers and page copies.
            throw new IllegalArgumentException("thread " + thread.name() + " is replicated: stuck-at faults go into threads that run once");
        }
        if (instruction < thread.instructions()) {
            throw new IllegalArgumentException("thread " + thread.name() + " has retired " + thread.instructions() + " instructions, past " + instruction);
        }
        int runs = thread.task().replication() == null ? 1 : thread.task().replication().mode().runs();
        if (run < 0 || run >= runs) throw new IllegalArgumentException("thread " + thread.name() + " runs each instruction " + runs + " time(s): no run " + run);
        pendingFault = new PendingFault(thread, instruction, run, fault, 0, 0);
    }

    /**
     * As {@link #injectFault(Thread, long, Fault)}, but from count {@code from} on the thread runs an
     * instruction at a time until its PC is {@code pc}, and the fault goes in there, before that instruction
     * (FAIL*'s "the first time this instruction is reached after that point"); if the PC has not been reached
     * within {@code limit} instructions, nothing is injected and listeners hear so. Into threads that run once.
     */
    public void injectFaultAtPc(Thread thread, long from, int pc, long limit, Fault fault) {
        if (limit < 1) throw new IllegalArgumentException("limit " + limit + ": at least one instruction");
        if (thread.task().replication() != null) throw new IllegalArgumentException("thread " + thread.name() + " is replicated: faults at a PC go into threads that run once");
        injectFault(thread, from, 0, fault);
        pendingFault = new PendingFault(thread, from, 0, fault, pc & ~1, limit);
    }

    /** A kernel-object fault set with {@link #injectKernelFault}, not yet injected. */
    public record PendingKernelFault(Thread thread, long instruction, KernelObjectFault fault) {}

    private PendingKernelFault pendingKernelFault;

    /**
     * Applies {@code fault} to the kernel objects of {@code thread}'s task when the thread has retired exactly
     * {@code instruction} instructions of its own, as {@link #injectFault} does a CPU fault (host tooling, in
     * no snapshot, dropped by a restore); listeners hear {@link KernelListener#kernelFaultInjected}. Into
     * threads that run once.
     */
    public void injectKernelFault(Thread thread, long instruction, KernelObjectFault fault) {
        if (pendingKernelFault != null) throw new IllegalStateException("a kernel-object fault is pending already: " + pendingKernelFault);
        if (instruction < thread.instructions()) {
            throw new IllegalArgumentException("thread " + thread.name() + " has retired " + thread.instructions() + " instructions, past " + instruction);
        }
        if (thread.task().replication() != null) throw new IllegalArgumentException("thread " + thread.name() + " is replicated: kernel-object faults go into threads that run once");
        pendingKernelFault = new PendingKernelFault(thread, instruction, fault);
    }

    /** The kernel-object fault not yet injected, or null. */
    public PendingKernelFault pendingKernelFault() {
        return pendingKernelFault;
    }

    /** Forgets the pending faults and ends a stuck-at fault in force (a restore replaces their thread; a campaign arms the next experiment's). */
    public void dropPendingFault() {
        pendingFault = null;
        pendingKernelFault = null;
        stuck = null;
    }

    /** A stuck-at fault in force: its bit is held before each of its thread's instructions below {@code until}. */
    private record StuckBit(Thread thread, Fault fault, long until) {}

    private StuckBit stuck;

    /** The fault not yet injected (its thread has not reached its count, or will never), or null. */
    public PendingFault pendingFault() {
        return pendingFault;
    }

    /**
     * The run budget of {@code thread}, which is on the CPU in run {@code run} of its PE (0 when not
     * replicated) having retired {@code position} instructions: up to its pending fault, injected first if due.
     */
    long faultBudget(Thread thread, long position, int run, long budget) {
        PendingKernelFault kf = pendingKernelFault;
        if (kf != null && kf.thread() == thread && run == 0) {
            long left = kf.instruction() - position;
            if (left > 0) {
                budget = Math.min(budget, left);
            } else {
                pendingKernelFault = null;
                boolean injected = kf.fault().inject(this, thread);
                for (KernelListener l : listeners) l.kernelFaultInjected(thread, kf.fault(), position, injected);
            }
        }
        StuckBit s = stuck;
        if (s != null && s.thread() == thread) {
            // Held before every instruction: the thread runs one at a time while the fault lasts.
            if (position < s.until()) {
                hold(thread, s.fault());
                budget = Math.min(budget, 1);
            } else {
                stuck = null;
            }
        }
        PendingFault f = pendingFault;
        if (f == null || f.thread() != thread || f.run() != run) return budget;
        long left = f.instruction() - position;
        if (left > 0) return Math.min(budget, left);
        if (f.atPc()) { // stepping from the count on, until the PC is the one asked for
            if ((cpu.register(ArmReg.PC) & ~1) != f.pc()) {
                if (-left + 1 < f.limit()) return Math.min(budget, 1); // counts from .. from + limit - 1 looked at
                pendingFault = null;
                for (KernelListener l : listeners) l.faultInjected(thread, f.fault(), position, cpu.register(ArmReg.PC), false);
                return budget;
            }
        } else if (left < 0) {
            return budget; // a run after the first that ended before the count: the next PE's
        }
        pendingFault = null;
        boolean injected = true;
        if (f.fault().kind() != Fault.Kind.FLIP) {
            injected = hold(thread, f.fault());
            long duration = f.fault().duration();
            stuck = new StuckBit(thread, f.fault(), duration > Long.MAX_VALUE - position ? Long.MAX_VALUE : position + duration);
            budget = Math.min(budget, 1);
        } else if (f.fault().location() instanceof FaultLocation.MemoryByte m) {
            byte[] b = new byte[1];
            injected = readTaskMemory(thread.task(), m.address(), b);
            b[0] ^= (byte) (1 << f.fault().bit());
            injected = injected && writeTaskMemory(thread.task(), m.address(), b);
        } else {
            FaultInjector.flip(cpu, f.fault()); // the thread is current: its registers are the CPU's
        }
        int pc = cpu.register(ArmReg.PC);
        for (KernelListener l : listeners) l.faultInjected(thread, f.fault(), position, pc, injected);
        return budget;
    }

    /** Holds a stuck-at fault's bit at its value in {@code thread} (current); false if its memory byte is not mapped. */
    private boolean hold(Thread thread, Fault fault) {
        if (fault.location() instanceof FaultLocation.MemoryByte m) {
            byte[] b = new byte[1];
            if (!readTaskMemory(thread.task(), m.address(), b)) return false;
            if (((b[0] >> fault.bit()) & 1) == fault.stuckValue()) return true; // written only when it changes: code pages keep their translations
            b[0] ^= (byte) (1 << fault.bit());
            return writeTaskMemory(thread.task(), m.address(), b);
        }
        FaultInjector.force(cpu, fault);
        return true;
    }

    /** {@code thread} runs exactly one instruction when it next runs, then stops for the debugger again. */
    public void stepForDebugger(Thread thread) {
        debugStep = thread;
    }

    /**
     * Reads {@code into.length} bytes of {@code task}'s memory at {@code va} with host privileges, through its
     * page tables; false (nothing read) if a page of the range is not mapped.
     */
    public boolean readTaskMemory(Task task, int va, byte[] into) {
        return accessTaskMemory(task, va, into, false);
    }

    /**
     * Writes {@code bytes} into {@code task}'s memory at {@code va} with host privileges (read-only and code
     * pages too: a debugger's breakpoints), through its page tables. Code translated from the pages written
     * is dropped, and address spaces that track writes see them. False (nothing written) if a page of the
     * range is not mapped.
     */
    public boolean writeTaskMemory(Task task, int va, byte[] bytes) {
        return accessTaskMemory(task, va, bytes, true);
    }

    private boolean accessTaskMemory(Task task, int va, byte[] buffer, boolean write) {
        AddressSpace space = task.addressSpace();
        long start = va & 0xFFFF_FFFFL, end = start + buffer.length;
        if (end > 1L << 32) return false;
        for (long page = start & ~0xFFFL; page < end; page += PhysicalRam.PAGE_SIZE) {
            if (space.page((int) page) == null) return false;
        }
        for (long at = start; at < end; ) {
            long page = at & ~0xFFFL, upTo = Math.min(end, page + PhysicalRam.PAGE_SIZE);
            PageBits bits = space.page((int) page);
            long pa = bits.frame() + (at - page);
            int offset = (int) (at - start), length = (int) (upTo - at);
            if (write) {
                cpu.ram().write(pa, buffer, offset, length);
                hostWrote(bits.frame());
                if (bits.executable()) space.codeChanged((int) page);
            } else {
                cpu.ram().read(pa, buffer, offset, length);
            }
            at = upTo;
        }
        return true;
    }

    /** Cycles of {@link #now()} the CPU spent idle: nothing was ready to run. */
    public long idleCycles() {
        return idleCycles;
    }

    public long clockHz() {
        return clockHz;
    }

    /** Cycles in {@code micros} microseconds at this clock (exact for any 64-bit input without overflow). */
    public long microsToCycles(long micros) {
        return microsToCycles(clockHz, micros);
    }

    /** Cycles in {@code micros} microseconds at {@code clockHz}. */
    public static long microsToCycles(long clockHz, long micros) {
        return micros / 1_000_000 * clockHz + micros % 1_000_000 * clockHz / 1_000_000;
    }

    /** Whole microseconds in {@code cycles}. */
    public long cyclesToMicros(long cycles) {
        return cycles / clockHz * 1_000_000 + cycles % clockHz * 1_000_000 / clockHz;
    }

    /**
     * The kernel or core wrote into physical {@code frame} directly (a message into a UTCB, an image into a
     * dataspace): address spaces that track writes and map it mark the page dirty.
     */
    public void hostWrote(long frame) {
        frameMappings.written(frame);
    }

    /** Charges kernel work done on a thread's behalf (core's services use this for map, copy, ...). */
    public void charge(KernelCost operation) {
        cpu.charge(costCycles[operation.ordinal()]);
    }

    /** Charges {@code times} units of {@code operation} (per-KiB operations). */
    void charge(KernelCost operation, long times) {
        cpu.charge(costCycles[operation.ordinal()] * times);
    }

    /**
     * Replicates the threads of {@code task} from their next run on, as {@code replication} says (null: they
     * run once again). See {@link ProcessingElements}.
     */
    public void replicate(Task task, Replication replication) {
        task.setReplication(replication);
    }

    // ---- object creation ----

    /** The ECU's pool of physical frames, shared by the kernel's objects and core's dataspaces. */
    public PageFrames frames() {
        return frames;
    }

    /**
     * Creates a task with an empty address space and a capability space of {@code capSlots} selectors; its
     * kernel memory (page tables, UTCBs, threads) is charged to {@code quota}. Refused with NO_MEMORY when
     * the quota or the ECU's RAM has no room for its L1 table, or all 255 ASIDs are in use.
     */
    public Created<Task> createTask(String name, int capSlots, RamQuota quota) {
        int asid = asids.allocate();
        if (asid < 0) return Created.refused(L4Error.NO_MEMORY, "no free ASID (" + AsidAllocator.MAX + " tasks exist)");
        TaskMemory memory = new TaskMemory(cpu.ram(), frames, quota);
        ObjectId id = nextId();
        AddressSpace space = AddressSpace.create(cpu.ram(), memory, asid, tlb, frameMappings, (int) id.value());
        if (space == null) {
            asids.release(asid);
            return Created.refused(L4Error.NO_MEMORY, "no room for its 16 KiB translation table: " + memory.shortage());
        }
        Task task = register(new Task(id, name, space, new CapSpace(name, capSlots), UTCB_AREA, memory));
        tasks.add(task);
        return Created.ok(task);
    }

    /**
     * Creates an inactive thread in {@code task} at {@code priority} (0..255), with its UTCB mapped; its
     * control block and UTCB page are charged to the task's quota. Refused with NO_MEMORY when that quota
     * or the ECU's RAM is exhausted or the task's UTCB area is full.
     */
    public Created<Thread> createThread(Task task, String name, int priority) {
        return createThread(task, name, priority, 0);
    }

    /**
     * As {@link #createThread(Task, String, int)}, with its UTCB at {@code utcbAddress}, a free page of the
     * task's UTCB area (0: the lowest free one) — a restore puts a thread's UTCB back where it was. Refused
     * with INVALID when that page is not a free UTCB page.
     */
    public Created<Thread> createThread(Task task, String name, int priority, int utcbAddress) {
        if (priority < 0 || priority > 255) throw new IllegalArgumentException("priority " + priority + " outside 0..255");
        if (task.deleted()) return Created.refused(L4Error.NOT_FOUND, "its task is deleted");
        if (utcbAddress != 0 && !task.isFreeUtcb(utcbAddress)) {
            return Created.refused(L4Error.INVALID, "0x" + Integer.toHexString(utcbAddress) + " is not a free UTCB page of the task");
        }
        TaskMemory memory = task.memory();
        if (!memory.chargeObject(KernelObjectSizes.THREAD)) return Created.refused(L4Error.NO_MEMORY, "no room for a thread: " + memory.shortage());
        int utcb = utcbAddress != 0 ? utcbAddress : task.freeUtcbAddress();
        long frame = utcb == 0 ? FrameAllocator.EXHAUSTED : memory.allocate(PhysicalRam.PAGE_SIZE, PhysicalRam.PAGE_SIZE);
        if (frame == FrameAllocator.EXHAUSTED) {
            memory.refund(KernelObjectSizes.THREAD);
            return Created.refused(L4Error.NO_MEMORY, utcb == 0 ? "its UTCB area is full (" + Task.UTCB_AREA_SIZE / Utcb.SIZE + " threads)"
                    : "no room for a UTCB: " + memory.shortage());
        }
        L4Error mapped = task.addressSpace().map(utcb, frame, PagePermissions.READ_WRITE);
        if (mapped != L4Error.OK) {
            memory.release(frame, PhysicalRam.PAGE_SIZE);
            memory.refund(KernelObjectSizes.THREAD);
            return Created.refused(mapped, "no room for the page table of its UTCB: " + memory.shortage());
        }
        Thread thread = register(new Thread(nextId(), name, task, priority, utcb, frame));
        threads.add(thread);
        return Created.ok(thread);
    }

    /**
     * Deletes a task: its threads end (their partners see it), every capability in its space is revoked
     * with everything derived from it, and its page tables, UTCBs, kernel objects' charges and ASID are
     * given back. The code translated from its executable pages is forgotten, since their frames will serve
     * others; caches of decoded code are keyed by the task's id, which a run never reuses (a restored
     * snapshot may: {@code Ecu.restore} forgets the code of pages whose mapping or content differ).
     */
    public void deleteTask(Task task) {
        if (task.deleted()) return;
        endTask(task);
        for (CapSpace.Entry e : task.capSpace().entries()) mapdb.unmap(task.capSpace(), e.selector(), true);
        for (Thread t : threads) if (t.task() == task) objects.remove(t.id().value());
        threads.removeIf(t -> t.task() == task);
        tasks.remove(task);
        objects.remove(task.id().value());
        if (current != null && current.task() == task) current = null;
        if (currentTask == task) currentTask = null;
        task.addressSpace().clear();
        task.memory().releaseAll();
        asids.release(task.addressSpace().asid());
        task.markDeleted();
        collectRetired(); // its capabilities are gone: what a retired factory made may be reached no more
    }

    /**
     * Deletes a thread: it ends (whoever waits on it learns so), every capability to it is revoked, and its
     * UTCB page and the charge for its control block go back to its task.
     */
    public void deleteThread(Thread thread) {
        if (!threads.contains(thread)) return;
        if (thread.state() != ThreadState.EXITED && thread.state() != ThreadState.STOPPED) {
            end(thread, ThreadState.EXITED);
            for (KernelListener l : listeners) l.threadExited(thread);
        }
        if (current == thread) current = null;
        if (stepping == thread) endStep();
        revokeAll(thread);
        for (Irq irq : List.copyOf(thread.irqs)) irq.attach(null, 0);
        threads.remove(thread);
        objects.remove(thread.id().value());
        Task task = thread.task();
        if (!task.deleted()) {
            task.addressSpace().unmap(thread.utcbAddress());
            task.memory().release(thread.utcbFrame(), PhysicalRam.PAGE_SIZE);
            task.memory().refund(KernelObjectSizes.THREAD);
        }
    }

    /** Revokes every capability to {@code object}, in every task, with everything derived from each. */
    private void revokeAll(KernelObject object) {
        for (Task t : tasks) {
            for (CapSpace.Entry e : t.capSpace().entries()) {
                if (e.capability().object() == object && t.capSpace().lookup(e.selector()) != null) mapdb.unmap(t.capSpace(), e.selector(), true);
            }
        }
    }

    /** An IPC gate to a guest server thread, which receives {@code label} with each message. */
    public IpcGate createGate(int label, Thread receiver) {
        return register(new IpcGate(nextId(), label, receiver, null));
    }

    /** An IPC gate served by a Java component. */
    public IpcGate createGate(int label, GateServer server) {
        return register(new IpcGate(nextId(), label, null, server));
    }

    public Irq createIrq() {
        return register(new Irq(nextId()));
    }

    /** A factory that creates at most {@code limit} gates and IRQs, each charged to {@code quota}. */
    public Factory createFactory(int limit, RamQuota quota) {
        return register(new Factory(nextId(), this, limit, quota));
    }

    public Alarm createAlarm() {
        return register(new Alarm(nextId(), this));
    }

    private <T extends KernelObject> T register(T object) {
        objects.put(object.id().value(), object);
        return object;
    }

    /**
     * Forgets an object nobody can reach any more (a closed session's gate, a freed dataspace's, a destroyed
     * component's factory and what it made), so the kernel does not keep it, nor a snapshot save it.
     */
    public void forget(KernelObject object) {
        objects.remove(object.id().value());
        if (object instanceof Alarm alarm) alarm.cancel();
        if (object instanceof Factory factory) for (KernelObject made : factory.createdObjects()) forget(made);
    }

    /**
     * The holder of {@code factory} is gone (a destroyed component's PD): the factory goes, with everything
     * it made that nothing reaches any more. What a capability or a live thread still reaches (a service
     * gate a client holds) stays, as Fiasco.OC keeps an object while a capability refers to it, and goes
     * when the last holder's task is deleted.
     */
    public void retire(Factory factory) {
        factory.retire();
        collectRetired();
    }

    /**
     * Adds something above the kernel whose state refers to kernel objects (init's session tables): it is
     * asked for every object it refers to, and a retired factory's object it names is kept.
     */
    public void addHolder(java.util.function.Consumer<java.util.function.Consumer<KernelObject>> holder) {
        holders.add(holder);
    }

    /** Forgets what retired factories made that nothing reaches, and each retired factory left with nothing. */
    private void collectRetired() {
        List<Factory> retired = new ArrayList<>();
        for (KernelObject o : objects.values()) if (o instanceof Factory f && f.retired()) retired.add(f);
        if (retired.isEmpty()) return;
        java.util.Set<KernelObject> reached = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Task t : tasks) for (CapSpace.Entry e : t.capSpace().entries()) reached.add(e.capability().object());
        for (Thread t : threads) {
            if (t.pager != null) reached.add(t.pager);
            if (t.exceptionHandler != null) reached.add(t.exceptionHandler);
            reached.addAll(t.irqs);
            switch (t.pending) {
                case PendingOperation.Sending s -> reached.add(s.gate());
                case PendingOperation.AwaitingServer a -> reached.add(a.gate());
                case PendingOperation.ReceivingIrq r -> reached.add(r.irq());
                default -> { }
            }
        }
        for (KernelObject o : objects.values()) if (o instanceof Alarm a && a.irq() != null) reached.add(a.irq());
        for (var holder : holders) holder.accept(reached::add);
        for (Factory f : retired) {
            for (KernelObject made : f.createdObjects()) {
                if (reached.contains(made)) continue;
                forget(made);
                f.dropCreated(made);
            }
            if (f.createdObjects().isEmpty()) objects.remove(f.id().value());
        }
    }

    /**
     * Destroys an object its creator is done with (a closed session's gate, a freed dataspace's): every
     * capability to it is revoked, in every task, and the kernel forgets it, so nothing keeps it alive.
     */
    public void destroy(KernelObject object) {
        revokeAll(object);
        forget(object);
    }

    /** The object with id {@code id}, or null. */
    public KernelObject object(ObjectId id) {
        return objects.get(id.value());
    }

    /** Every live kernel object, in creation order. */
    public List<KernelObject> objects() {
        return List.copyOf(objects.values());
    }

    private ObjectId nextId() {
        return new ObjectId(nextObjectId++);
    }

    /** Installs a capability to a fresh object (the root of its derivation tree) at {@code selector}. */
    public L4Error install(Task task, int selector, KernelObject object, Rights rights) {
        return mapdb.insertRoot(task.capSpace(), selector, new Capability(object, rights));
    }

    public void setPager(Thread thread, IpcGate pager) {
        thread.pager = pager;
    }

    public void setExceptionHandler(Thread thread, IpcGate handler) {
        thread.exceptionHandler = handler;
    }

    /** Attaches {@code irq} to {@code thread}: its triggers wake that thread's waits with {@code label}. */
    public void attach(Irq irq, Thread thread, int label) {
        irq.attach(thread, label);
    }

    public void trigger(Irq irq) {
        ipc.trigger(irq);
    }

    TimeoutQueue timeouts() {
        return timeouts;
    }

    /**
     * Puts the CPU into the state the restored kernel says it is in: the current task's address space and the
     * current thread's registers, with nothing charged (a restore takes no virtual time). The TLB is flushed:
     * the page tables in RAM may have changed under it.
     */
    public void loadCpu() {
        cpu.flushTlb();
        if (currentTask != null) {
            AddressSpace space = currentTask.addressSpace();
            cpu.switchAddressSpace(space.l1Base(), space.asid(), (int) currentTask.id().value());
            if (!cpu.mmuEnabled()) cpu.enableMmu();
        }
        if (current != null && current.registers() != null) cpu.setRegisters(current.registers());
    }

    // ---- thread control ----

    /** Sets a thread's PC (bit 0: Thumb) and SP and makes it READY: Fiasco.OC's ex_regs on a new thread. */
    public void start(Thread thread, int pc, int sp) {
        if (thread.state() != ThreadState.INACTIVE) throw new IllegalStateException(thread + " already started");
        RegisterFile entry = RegisterFile.userEntry(pc, sp);
        thread.setRegisters(new RegisterFile(entry.gpr(), entry.cpsr(), entry.vfp(), 0, 0, thread.utcbAddress()));
        thread.setState(ThreadState.READY);
        scheduler.enqueue(thread); // a paused thread keeps its place; the scheduler passes over it
    }

    /**
     * ex_regs: sets PC (bit 0: Thumb) and SP, each unless 0xffffffff. Starts an inactive thread; a thread
     * blocked in the kernel has its operation cancelled (it sees {@link Abi#E_CANCELED}) and becomes ready.
     */
    public void exRegs(Thread thread, int pc, int sp) {
        if (thread.state() == ThreadState.INACTIVE) {
            start(thread, pc, sp);
            return;
        }
        if (thread.state() == ThreadState.EXITED || thread.state() == ThreadState.STOPPED) return;
        if (thread.state() == ThreadState.BLOCKED) {
            abandonIpc(thread, Abi.E_CANCELED);
            wake(thread);
        }
        RegisterFile r = registersOf(thread);
        int[] gpr = r.gpr();
        int cpsr = r.cpsr();
        if (pc != -1) {
            gpr[15] = pc & ~1;
            cpsr = (pc & 1) != 0 ? cpsr | RegisterFile.CPSR_T : cpsr & ~RegisterFile.CPSR_T;
        }
        if (sp != -1) gpr[13] = sp;
        setRegistersOf(thread, new RegisterFile(gpr, cpsr, r.vfp(), r.fpscr(), r.tpidrurw(), r.tpidruro()));
    }

    /**
     * Pauses a thread in whatever state it is, blocked IPC included; it keeps that state until resumed. A
     * ready thread keeps its place in its queue and the rest of its slice, so that pausing and resuming at
     * the same instant leaves the schedule exactly as it was.
     */
    public void pause(Thread thread) {
        thread.setPaused(true);
    }

    public void resume(Thread thread) {
        thread.setPaused(false);
    }

    /**
     * A component the kernel model runs in Java (Rtcr taking a checkpoint) takes the CPU: the thread on it
     * is switched out (its registers saved, its slice and queue place kept), so the next one to run pays
     * the switch and the address-space change, as after any other thread.
     */
    public void switchOut() {
        if (current == null) return;
        current.setRegisters(cpu.registers());
        current = null;
        currentTask = null;
    }

    /**
     * Where {@code thread} stands in line: in its priority's ready queue when ready, among its receiver's
     * waiting senders when queued to send; -1 otherwise. A checkpoint keeps the order of threads in line, and
     * a restore that sets their contexts in that order makes the same queues again.
     */
    public int queuePosition(Thread thread) {
        if (thread.state() == ThreadState.READY) {
            List<Thread> queue = scheduler.queues().get(thread.priority());
            return queue == null ? -1 : queue.indexOf(thread);
        }
        if (thread.pending instanceof PendingOperation.Sending s) return List.copyOf(s.receiver().senders).indexOf(thread);
        return -1;
    }

    /** The complete state of {@code thread} (see {@link ThreadContext}). */
    public ThreadContext context(Thread thread) {
        return new ThreadContext(registersOf(thread), thread.state(), thread.paused(), thread.pending, timeouts.deadlineOf(thread), thread.sliceLeft());
    }

    /**
     * Puts {@code thread} into the state {@code context} describes, whatever it did before (that is cancelled
     * without a word to anyone); refused with INVALID where the kernel cannot make it so ({@link ThreadContexts}).
     */
    public L4Error setContext(Thread thread, ThreadContext context) {
        return contexts.set(thread, context);
    }

    /** Threads in creation order. */
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    /** Tasks in creation order. */
    public List<Task> tasks() {
        return List.copyOf(tasks);
    }

    // ---- running ----

    /**
     * Runs until virtual time reaches {@code untilCycles}. While nothing is ready, virtual time advances to
     * the next timeout, or to {@code untilCycles} when none is pending (the CPU idles). Returns whether any
     * thread is still ready or a timeout pending. (The loop is {@link KernelLoop}'s.)
     */
    public boolean run(long untilCycles) {
        return loop.run(untilCycles);
    }

    void endStep() {
        if (!stepping.task().deleted()) stepping.task().addressSpace().endStep(steppingPage);
        stepping = null;
    }

    /**
     * Blocks {@code thread} until virtual time reaches {@code deadline} (a sleep the kernel serves itself).
     * Call from a system-call handler that returns {@link SystemCallHandler.Outcome#BLOCK}.
     */
    public void blockUntil(Thread thread, long deadline) {
        thread.pending = PendingOperation.SLEEPING;
        timeouts.arm(thread, deadline);
    }

    /** The virtual time at which a blocked thread's timeout expires, or -1 if it has none. */
    public long timeoutOf(Thread thread) {
        return timeouts.deadlineOf(thread);
    }

    void armTimeout(Thread thread, int timeoutUs) {
        if (timeoutUs == Abi.TIMEOUT_NEVER) return;
        timeouts.arm(thread, now() + microsToCycles(Integer.toUnsignedLong(timeoutUs)));
    }

    void cancelTimeout(Thread thread) {
        timeouts.cancel(thread);
    }

    /** Makes a BLOCKED thread READY again, cancelling its timeout; a paused one stays off the CPU. */
    public void wake(Thread thread) {
        if (thread.state() != ThreadState.BLOCKED) throw new IllegalStateException(thread + " is not blocked");
        if (thread.resultsOwed) setResult(thread, 0, 0, 0);
        timeouts.cancel(thread);
        if (thread.pending instanceof PendingOperation.Sleeping) thread.pending = PendingOperation.NONE;
        thread.setState(ThreadState.READY);
        scheduler.enqueue(thread); // a paused thread keeps its place; the scheduler passes over it
    }

    /**
     * The deferred reply of a Java server to {@code caller}'s call (or page fault). Dropped when the caller
     * no longer waits for it (it timed out, was cancelled or ended). A fault reply with a negative label
     * means the fault could not be resolved: the thread is stopped.
     */
    public void reply(Thread caller, Message reply) {
        if (caller.state() != ThreadState.BLOCKED || !(caller.pending instanceof PendingOperation.AwaitingServer awaiting)) return;
        CpuEvent fault = awaiting.fault();
        caller.pending = PendingOperation.NONE;
        if (fault != null) {
            if (reply.label() < 0) {
                caller.setState(ThreadState.READY); // stop() expects a thread that is not blocked
                stop(caller, fault);
                return;
            }
        } else {
            ipc.deliverFromServer(caller, reply);
        }
        wake(caller);
    }

    /** Ends every thread of {@code task} (a component's exit or destruction); their IPC partners see it. */
    public void endTask(Task task) {
        for (Thread thread : threads) {
            if (thread.task() != task || thread.state() == ThreadState.EXITED || thread.state() == ThreadState.STOPPED) continue;
            end(thread, ThreadState.EXITED);
            for (KernelListener l : listeners) l.threadExited(thread);
        }
    }

    /** The kernel stops {@code thread} for good for {@code reason}, and reports it; the others run on. */
    void stopWith(Thread thread, String reason) {
        end(thread, ThreadState.STOPPED);
        for (KernelListener l : listeners) l.threadStoppedByKernel(thread, reason);
    }

    /** A fault nobody resolves: the thread stops for good, and is reported; the others run on. */
    void stop(Thread thread, CpuEvent fault) {
        end(thread, ThreadState.STOPPED);
        for (KernelListener l : listeners) l.threadStopped(thread, fault);
    }

    void end(Thread thread, ThreadState state) {
        scheduler.remove(thread);
        abandonIpc(thread, 0);
        thread.setState(state);
        for (Irq irq : List.copyOf(thread.irqs)) irq.attach(null, 0);
        // Whoever waits on this thread learns that it is gone.
        for (Thread sender : new ArrayList<>(thread.senders)) cancelWait(sender);
        thread.senders.clear();
        for (Thread other : threads) {
            if (other.state() == ThreadState.BLOCKED && other.pending instanceof PendingOperation.AwaitingReply r && r.callee() == thread) {
                cancelWait(other);
            }
        }
    }

    void cancelWait(Thread waiter) {
        ipc.abort(waiter, Abi.E_CANCELED);
        wake(waiter);
    }

    /** Removes a thread from whatever IPC it is in (with {@code code} as its result when non-zero). */
    void abandonIpc(Thread thread, int code) {
        timeouts.cancel(thread);
        if (!(thread.pending instanceof PendingOperation.None)) ipc.abort(thread, code);
    }

    /** The registers of {@code thread}: live from the CPU if it is the one on it, else its saved state. */
    public RegisterFile registersOf(Thread thread) {
        return thread == current ? cpu.registers() : thread.registers();
    }

    /** Writes a thread's complete register state (CPU session state set, restore). */
    public void setRegistersOf(Thread thread, RegisterFile registers) {
        if (thread == current) cpu.setRegisters(registers);
        else thread.setRegisters(registers);
    }

    /** Sets the result registers r0..r2 of a thread, live or saved. */
    void setResult(Thread thread, int r0, int r1, int r2) {
        thread.resultsOwed = false;
        if (thread == current) {
            cpu.setSystemCallResults(r0, r1, r2);
        } else if (thread.registers() != null) {
            thread.setRegisters(thread.registers().withResults(r0, r1, r2));
        }
    }
}
