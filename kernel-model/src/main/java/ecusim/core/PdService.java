package ecusim.core;

import ecusim.kernel.Capability;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;

/**
 * Core's PD service: RAM dataspaces charged to the component's quota (exhaustion is an error the client
 * can handle), and the kernel objects a component needs for serving and signalling: IPC gates and IRQs
 * bound to the calling thread (core holds the kernel factory, as in Genode on Fiasco.OC).
 */
final class PdService extends SessionServer<Component> {
    PdService(Core core) {
        super(core);
    }

    @Override
    Message serve(Component c, Thread caller, Message request) {
        ProtectionDomain pd = c.pd();
        switch (request.label()) {
            case Protocol.PD_ALLOC -> {
                ProtectionDomain.AllocResult r = pd.allocate(core.nextBadge(), Integer.toUnsignedLong(request.word(0)), true);
                if (r.error() != L4Error.OK) return Message.error(r.error());
                IpcGate ds = core.register(r.dataspace());
                return Message.of(0, r.dataspace().size()).withCapability(new Capability(ds, Rights.RW));
            }
            case Protocol.PD_FREE -> {
                Dataspace ds = request.capabilities().isEmpty() ? null : dataspaceOf(request.capabilities().getFirst());
                if (ds == null || ds.owner() != pd) return Message.error(L4Error.INVALID);
                return core.free(pd, ds) == L4Error.OK ? Message.of(0) : Message.error(L4Error.NOT_FOUND);
            }
            case Protocol.PD_QUOTA -> {
                return Message.of(0, (int) Math.min(pd.quota(), Integer.MAX_VALUE), (int) Math.min(pd.used(), Integer.MAX_VALUE));
            }
            case Protocol.PD_ALLOC_GATE -> {
                IpcGate served = pd.factory().createGate(request.word(0), caller);
                if (served == null) return Message.error(L4Error.NO_MEMORY);
                return Message.of(0).withCapability(new Capability(served, Rights.ALL));
            }
            case Protocol.PD_ALLOC_SIGNAL -> {
                Irq irq = pd.factory().createIrq(caller, request.word(0));
                if (irq == null) return Message.error(L4Error.NO_MEMORY);
                return Message.of(0).withCapability(new Capability(irq, Rights.ALL));
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }

    private Dataspace dataspaceOf(Capability cap) {
        return cap.object() instanceof IpcGate g ? core.dataspace(g) : null;
    }
}
