package ecusim.core;

import ecusim.kernel.Message;
import ecusim.kernel.Thread;

/**
 * Core's CPU service: threads of the component, at most at the component's priority, with core as pager;
 * starting, pausing and resuming them, and reading and writing their registers (what a debugger or a
 * checkpointer needs). The thread capability it hands out also lets the holder use the kernel's thread
 * operations (ex_regs, pause, resume) directly. ({@link CpuProtocol}, {@link CpuSession}.)
 */
final class CpuService extends SessionServer<Component> {
    CpuService(Core core) {
        super(core);
    }

    @Override
    Message serve(Component c, Thread caller, Message request) {
        return CpuProtocol.serve(core.cpuSession(c), caller, request);
    }
}
