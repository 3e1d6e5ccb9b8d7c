package ecusim.core;

import ecusim.emulator.cpu.RegisterFile;
import ecusim.kernel.Capability;
import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;

/**
 * Core's CPU service: threads of the component, at most at the component's priority, with core as pager;
 * starting, pausing and resuming them, and reading and writing their registers (what a debugger or a
 * checkpointer needs). The thread capability it hands out also lets the holder use the kernel's thread
 * operations (ex_regs, pause, resume) directly.
 */
final class CpuService extends SessionServer<Component> {
    CpuService(Core core) {
        super(core);
    }

    /** Operations on one of the session's threads: start, pause, resume, read and write its registers. */
    private Message control(Thread t, Message request) {
        var kernel = core.kernel();
        switch (request.label()) {
            case Protocol.CPU_START -> kernel.exRegs(t, request.word(0), request.word(1));
            case Protocol.CPU_PAUSE -> kernel.pause(t);
            case Protocol.CPU_RESUME -> kernel.resume(t);
            case Protocol.CPU_GET_STATE -> {
                RegisterFile r = kernel.registersOf(t);
                if (r == null) return Message.error(L4Error.INVALID); // never started
                int[] words = java.util.Arrays.copyOf(r.gpr(), 17);
                words[16] = r.cpsr();
                return Message.of(0, words);
            }
            case Protocol.CPU_SET_STATE -> {
                RegisterFile r = kernel.registersOf(t);
                if (r == null || request.wordCount() < 17) return Message.error(L4Error.INVALID);
                int[] gpr = java.util.Arrays.copyOf(request.words(), 16);
                // Only the flags and the Thumb bit are the thread's to set: it stays in user mode.
                int cpsr = (request.word(16) & (0xF800_0000 | RegisterFile.CPSR_T)) | RegisterFile.CPSR_USER;
                kernel.setRegistersOf(t, new RegisterFile(gpr, cpsr, r.vfp(), r.fpscr(), r.tpidrurw(), r.tpidruro()));
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
        return Message.of(0);
    }

    @Override
    Message serve(Component c, Thread caller, Message request) {
        switch (request.label()) {
            case Protocol.CPU_CREATE_THREAD -> {
                MessageStrings.Decoded name = MessageStrings.decode(request.words(), 1);
                if (name == null) return Message.error(L4Error.INVALID);
                int priority = Math.max(0, Math.min(request.word(0), c.priority()));
                ecusim.kernel.Created<Thread> created = core.kernel().createThread(c.task(), name.text(), priority);
                if (!created.ok()) return Message.error(created.error());
                Thread thread = created.object();
                core.kernel().setPager(thread, c.threads().getFirst().pager());
                c.addThread(thread);
                return Message.of(0).withCapability(new Capability(thread, Rights.RW));
            }
            case Protocol.CPU_START, Protocol.CPU_PAUSE, Protocol.CPU_RESUME, Protocol.CPU_GET_STATE, Protocol.CPU_SET_STATE -> {
                if (request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof Thread t) || t.task() != c.task()) {
                    return Message.error(L4Error.INVALID);
                }
                // A thread does not pause or restart itself through its CPU session: it would never run again.
                if (t == caller && request.label() != Protocol.CPU_GET_STATE) return Message.error(L4Error.INVALID);
                return control(t, request);
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }
}
