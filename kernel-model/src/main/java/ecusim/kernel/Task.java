package ecusim.kernel;

/** A protection domain: an address space and a capability space (Fiasco.OC's Task). */
public final class Task implements KernelObject {
    private final ObjectId id;
    private final String name;
    private final AddressSpace addressSpace;
    private final CapSpace capSpace;
    private int nextUtcb;

    Task(ObjectId id, String name, AddressSpace addressSpace, CapSpace capSpace, int utcbArea) {
        this.id = id;
        this.name = name;
        this.addressSpace = addressSpace;
        this.capSpace = capSpace;
        this.nextUtcb = utcbArea;
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

    /** Hands out the next UTCB page address of this task's UTCB area. */
    int takeUtcbAddress() {
        int address = nextUtcb;
        nextUtcb += Utcb.SIZE;
        return address;
    }

    @Override
    public String toString() {
        return "Task " + name + " " + id;
    }
}
