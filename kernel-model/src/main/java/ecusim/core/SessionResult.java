package ecusim.core;

import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;

/** The outcome of a session request to a service: the session's gate, or why there is none. */
public record SessionResult(L4Error error, IpcGate gate, String reason) {
    public static SessionResult ok(IpcGate gate) {
        return new SessionResult(L4Error.OK, gate, "");
    }

    public static SessionResult denied(L4Error error, String reason) {
        return new SessionResult(error, null, reason);
    }
}
