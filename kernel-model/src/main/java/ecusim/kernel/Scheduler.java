package ecusim.kernel;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * Fixed-priority round-robin: the highest priority with a ready thread runs; threads of equal priority
 * take turns, each for a time slice of virtual time (Fiasco.OC's default scheduler, simplified).
 */
public final class Scheduler {
    private final TreeMap<Integer, ArrayDeque<Thread>> ready = new TreeMap<>(Comparator.reverseOrder());
    private final long quantum;

    /** {@code quantum}: the time slice in cycles. */
    public Scheduler(long quantum) {
        if (quantum <= 0) throw new IllegalArgumentException("quantum must be positive: " + quantum);
        this.quantum = quantum;
    }

    public long quantum() {
        return quantum;
    }

    /** Makes a thread runnable at the back of its priority's queue with a fresh slice. */
    void enqueue(Thread thread) {
        if (thread.sliceLeft() <= 0) thread.setSliceLeft(quantum);
        ready.computeIfAbsent(thread.priority(), p -> new ArrayDeque<>()).addLast(thread);
    }

    /** Removes a thread that blocks, pauses, stops or exits. */
    void remove(Thread thread) {
        ArrayDeque<Thread> queue = ready.get(thread.priority());
        if (queue != null) {
            queue.remove(thread);
            if (queue.isEmpty()) ready.remove(thread.priority());
        }
    }

    /** The thread to run: the head of the highest non-empty priority queue, or null when none is ready. */
    Thread pick() {
        var first = ready.firstEntry();
        return first == null ? null : first.getValue().peekFirst();
    }

    /** The running thread's slice is used up: it goes to the back of its queue with a fresh slice. */
    void rotate(Thread thread) {
        remove(thread);
        thread.setSliceLeft(quantum);
        enqueue(thread);
    }
}
