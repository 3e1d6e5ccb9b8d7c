package ecusim.kernel;

import ecusim.emulator.cpu.RegisterFile;
import java.util.List;

/**
 * Everything the kernel holds, as data: every kernel object with its identity and state, the scheduler's
 * queues in order, the timeout queue with its tie-break sequence, the current thread, and the counters that
 * hand out identities. Object references are object ids (0 for none); Java servers of gates and the quotas
 * of tasks and factories are named, so another ECU's core and init can be linked in their place.
 * {@link KernelSnapshots} captures and restores it.
 */
public record KernelState(long nextObjectId, long nextTimeoutSequence, boolean deadlockReported, long idleCycles, long currentThread,
                          long currentTask, long steppingThread, int steppingPage, List<SavedTask> tasks, List<SavedThread> threads, List<SavedGate> gates,
                          List<SavedIrq> irqs, List<SavedAlarm> alarms, List<SavedFactory> factories,
                          List<SavedQueue> readyQueues, List<SavedTimeout> timeouts) {

    /** A task: its address space (page tables live in RAM, in frames the task owns), capabilities and kernel memory. */
    public record SavedTask(long id, String name, String quota, int asid, long l1Base, List<Long> trackedRanges,
                            long tlbFlushes, List<SavedPage> pages, int capCapacity, List<SavedSlot> slots,
                            List<SavedFrames> memory, List<Long> freeL2Tables, long charged, SavedReplication replication) {}

    /**
     * How a task's threads are replicated and what replication did so far ({@link ReplicationStats#toArray()}).
     * No processing element is ever half done between two runs of the kernel, so nothing else is in flight.
     */
    public record SavedReplication(String mode, long peBudget, int retries, boolean cacheFlush, long[] counters) {}

    /** One mapped page and its shadow bits. */
    public record SavedPage(int va, long frame, boolean writable, boolean executable, boolean accessed, boolean dirty,
                            boolean writeProtected, boolean writing) {}

    /**
     * One occupied capability selector: the object, the rights, and where it came from in the mapping database
     * (its parent's task and selector, or 0/-1 for a root) and its place among its parent's children.
     */
    public record SavedSlot(int selector, long object, int rights, long parentTask, int parentSelector, int childIndex) {}

    /** A run of frames a task took for its tables and UTCBs. */
    public record SavedFrames(long first, int pages) {}

    public record SavedThread(long id, String name, long task, int priority, int utcbAddress, long utcbFrame, String state,
                              RegisterFile registers, long sliceLeft, boolean paused, SavedPending pending, long replyTo,
                              List<Long> senders, List<Long> irqs, long pager, long exceptionHandler, boolean resultsOwed,
                              SavedStats stats) {}

    /** A pending operation ({@link PendingOperation}) with its references as ids. */
    public record SavedPending(String kind, long partner, long gate, int tag, boolean call, int timeoutUs, long irq,
                               SavedEvent fault) {}

    /** A CPU event kept with a pending page fault (a data or prefetch abort), for when the pager gives up. */
    public record SavedEvent(String type, int pc, int start, int length, boolean read, boolean write, int faultAddress,
                             String faultKind, String instruction) {}

    public record SavedStats(long instructions, long cycles, long systemCalls, long ipcs, long pageFaults, long sendWaits) {}

    /** An IPC gate: bound to a thread (by id) or to a Java server (by name). */
    public record SavedGate(long id, int label, long boundThread, String server) {}

    public record SavedIrq(long id, long attached, int label, int pending) {}

    public record SavedAlarm(long id, long irq, long replyTo, long period, boolean armed) {}

    public record SavedFactory(long id, int limit, int created, String quota, List<Long> createdObjects, boolean retired) {}

    /** One priority's ready queue, in order. */
    public record SavedQueue(int priority, List<Long> threads) {}

    /** A pending timeout: of a blocked thread or an alarm, with its deadline and tie-break sequence. */
    public record SavedTimeout(long deadline, long sequence, long thread, long alarm) {}
}
