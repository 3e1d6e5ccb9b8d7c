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

    /** The ready queues, highest priority first, each in order. */
    java.util.SortedMap<Integer, java.util.List<Thread>> queues() {
        java.util.SortedMap<Integer, java.util.List<Thread>> out = new TreeMap<>(Comparator.reverseOrder());
        for (var e : ready.entrySet()) out.put(e.getKey(), java.util.List.copyOf(e.getValue()));
        return out;
    }

    /** Replaces the queues (a restore); the threads keep their slices as restored. */
    void restore(java.util.Map<Integer, java.util.List<Thread>> queues) {
        ready.clear();
        for (var e : queues.entrySet()) if (!e.getValue().isEmpty()) ready.put(e.getKey(), new ArrayDeque<>(e.getValue()));
    }

    /** Makes a thread runnable at the back of its priority's queue with a fresh slice. */
    void enqueue(Thread thread) {
        if (thread.sliceLeft() <= 0) thread.setSliceLeft(quantum);
        ready.computeIfAbsent(thread.priority(), p -> new ArrayDeque<>()).addLast(thread);
    }

    /** Removes a thread that blocks, stops or exits. */
    void remove(Thread thread) {
        ArrayDeque<Thread> queue = ready.get(thread.priority());
        if (queue != null) {
            queue.remove(thread);
            if (queue.isEmpty()) ready.remove(thread.priority());
        }
    }

    /**
     * The thread to run: the first one that is not paused in the highest priority queue that has one, or null.
     * Paused threads stay where they are in their queues (usually none is paused: the scan is short).
     */
    Thread pick() {
        for (ArrayDeque<Thread> queue : ready.values()) {
            for (Thread t : queue) if (!t.paused()) return t;
        }
        return null;
    }

    /** The running thread's slice is used up: it goes to the back of its queue with a fresh slice. */
    void rotate(Thread thread) {
        remove(thread);
        thread.setSliceLeft(quantum);
        enqueue(thread);
    }
}
