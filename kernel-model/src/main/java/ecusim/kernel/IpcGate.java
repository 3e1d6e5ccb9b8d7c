package ecusim.kernel;

/**
 * An IPC gate (Fiasco.OC's Ipc_gate): the object clients invoke to reach a server. It carries a label
 * (badge) the server receives with every message, so one server thread can tell its clients apart, and is
 * bound either to a guest thread that receives in an open wait or to a Java {@link GateServer}.
 */
public final class IpcGate implements KernelObject {
    private final ObjectId id;
    private final int label;
    private final Thread boundThread;
    private final GateServer server;

    IpcGate(ObjectId id, int label, Thread boundThread, GateServer server) {
        if ((boundThread == null) == (server == null)) throw new IllegalArgumentException("a gate is bound to exactly one of a thread or a Java server");
        this.id = id;
        this.label = label;
        this.boundThread = boundThread;
        this.server = server;
    }

    @Override
    public ObjectId id() {
        return id;
    }

    @Override
    public String kind() {
        return "Ipc_gate";
    }

    public int label() {
        return label;
    }

    /** The guest thread receiving through this gate, or null for a Java-served gate. */
    public Thread boundThread() {
        return boundThread;
    }

    /** The Java server, or null for a guest-served gate. */
    public GateServer server() {
        return server;
    }

    @Override
    public String toString() {
        return "Ipc_gate " + id + " label " + label + " -> " + (server != null ? server.getClass().getSimpleName() : boundThread.name());
    }
}
