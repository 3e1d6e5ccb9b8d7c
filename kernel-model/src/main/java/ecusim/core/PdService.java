package ecusim.core;

import ecusim.kernel.Message;
import ecusim.kernel.Thread;

/**
 * Core's PD service: RAM dataspaces charged to the component's quota (exhaustion is an error the client
 * can handle), and the kernel objects a component needs for serving and signalling: IPC gates and IRQs
 * bound to the calling thread (core holds the kernel factory, as in Genode on Fiasco.OC). The messages are
 * {@link PdProtocol}'s; the operations core's {@link PdSession}.
 */
final class PdService extends SessionServer<Component> {
    PdService(Core core) {
        super(core);
    }

    @Override
    Message serve(Component c, Thread caller, Message request) {
        return PdProtocol.serve(core.pdSession(c), core, caller, request);
    }
}
