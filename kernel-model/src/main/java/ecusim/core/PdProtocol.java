package ecusim.core;

import ecusim.kernel.Capability;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;

/** The PD session's messages ({@link Protocol}) decoded into a {@link PdSession}'s operations, and its answers encoded. */
public final class PdProtocol {
    private PdProtocol() {}

    /** Serves one PD request of {@code caller} with {@code session}; {@code core} names dataspaces by their capabilities. */
    public static Message serve(PdSession session, Core core, Thread caller, Message request) {
        switch (request.label()) {
            case Protocol.PD_ALLOC -> {
                PdSession.Allocation a = session.alloc(Integer.toUnsignedLong(request.word(0)));
                if (a.error() != L4Error.OK) return Message.error(a.error());
                return Message.of(0, a.dataspace().size()).withCapability(new Capability(a.dataspace().gate(), Rights.RW));
            }
            case Protocol.PD_FREE -> {
                Dataspace ds = request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof IpcGate g) ? null
                        : core.dataspace(g);
                if (ds == null) return Message.error(L4Error.INVALID);
                L4Error e = session.free(ds);
                return e == L4Error.OK ? Message.of(0) : Message.error(e);
            }
            case Protocol.PD_QUOTA -> {
                return Message.of(0, (int) Math.min(session.quota(), Integer.MAX_VALUE), (int) Math.min(session.used(), Integer.MAX_VALUE));
            }
            case Protocol.PD_ALLOC_GATE -> {
                IpcGate served = session.allocGate(caller, request.word(0));
                if (served == null) return Message.error(L4Error.NO_MEMORY);
                return Message.of(0).withCapability(new Capability(served, Rights.ALL));
            }
            case Protocol.PD_ALLOC_SIGNAL -> {
                Irq irq = session.allocSignal(caller, request.word(0));
                if (irq == null) return Message.error(L4Error.NO_MEMORY);
                return Message.of(0).withCapability(new Capability(irq, Rights.ALL));
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }
}
