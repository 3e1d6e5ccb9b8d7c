package ecusim.kernel;

/**
 * A Java component serving an {@link IpcGate} (core's services, init's parent interface, pagers). The
 * kernel dispatches a call to it like an IPC to a guest server, charging the same costs.
 */
public interface GateServer {
    /**
     * Serves {@code request}, sent by {@code caller} through {@code gate}. Returns the reply, or null to
     * reply later with {@link Kernel#reply(Thread, Message)} (the caller then waits, e.g. for a timer).
     * A server may also end the caller's task instead of replying (a component's exit).
     */
    Message serve(IpcGate gate, Thread caller, Message request);

    /**
     * {@code caller}, whose reply this server deferred, waits no more (its IPC timed out, ex_regs cancelled
     * it, or it ended): whatever the server keeps for the reply (an alarm, a pending request) must go, or a
     * late reply would answer a later, unrelated call.
     */
    default void abandoned(IpcGate gate, Thread caller) {}

    /** What {@code caller}, whose reply this server deferred, is waiting for, in words (for deadlock reports). */
    default String describeWait(IpcGate gate, Thread caller) {
        return "a reply through " + gate;
    }
}
