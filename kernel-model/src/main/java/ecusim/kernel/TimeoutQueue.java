package ecusim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Pending timeouts in virtual time (cycles), ordered by deadline and, for equal deadlines, by the order
 * they were armed, so expiry order is deterministic. An entry either times out a blocked thread or fires
 * an {@link Alarm}.
 */
final class TimeoutQueue {
    record Entry(long deadline, long sequence, Thread thread, Alarm alarm) {}

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline, b.deadline) : Long.compare(a.sequence, b.sequence));
    private long nextSequence;

    void arm(Thread thread, long deadline) {
        queue.add(new Entry(deadline, nextSequence++, thread, null));
    }

    void arm(Alarm alarm, long deadline) {
        queue.add(new Entry(deadline, nextSequence++, null, alarm));
    }

    /** Every pending entry, in expiry order. */
    List<Entry> entries() {
        List<Entry> all = new ArrayList<>(queue);
        all.sort(queue.comparator());
        return all;
    }

    long nextSequence() {
        return nextSequence;
    }

    /** Replaces everything with {@code entries} and the sequence counter (a restore). */
    void restore(List<Entry> entries, long nextSequence) {
        queue.clear();
        queue.addAll(entries);
        this.nextSequence = nextSequence;
    }

    /** Removes {@code thread}'s pending timeout, if any (it was woken otherwise). */
    void cancel(Thread thread) {
        queue.removeIf(e -> e.thread == thread);
    }

    void cancel(Alarm alarm) {
        queue.removeIf(e -> e.alarm == alarm);
    }

    /** The earliest deadline, or {@code Long.MAX_VALUE} when nothing is pending. */
    long nextDeadline() {
        Entry first = queue.peek();
        return first == null ? Long.MAX_VALUE : first.deadline;
    }

    /** Removes and returns the entries whose deadline is at or before {@code now}, earliest first. */
    List<Entry> expire(long now) {
        List<Entry> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().deadline <= now) due.add(queue.poll());
        return due;
    }

    /** The deadline pending for {@code thread}, or -1: a checkpoint saves remaining time, not a host clock. */
    long deadlineOf(Thread thread) {
        for (Entry e : queue) if (e.thread == thread) return e.deadline;
        return -1;
    }

    long deadlineOf(Alarm alarm) {
        for (Entry e : queue) if (e.alarm == alarm) return e.deadline;
        return -1;
    }
}
