package ecusim.core;

import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;

/** Core's RM service on a component's address space: attach and detach dataspaces. */
final class RmService extends SessionServer<Component> {
    RmService(Core core) {
        super(core);
    }

    @Override
    Message serve(Component c, Thread caller, Message request) {
        switch (request.label()) {
            case Protocol.RM_ATTACH -> {
                if (request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof IpcGate g)) {
                    return Message.error(L4Error.INVALID);
                }
                Dataspace ds = core.dataspace(g);
                if (ds == null) return Message.error(L4Error.INVALID);
                boolean writable = ds.writable() && request.capabilities().getFirst().rights().has(ecusim.kernel.Rights.W);
                RegionMap.AttachResult r = c.regionMap().attach(ds, 0, 0, request.word(0), Core.ATTACH_AREA, writable, request.word(1) != 0);
                if (r.error() != L4Error.OK) return Message.error(r.error());
                core.retryPendingFaults();
                return Message.of(0, r.address());
            }
            case Protocol.RM_DETACH -> {
                L4Error e = c.regionMap().detach(request.word(0));
                return e == L4Error.OK ? Message.of(0) : Message.error(e);
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }
}
