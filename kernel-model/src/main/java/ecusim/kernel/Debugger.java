package ecusim.kernel;

/**
 * A debugger attached to the kernel (a GDB stub, for instance): it is told when one of the threads it
 * debugs stops at a breakpoint or after a single step, and looks at it then. It is called on the kernel's
 * own thread from inside {@link Kernel#run}, so the whole ECU stands still in virtual time while it looks:
 * no cycle passes, no other thread runs.
 */
public interface Debugger {
    /** Why a debugged thread stopped. */
    enum Stop {
        /** Its next instruction is a BKPT (a breakpoint the debugger wrote): the PC is at it, nothing of it ran. */
        BREAKPOINT,
        /** It ran the one instruction {@link Resume#STEP} asked for (and whatever that instruction made the kernel do). */
        STEPPED
    }

    /** How a stopped thread goes on. */
    enum Resume {
        CONTINUE,
        /** Exactly one instruction of this thread, then {@link Stop#STEPPED}. */
        STEP
    }

    /** Whether {@code thread} is one this debugger debugs; only those stop for it. */
    boolean debugs(Thread thread);

    /** {@code thread} stopped; returns once the debugger lets it go on. */
    Resume stopped(Thread thread, Stop why);
}
