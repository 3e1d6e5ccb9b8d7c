package ecusim.kernel;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * Fixed-priority round-robin: the highest priority with a ready thread runs; threads of equal priority
 * take turns, each for a time slice of virtual time (Fiasco.OC's default scheduler, simplified).
 */
public final class Scheduler {
    private static final int PRIORITIES = 256;
    /** One queue per priority (created when first used); a bit per priority that has a ready thread. */
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Thread>[] ready = new ArrayDeque[PRIORITIES];
    private final long[] occupied = new long[PRIORITIES / 64];
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
        for (int p = PRIORITIES - 1; p >= 0; p--) if (isOccupied(p)) out.put(p, java.util.List.copyOf(ready[p]));
        return out;
    }

    /** Replaces the queues (a restore); the threads keep their slices as restored. */
    void restore(java.util.Map<Integer, java.util.List<Thread>> queues) {
        for (int p = 0; p < PRIORITIES; p++) if (ready[p] != null) ready[p].clear();
        java.util.Arrays.fill(occupied, 0);
        for (var e : queues.entrySet()) {
            for (Thread t : e.getValue()) append(e.getKey(), t);
        }
    }

    /** Makes a thread runnable at the back of its priority's queue with a fresh slice. */
    void enqueue(Thread thread) {
        if (thread.sliceLeft() <= 0) thread.setSliceLeft(quantum);
        append(thread.priority(), thread);
    }

    private void append(int priority, Thread thread) {
        if (ready[priority] == null) ready[priority] = new ArrayDeque<>();
        ready[priority].addLast(thread);
        occupied[priority >>> 6] |= 1L << priority;
    }

    private boolean isOccupied(int priority) {
        return (occupied[priority >>> 6] & 1L << priority) != 0;
    }

    /** Removes a thread that blocks, stops or exits. */
    void remove(Thread thread) {
        int p = thread.priority();
        ArrayDeque<Thread> queue = ready[p];
        if (queue != null && queue.remove(thread) && queue.isEmpty()) occupied[p >>> 6] &= ~(1L << p);
    }

    /**
     * The thread to run: the first one that is not paused in the highest priority queue that has one, or null.
     * Paused threads stay where they are in their queues (usually none is paused: the scan is short).
     */
    Thread pick() {
        for (int word = occupied.length - 1; word >= 0; word--) {
            long bits = occupied[word];
            while (bits != 0) {
                int p = word * 64 + 63 - Long.numberOfLeadingZeros(bits);
                for (Thread t : ready[p]) if (!t.paused()) return t;
                bits &= ~(1L << p);
            }
        }
        return null;
    }

    /**
     * The running thread's slice is used up: it goes to the back of its queue, and its next slice ends a
     * quantum after the one that ended (the part of an instruction it ran past the end is taken from the
     * next slice), so slice ends keep to a grid of quanta whether or not the kernel stopped at each of them.
     * A thread that ran several quanta alone at its priority passes several ends at once.
     */
    void expire(Thread thread) {
        remove(thread);
        long left = thread.sliceLeft();
        if (left <= 0) left += ((-left) / quantum + 1) * quantum;
        thread.setSliceLeft(left);
        enqueue(thread);
    }

    /**
     * Whether {@code thread}, the one picked, is the only one in its priority's queue: then the end of its
     * slice changes nothing (it would be rotated behind itself), and the kernel need not stop there. Another
     * thread becomes ready, or a paused one resumes, only when the kernel runs (a system call, a fault, a
     * timeout, the end of a run), and every one of those stops the CPU anyway.
     */
    boolean aloneAtItsPriority(Thread thread) {
        ArrayDeque<Thread> queue = ready[thread.priority()];
        return queue != null && queue.size() == 1;
    }

    /** The running thread yields: it goes to the back of its queue with a fresh slice. */
    void rotate(Thread thread) {
        remove(thread);
        thread.setSliceLeft(quantum);
        enqueue(thread);
    }
}
