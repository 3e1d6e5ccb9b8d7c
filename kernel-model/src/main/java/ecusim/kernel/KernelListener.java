package ecusim.kernel;

import ecusim.emulator.cpu.CpuEvent;

/** Observes the kernel (logs, metrics, traces live outside the model as listeners). */
public interface KernelListener {
    /** A thread was stopped by a fault nobody resolved; the rest of the ECU runs on. */
    default void threadStopped(Thread thread, CpuEvent fault) {}

    /**
     * {@code thread} makes system call {@code svc} (the SVC immediate); its registers ({@link Kernel#registersOf})
     * hold the call's arguments (r0 tag, r1 selector, r2 flags, r3 timeout for invoke).
     */
    default void systemCall(Thread thread, int svc) {}

    /** A thread exited. */
    default void threadExited(Thread thread) {}

    /**
     * {@code thread} ran on the CPU (unreplicated) from the CPU's instruction count {@code cpuInstructionsBefore},
     * when its own count was {@code threadInstructionsBefore}, to now, and {@code ended} (a system call, a fault,
     * or {@link CpuEvent.BudgetExhausted} at a slice's end or a deadline); called after every such run, before the
     * kernel handles the event. A memory-access trace drained here belongs to this run.
     */
    default void threadRan(Thread thread, long cpuInstructionsBefore, long threadInstructionsBefore, CpuEvent ended) {}

    /** The CPU switched from one thread to another (either may be null: idle). */
    default void switched(Thread from, Thread to) {}

    /**
     * Nothing can run any more: every thread that has not ended is blocked, and no timeout is pending, so
     * nothing inside the ECU can wake them. Reported once, until something runs again.
     */
    default void deadlocked(java.util.List<BlockedThread> blocked) {}

    /**
     * A fault set with {@link Kernel#injectFault} was injected into {@code thread} when it had retired
     * {@code instruction} instructions of its own, its PC at {@code pc}; {@code injected} is false when its
     * memory byte was not mapped (nothing changed).
     */
    default void faultInjected(Thread thread, ecusim.emulator.fault.Fault fault, long instruction, int pc, boolean injected) {}

    /**
     * A fault set with {@link Kernel#injectKernelFault} was applied to {@code thread}'s task when the thread had
     * retired {@code instruction} instructions; {@code injected} is false when what it names did not exist.
     */
    default void kernelFaultInjected(Thread thread, KernelObjectFault fault, long instruction, boolean injected) {}

    /**
     * The runs of processing element {@code pe} (its index among the PEs {@code thread}'s task committed) of
     * a replicated thread differed in attempt {@code attempt} (0 first), and the kernel did {@code verdict}.
     */
    default void replicasDiffered(Thread thread, long pe, int attempt, ReplicaVerdict verdict) {}

    /** The kernel stopped {@code thread} for a reason of its own (not a CPU fault), e.g. replication gave up. */
    default void threadStoppedByKernel(Thread thread, String reason) {}
}
