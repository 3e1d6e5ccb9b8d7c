package ecusim.core;

import ecusim.kernel.GateServer;
import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Capability;
import ecusim.kernel.Thread;
import java.util.IdentityHashMap;
import java.util.Map;

/** Core's ROM service: a session per module (a shipped image or the client's {@code config}), as a read-only dataspace. */
final class RomService implements GateServer {
    private record Session(Dataspace dataspace, int length) {}

    private final Core core;
    private final Map<IpcGate, Session> sessions = new IdentityHashMap<>();

    RomService(Core core) {
        this.core = core;
    }

    SessionResult open(Component client, String label) {
        byte[] content = core.romModule(client, label);
        if (content == null) return SessionResult.denied(L4Error.NOT_FOUND, "no ROM module '" + label + "'");
        Dataspace ds = core.romDataspace(content, 0, content.length, content.length);
        IpcGate gate = core.kernel().createGate((int) core.nextBadge(), this);
        sessions.put(gate, new Session(ds, content.length));
        return SessionResult.ok(gate);
    }

    void close(IpcGate gate) {
        sessions.remove(gate);
    }

    @Override
    public Message serve(IpcGate gate, Thread caller, Message request) {
        Session s = sessions.get(gate);
        if (s == null) return Message.error(L4Error.NOT_FOUND);
        if (request.label() != Protocol.ROM_DATASPACE) return Message.error(L4Error.NOSYS);
        return Message.of(0, s.length()).withCapability(new Capability(s.dataspace().gate(), new Rights(Rights.R)));
    }
}
