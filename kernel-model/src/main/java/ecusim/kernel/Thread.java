package ecusim.kernel;

import ecusim.emulator.cpu.RegisterFile;

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
    private long instructions;

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

    long sliceLeft() {
        return sliceLeft;
    }

    void setSliceLeft(long cycles) {
        this.sliceLeft = cycles;
    }

    /** Instructions this thread has executed. */
    public long instructions() {
        return instructions;
    }

    void addInstructions(long count) {
        instructions += count;
    }

    @Override
    public String toString() {
        return "Thread " + task.name() + "/" + name + " " + id + " " + state;
    }
}
