package ecusim.kernel;

import ecusim.emulator.cpu.RegisterFile;
import java.util.ArrayDeque;

/**
 * A thread of execution in a task (Fiasco.OC's Thread): its saved CPU state while it is not running, a
 * priority, its UTCB, and the rest of its time slice.
 */
public final class Thread implements KernelObject {
    private final ObjectId id;
    private final String name;
    private final Task task;
    private final int priority;
    private final int utcbAddress;
    private final long utcbFrame;
    private ThreadState state = ThreadState.INACTIVE;
    private RegisterFile registers;
    private long sliceLeft;
    private boolean paused;
    // What the thread waits for in the kernel, as one value (see PendingOperation), and the IPC relations
    // that outlive one operation: whom it owes a reply, who queues to send to it, which IRQs wake it.
    PendingOperation pending = PendingOperation.NONE;
    Thread replyTo;          // the caller this thread owes a reply (Fiasco.OC's implicit reply capability)
    final ArrayDeque<Thread> senders = new ArrayDeque<>(); // threads waiting to send to this one, in order
    final java.util.List<Irq> irqs = new java.util.ArrayList<>(2); // IRQs attached to it, in attach order
    IpcGate pager;
    IpcGate exceptionHandler;
    // An invoke still owes its results (r0..r2): they stay the call's arguments until it completes, so a
    // blocked call can be read, and issued again, from the registers; completing without results gives zeros.
    boolean resultsOwed;
    final ThreadStats stats = new ThreadStats();

    Thread(ObjectId id, String name, Task task, int priority, int utcbAddress, long utcbFrame) {
        this.id = id;
        this.name = name;
        this.task = task;
        this.priority = priority;
        this.utcbAddress = utcbAddress;
        this.utcbFrame = utcbFrame;
    }

    @Override
    public ObjectId id() {
        return id;
    }

    @Override
    public String kind() {
        return "Thread";
    }

    public String name() {
        return name;
    }

    public Task task() {
        return task;
    }

    /** 0 (lowest) to 255. */
    public int priority() {
        return priority;
    }

    public int utcbAddress() {
        return utcbAddress;
    }

    /** Physical frame of the UTCB, for the kernel's direct access to message registers. */
    public long utcbFrame() {
        return utcbFrame;
    }

    public ThreadState state() {
        return state;
    }

    void setState(ThreadState state) {
        this.state = state;
    }

    /** The saved register state (current only while the thread is not on the CPU). */
    public RegisterFile registers() {
        return registers;
    }

    void setRegisters(RegisterFile registers) {
        this.registers = registers;
    }

    /** Replaces its statistics (a restore). */
    void restoreStats(long instructions, long cycles, long systemCalls, long ipcs, long pageFaults, long sendWaits) {
        stats.instructions = instructions;
        stats.cycles = cycles;
        stats.systemCalls = systemCalls;
        stats.ipcs = ipcs;
        stats.pageFaults = pageFaults;
        stats.sendWaits = sendWaits;
    }

    long sliceLeft() {
        return sliceLeft;
    }

    void setSliceLeft(long cycles) {
        this.sliceLeft = cycles;
    }

    /** Instructions this thread has executed. */
    public long instructions() {
        return stats.instructions;
    }

    /** Paused threads are not scheduled; their state (also a pending IPC) stays intact until resumed. */
    public boolean paused() {
        return paused;
    }

    void setPaused(boolean paused) {
        this.paused = paused;
    }

    /** What the thread waits for in the kernel (NONE when it is not blocked in IPC). */
    public IpcWait ipcWait() {
        return pending.kind();
    }

    /** Its pending operation in full. */
    public PendingOperation pendingOperation() {
        return pending;
    }

    /** The IPC partner of a SENDING or AWAITING_REPLY thread, or null. */
    public Thread ipcPartner() {
        return switch (pending) {
            case PendingOperation.Sending s -> s.receiver();
            case PendingOperation.AwaitingReply r -> r.callee();
            default -> null;
        };
    }

    /** The gate resolving this thread's page faults (core's region-map pager), or null. */
    public IpcGate pager() {
        return pager;
    }

    /** The gate exceptions other than page faults go to, or null (the thread is then stopped). */
    public IpcGate exceptionHandler() {
        return exceptionHandler;
    }

    /** Counters of what this thread did and what the kernel did for it. */
    public ThreadStats stats() {
        return stats;
    }

    @Override
    public String toString() {
        return "Thread " + task.name() + "/" + name + " " + id + " " + state;
    }
}
