package ecusim.kernel;

/**
 * A timer in virtual time (the kernel's alarm source): fires once or periodically, either triggering an
 * {@link Irq} (a timer signal to a guest) or giving a thread that waits for a Java server its deferred
 * empty reply (a timer sleep). What it does is data, not code, so it can be saved and restored; its next
 * deadline is readable and re-armable, so a checkpoint can save and restore remaining time.
 */
public final class Alarm implements KernelObject {
    private final ObjectId id;
    private final Kernel kernel;
    private Irq irq;
    private Thread replyTo;
    private long period;
    private boolean armed;

    Alarm(ObjectId id, Kernel kernel) {
        this.id = id;
        this.kernel = kernel;
    }

    @Override
    public ObjectId id() {
        return id;
    }

    @Override
    public String kind() {
        return "Timer";
    }

    /** Fires at {@code deadline} (cycles), then every {@code periodCycles} if positive, triggering {@code irq}. */
    public void arm(long deadline, long periodCycles, Irq irq) {
        arm(deadline, periodCycles, irq, null);
    }

    /** Gives {@code caller}, waiting for a Java server, an empty reply at {@code deadline} (cycles): a sleep. */
    public void armReply(long deadline, Thread caller) {
        arm(deadline, 0, null, caller);
    }

    private void arm(long deadline, long periodCycles, Irq irq, Thread replyTo) {
        cancel();
        this.irq = irq;
        this.replyTo = replyTo;
        this.period = Math.max(0, periodCycles);
        this.armed = true;
        kernel.timeouts().arm(this, deadline);
    }

    public void cancel() {
        if (armed) kernel.timeouts().cancel(this);
        armed = false;
    }

    /** The next deadline in cycles, or -1 when not armed. */
    public long deadline() {
        return armed ? kernel.timeouts().deadlineOf(this) : -1;
    }

    public long period() {
        return period;
    }

    /** The IRQ it triggers, or null. */
    public Irq irq() {
        return irq;
    }

    /** The thread it replies to, or null. */
    public Thread replyTo() {
        return replyTo;
    }

    /** Sets its whole state (a restore); its deadline, if armed, is in the restored timeout queue. */
    void restore(Irq irq, Thread replyTo, long period, boolean armed) {
        this.irq = irq;
        this.replyTo = replyTo;
        this.period = period;
        this.armed = armed;
    }

    boolean armed() {
        return armed;
    }

    void fire(long deadline) {
        if (period > 0) kernel.timeouts().arm(this, deadline + period);
        else armed = false;
        if (irq != null) kernel.trigger(irq);
        if (replyTo != null) kernel.reply(replyTo, Message.of(0));
    }
}
