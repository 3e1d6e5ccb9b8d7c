package ecusim.kernel;

/**
 * A kernel factory (Fiasco.OC's Factory): creates IPC gates and IRQs for whoever holds it, up to a limit of
 * objects, so a component cannot exhaust kernel memory. Core gives each protection domain its own.
 */
public final class Factory implements KernelObject {
    private final ObjectId id;
    private final Kernel kernel;
    private final int limit;
    private int created;

    Factory(ObjectId id, Kernel kernel, int limit) {
        this.id = id;
        this.kernel = kernel;
        this.limit = limit;
    }

    @Override
    public ObjectId id() {
        return id;
    }

    @Override
    public String kind() {
        return "Factory";
    }

    /** Objects created so far, and how many may be. */
    public int created() {
        return created;
    }

    public int limit() {
        return limit;
    }

    /** An IPC gate bound to {@code receiver} with {@code label}, or null when the limit is reached. */
    public IpcGate createGate(int label, Thread receiver) {
        if (!take()) return null;
        return kernel.createGate(label, receiver);
    }

    /** An IRQ attached to {@code receiver} with {@code label}, or null when the limit is reached. */
    public Irq createIrq(Thread receiver, int label) {
        if (!take()) return null;
        Irq irq = kernel.createIrq();
        kernel.attach(irq, receiver, label);
        return irq;
    }

    private boolean take() {
        if (created >= limit) return false;
        created++;
        return true;
    }
}
