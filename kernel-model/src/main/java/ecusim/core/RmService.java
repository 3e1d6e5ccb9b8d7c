package ecusim.core;

import ecusim.kernel.Message;
import ecusim.kernel.Thread;

/** Core's RM service on a component's address space: attach and detach dataspaces ({@link RmProtocol}, {@link RmSession}). */
final class RmService extends SessionServer<Component> {
    RmService(Core core) {
        super(core);
    }

    @Override
    Message serve(Component c, Thread caller, Message request) {
        return RmProtocol.serve(core.rmSession(c), core, caller, request);
    }
}
