package ecusim.core;

import ecusim.kernel.GateServer;
import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A core service: each session is an IPC gate core serves, labelled with a fresh badge, and mapped to the
 * session's state. An invocation of a closed (or never opened) session's gate gets {@code NOT_FOUND}.
 */
abstract class SessionServer<S> implements GateServer {
    protected final Core core;
    private final Map<IpcGate, S> sessions = new IdentityHashMap<>();

    SessionServer(Core core) {
        this.core = core;
    }

    /** A new session with {@code state}: the gate a client invokes. */
    final IpcGate openSession(S state) {
        IpcGate gate = core.kernel().createGate((int) core.nextBadge(), this);
        sessions.put(gate, state);
        return gate;
    }

    /** Ends the session behind {@code gate}, if it is one of this service's; returns its state, or null. */
    S closeSession(IpcGate gate) {
        return sessions.remove(gate);
    }

    /** The open sessions: each gate with its session's state. */
    final Map<IpcGate, S> sessions() {
        return java.util.Collections.unmodifiableMap(sessions);
    }

    /** Replaces the open sessions with {@code restored} (a restore). */
    final void restoreSessions(Map<IpcGate, S> restored) {
        sessions.clear();
        sessions.putAll(restored);
    }

    /** Ends every session whose state is {@code state} (its client is gone); returns their gates. */
    final java.util.List<IpcGate> closeSessionsOf(S state) {
        java.util.List<IpcGate> closed = new java.util.ArrayList<>();
        for (var it = sessions.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue() != state) continue;
            closed.add(e.getKey());
            it.remove();
        }
        closed.sort(java.util.Comparator.comparingLong(g -> g.id().value())); // destroyed in creation order
        return closed;
    }

    @Override
    public final Message serve(IpcGate gate, Thread caller, Message request) {
        S session = sessions.get(gate);
        if (session == null) return Message.error(L4Error.NOT_FOUND);
        return serve(session, caller, request);
    }

    @Override
    public final void abandoned(IpcGate gate, Thread caller) {
        S session = sessions.get(gate);
        if (session != null) abandoned(session, caller);
    }

    /** A caller whose reply this session deferred waits no more (see {@link GateServer#abandoned}). */
    void abandoned(S session, Thread caller) {}

    /** Serves one request of an open session (null: the reply comes later, see {@code Kernel.reply}). */
    abstract Message serve(S session, Thread caller, Message request);
}
