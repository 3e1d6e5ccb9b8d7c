package ecusim.core;

import ecusim.emulator.cpu.RegisterFile;
import ecusim.kernel.Capability;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;

/** The CPU session's messages decoded into a {@link CpuSession}'s operations, and its answers encoded. */
public final class CpuProtocol {
    private CpuProtocol() {}

    public static Message serve(CpuSession session, Thread caller, Message request) {
        if (request.label() == Protocol.CPU_CREATE_THREAD) {
            MessageStrings.Decoded name = MessageStrings.decode(request.words(), 1);
            if (name == null) return Message.error(L4Error.INVALID);
            ecusim.kernel.Created<Thread> created = session.createThread(name.text(), request.word(0));
            if (!created.ok()) return Message.error(created.error());
            return Message.of(0).withCapability(new Capability(created.object(), Rights.RW));
        }
        if (request.label() < Protocol.CPU_START || request.label() > Protocol.CPU_SET_STATE) return Message.error(L4Error.NOSYS);
        if (request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof Thread t)) return Message.error(L4Error.INVALID);
        // A thread does not pause or restart itself through its CPU session: it would never run again.
        if (t == caller && request.label() != Protocol.CPU_GET_STATE) return Message.error(L4Error.INVALID);
        L4Error e;
        switch (request.label()) {
            case Protocol.CPU_START -> e = session.start(t, request.word(0), request.word(1));
            case Protocol.CPU_PAUSE -> e = session.pause(t);
            case Protocol.CPU_RESUME -> e = session.resume(t);
            case Protocol.CPU_GET_STATE -> {
                RegisterFile r = session.state(t);
                if (r == null) return Message.error(L4Error.INVALID); // never started
                int[] words = java.util.Arrays.copyOf(r.gpr(), 17);
                words[16] = r.cpsr();
                return Message.of(0, words);
            }
            default -> { // CPU_SET_STATE
                RegisterFile r = session.state(t);
                if (r == null || request.wordCount() < 17) return Message.error(L4Error.INVALID);
                int[] gpr = java.util.Arrays.copyOf(request.words(), 16);
                e = session.setState(t, new RegisterFile(gpr, request.word(16), r.vfp(), r.fpscr(), r.tpidrurw(), r.tpidruro()));
            }
        }
        return e == L4Error.OK ? Message.of(0) : Message.error(e);
    }
}
