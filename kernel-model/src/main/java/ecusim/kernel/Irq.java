package ecusim.kernel;

/**
 * An interrupt object (Fiasco.OC's Irq), used for signals: triggering it wakes the thread attached to it
 * (in a closed wait on it, or in an open wait, which then returns the IRQ's label), or, when that thread is
 * not waiting, counts the trigger so that the next wait returns at once. Timer alarms trigger IRQs.
 */
public final class Irq implements KernelObject {
    private final ObjectId id;
    private Thread attached;
    private int label;
    private int pending;

    Irq(ObjectId id) {
        this.id = id;
    }

    @Override
    public ObjectId id() {
        return id;
    }

    @Override
    public String kind() {
        return "Irq";
    }

    public Thread attached() {
        return attached;
    }

    public int label() {
        return label;
    }

    /** Triggers not yet received. */
    public int pending() {
        return pending;
    }

    void attach(Thread thread, int label) {
        if (attached != null) attached.irqs.remove(this);
        this.attached = thread;
        this.label = label;
        if (thread != null) thread.irqs.add(this);
    }

    /** Sets its whole state (a restore); the attached thread's list of IRQs is restored with the thread. */
    void restore(Thread attached, int label, int pending) {
        this.attached = attached;
        this.label = label;
        this.pending = pending;
    }

    void addPending() {
        pending++;
    }

    /** Takes the pending triggers (for the receiving thread), leaving none. */
    int takePending() {
        int n = pending;
        pending = 0;
        return n;
    }

    @Override
    public String toString() {
        return "Irq " + id + " label " + label + (attached == null ? "" : " -> " + attached.name());
    }
}
