package ecusim.kernel;

/** Anything a capability can name: a task, thread, IPC gate, factory, IRQ or timer. */
public interface KernelObject {
    ObjectId id();

    /** The object's kind in Fiasco.OC's words, e.g. {@code Task}, {@code Ipc_gate}. */
    String kind();
}
