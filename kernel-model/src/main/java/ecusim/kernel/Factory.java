package ecusim.kernel;

/**
 * A kernel factory (Fiasco.OC's Factory): creates IPC gates and IRQs for whoever holds it, up to a limit of
 * objects, each charged to the holder's {@link RamQuota}, so a component cannot exhaust kernel memory. Core
 * gives each protection domain its own.
 */
public final class Factory implements KernelObject {
    private final ObjectId id;
    private final Kernel kernel;
    private final int limit;
    private final RamQuota quota;
    private final java.util.List<KernelObject> createdObjects = new java.util.ArrayList<>();
    private int created;
    private boolean retired;

    Factory(ObjectId id, Kernel kernel, int limit, RamQuota quota) {
        this.id = id;
        this.kernel = kernel;
        this.limit = limit;
        this.quota = quota;
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

    /** An IPC gate bound to {@code receiver} with {@code label}, or null when the limit or the quota is reached. */
    public IpcGate createGate(int label, Thread receiver) {
        if (!take(KernelObjectSizes.IPC_GATE)) return null;
        IpcGate gate = kernel.createGate(label, receiver);
        createdObjects.add(gate);
        return gate;
    }

    /** An IRQ attached to {@code receiver} with {@code label}, or null when the limit or the quota is reached. */
    public Irq createIrq(Thread receiver, int label) {
        if (!take(KernelObjectSizes.IRQ)) return null;
        Irq irq = kernel.createIrq();
        kernel.attach(irq, receiver, label);
        createdObjects.add(irq);
        return irq;
    }

    /** The gates and IRQs it created, in order: they go when it goes. */
    public java.util.List<KernelObject> createdObjects() {
        return java.util.List.copyOf(createdObjects);
    }

    RamQuota quota() {
        return quota;
    }

    /** Whether its holder is gone ({@link Kernel#retire}): it creates nothing more and lasts as long as what it made. */
    public boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
    }

    /** {@code object} is gone: the factory no longer keeps it. */
    void dropCreated(KernelObject object) {
        createdObjects.remove(object);
    }

    /** Sets what it has created (a restore). */
    void restore(int created, java.util.List<KernelObject> objects, boolean retired) {
        this.created = created;
        createdObjects.clear();
        createdObjects.addAll(objects);
        this.retired = retired;
    }

    private boolean take(int bytes) {
        if (retired || created >= limit || !quota.charge(bytes)) return false;
        created++;
        return true;
    }
}
