package ecusim.kernel;

/** Where a thread is in its life; only READY threads are scheduled. */
public enum ThreadState {
    /** Created, registers not set yet (no ex_regs so far). */
    INACTIVE,
    /** Runnable; waiting for or using the CPU. */
    READY,
    /** Waiting in the kernel (IPC send, receive or reply, or a timeout). */
    BLOCKED,
    /** Stopped by a fault nobody could resolve; reported, never scheduled again. */
    STOPPED,
    /** Finished on its own. */
    EXITED
}
