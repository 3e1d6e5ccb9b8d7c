package ecusim.kernel;

import ecusim.emulator.cpu.CpuEvent;

/**
 * Serves a thread's system call. The kernel's invoke ABI plugs in here; tests and the provisional bare ABI
 * use simpler handlers. Runs with the thread's registers on the CPU.
 */
public interface SystemCallHandler {
    /** What the calling thread does next. */
    enum Outcome {
        /** Continue running (the handler may have written result registers). */
        CONTINUE,
        /** Give up the rest of the time slice. */
        YIELD,
        /** The thread waits in the kernel until something readies it. */
        BLOCK,
        /** The thread has finished. */
        EXIT,
        /** The thread was ended while its call was served (its task exited): nothing more to do. */
        ENDED,
        /** Not a system call this kernel knows: an exception, for the exception handler or to stop the thread. */
        FAULT
    }

    Outcome handle(Kernel kernel, Thread thread, CpuEvent.SystemCall call);
}
