package ecusim.core;

import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Capability;
import ecusim.kernel.Thread;

/**
 * Core's ROM service: a session per module (a shipped image or the client's {@code config}), handing out the
 * module's read-only dataspace, which all sessions of that module share (core pays for it once).
 */
final class RomService extends SessionServer<RomService.Session> {
    record Session(Dataspace dataspace, int length) {}

    RomService(Core core) {
        super(core);
    }

    SessionResult open(Component client, String label) {
        byte[] content = core.romModule(client, label);
        if (content == null) return SessionResult.denied(L4Error.NOT_FOUND, "no ROM module '" + label + "'");
        Dataspace ds = core.romDataspace(client, label, content);
        if (ds == null) return SessionResult.denied(L4Error.NO_MEMORY, "core's RAM cannot hold ROM module '" + label + "' (" + content.length + " bytes)");
        return SessionResult.ok(openSession(new Session(ds, content.length)));
    }

    @Override
    Message serve(Session s, Thread caller, Message request) {
        if (request.label() != Protocol.ROM_DATASPACE) return Message.error(L4Error.NOSYS);
        return Message.of(0, s.length()).withCapability(new Capability(s.dataspace().gate(), new Rights(Rights.R)));
    }
}
