package ecusim.kernel;

import ecusim.emulator.cpu.RegisterFile;

/**
 * A thread's complete state as the kernel holds it ({@link Kernel#context}, {@link Kernel#setContext}): its
 * registers, scheduling state, whether it is paused, what it waits for ({@link PendingOperation}), when that
 * wait times out (virtual time in cycles, -1 for never) and what is left of its time slice. What a parent
 * that checkpoints a child reads, and writes back into a new thread.
 */
public record ThreadContext(RegisterFile registers, ThreadState state, boolean paused, PendingOperation pending, long timeoutDeadline,
                            long sliceLeft) {}
