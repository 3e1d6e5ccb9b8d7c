package ecusim.core;

import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;

/** The RM session's messages decoded into an {@link RmSession}'s operations, and its answers encoded. */
public final class RmProtocol {
    private RmProtocol() {}

    public static Message serve(RmSession session, Core core, Thread caller, Message request) {
        switch (request.label()) {
            case Protocol.RM_ATTACH -> {
                if (request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof IpcGate g)) {
                    return Message.error(L4Error.INVALID);
                }
                Dataspace ds = core.dataspace(g);
                if (ds == null) return Message.error(L4Error.INVALID);
                boolean writable = ds.writable() && request.capabilities().getFirst().rights().has(Rights.W);
                RegionMap.AttachResult r = session.attach(ds, request.word(0), writable, request.word(1) != 0);
                return r.error() == L4Error.OK ? Message.of(0, r.address()) : Message.error(r.error());
            }
            case Protocol.RM_DETACH -> {
                L4Error e = session.detach(request.word(0));
                return e == L4Error.OK ? Message.of(0) : Message.error(e);
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }
}
