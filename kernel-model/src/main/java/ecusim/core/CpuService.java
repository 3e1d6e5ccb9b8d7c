package ecusim.core;

import ecusim.kernel.Capability;
import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;

/**
 * Core's CPU service: threads of the component, at most at the component's priority, with core as pager.
 * The thread capability it hands out lets the holder start (ex_regs), pause and resume the thread.
 */
final class CpuService extends SessionServer<Component> {
    CpuService(Core core) {
        super(core);
    }

    @Override
    Message serve(Component c, Thread caller, Message request) {
        switch (request.label()) {
            case Protocol.CPU_CREATE_THREAD -> {
                MessageStrings.Decoded name = MessageStrings.decode(request.words(), 1);
                if (name == null) return Message.error(L4Error.INVALID);
                int priority = Math.max(0, Math.min(request.word(0), c.priority()));
                Thread thread = core.kernel().createThread(c.task(), name.text(), priority);
                core.kernel().setPager(thread, c.threads().getFirst().pager());
                c.addThread(thread);
                return Message.of(0).withCapability(new Capability(thread, Rights.RW));
            }
            case Protocol.CPU_START -> {
                if (request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof Thread t) || t.task() != c.task()) {
                    return Message.error(L4Error.INVALID);
                }
                core.kernel().exRegs(t, request.word(0), request.word(1));
                return Message.of(0);
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }
}
