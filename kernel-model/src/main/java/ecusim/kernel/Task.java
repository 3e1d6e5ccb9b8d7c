package ecusim.kernel;

/** A protection domain: an address space and a capability space (Fiasco.OC's Task). */
public final class Task implements KernelObject {
    /** The UTCB area's size: at most this many threads per task, one UTCB page each. */
    static final int UTCB_AREA_SIZE = 16 << 20;

    private final ObjectId id;
    private final String name;
    private final AddressSpace addressSpace;
    private final CapSpace capSpace;
    private final TaskMemory memory;
    private final int utcbArea;
    private boolean deleted;
    private Replication replication; // null: its threads run once, as usual
    private final ReplicationStats replicationStats = new ReplicationStats();

    Task(ObjectId id, String name, AddressSpace addressSpace, CapSpace capSpace, int utcbArea, TaskMemory memory) {
        this.id = id;
        this.name = name;
        this.addressSpace = addressSpace;
        this.capSpace = capSpace;
        this.utcbArea = utcbArea;
        this.memory = memory;
    }

    /** Its kernel memory and the quota that pays for it. */
    TaskMemory memory() {
        return memory;
    }

    /** How its threads are replicated, or null when they are not. */
    public Replication replication() {
        return replication;
    }

    void setReplication(Replication replication) {
        this.replication = replication;
    }

    public ReplicationStats replicationStats() {
        return replicationStats;
    }

    /** Whether the task has been deleted (its memory, ASID and capabilities are gone). */
    public boolean deleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    /** Kernel memory charged for this task so far: tables, UTCBs and thread blocks, in bytes. */
    public long kernelMemory() {
        return memory.charged();
    }

    @Override
    public ObjectId id() {
        return id;
    }

    @Override
    public String kind() {
        return "Task";
    }

    public String name() {
        return name;
    }

    public AddressSpace addressSpace() {
        return addressSpace;
    }

    public CapSpace capSpace() {
        return capSpace;
    }

    /** The lowest free UTCB page of this task's UTCB area (a deleted thread's comes back), or 0 when the area is full. */
    int freeUtcbAddress() {
        int at = addressSpace.firstUnmapped(utcbArea);
        return Integer.compareUnsigned(at - utcbArea, UTCB_AREA_SIZE) < 0 ? at : 0;
    }

    /** Whether {@code address} is a free UTCB page of this task's UTCB area. */
    boolean isFreeUtcb(int address) {
        return (address & (Utcb.SIZE - 1)) == 0 && Integer.compareUnsigned(address - utcbArea, UTCB_AREA_SIZE) < 0 && addressSpace.page(address) == null;
    }

    @Override
    public String toString() {
        return "Task " + name + " " + id;
    }
}
