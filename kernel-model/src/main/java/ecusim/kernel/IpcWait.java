package ecusim.kernel;

/** What a BLOCKED thread waits for in the kernel. */
public enum IpcWait {
    NONE,
    /** To send through a gate whose receiver is not waiting yet. */
    SENDING,
    /** In an open wait: any message through a gate bound to it, or an IRQ attached to it. */
    RECEIVING_OPEN,
    /** In a closed wait on one IRQ. */
    RECEIVING_IRQ,
    /** For the reply to its call from a guest server. */
    AWAITING_REPLY,
    /** For the deferred reply of a Java server (a timer sleep, a managed-dataspace fault). */
    AWAITING_SERVER,
    /** For a timeout only (a sleep the kernel serves itself). */
    SLEEPING
}
