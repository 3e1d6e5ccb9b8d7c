package ecusim.kernel;

/**
 * A timer in virtual time (the kernel's alarm source): fires once or periodically, either triggering an
 * {@link Irq} (a timer signal to a guest) or running a Java action (core's deferred replies). Its next
 * deadline is readable and re-armable, so a checkpoint can save and restore remaining time.
 */
public final class Alarm implements KernelObject {
    private final ObjectId id;
    private final Kernel kernel;
    private Irq irq;
    private Runnable action;
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

    /** Runs {@code action} once at {@code deadline} (cycles). */
    public void arm(long deadline, Runnable action) {
        arm(deadline, 0, null, action);
    }

    private void arm(long deadline, long periodCycles, Irq irq, Runnable action) {
        cancel();
        this.irq = irq;
        this.action = action;
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

    void fire(long deadline) {
        if (period > 0) kernel.timeouts().arm(this, deadline + period);
        else armed = false;
        if (irq != null) kernel.trigger(irq);
        if (action != null) action.run();
    }
}
