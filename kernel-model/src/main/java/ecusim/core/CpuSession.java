package ecusim.core;

import ecusim.emulator.cpu.RegisterFile;
import ecusim.kernel.Created;
import ecusim.kernel.L4Error;
import ecusim.kernel.Thread;

/**
 * A CPU session (Genode's Cpu_session) as typed operations: threads of the component, at most at its
 * priority, with core as their pager; starting, pausing and resuming them, and their registers.
 */
public interface CpuSession {
    Created<Thread> createThread(String name, int priority);

    /**
     * As {@link #createThread(String, int)}, its UTCB at {@code utcbAddress} (Genode's {@code create_thread}
     * takes the UTCB too): a parent restoring a child puts each thread's UTCB back where it was.
     */
    default Created<Thread> createThread(String name, int priority, int utcbAddress) {
        return Created.refused(L4Error.NOSYS, "this CPU session places no UTCB");
    }

    /** Sets PC (bit 0: Thumb) and SP, each unless 0xffffffff, of a thread of the session; starts an inactive one. */
    L4Error start(Thread thread, int pc, int sp);

    L4Error pause(Thread thread);

    L4Error resume(Thread thread);

    /** The registers of a started thread, or null. */
    RegisterFile state(Thread thread);

    /** Writes the flags, the Thumb bit and the general registers of a started thread (it stays in user mode). */
    L4Error setState(Thread thread, RegisterFile registers);
}
