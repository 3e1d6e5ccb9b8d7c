package ecusim.kernel;

/**
 * What replication did for one task: processing elements committed, their instructions, runs, the PEs whose
 * runs differed (corrected by a restart or a vote, or not), pages copied and bytes compared, and the cycles
 * of each {@link PePhase}, which add up to the cycles of its PEs.
 */
public final class ReplicationStats {
    long pes, instructions, runs, mismatches, corrected, uncorrected, pagesCopied, bytesCompared;
    final long[] phaseCycles = new long[PePhase.values().length];

    public long pes() {
        return pes;
    }

    /** Instructions of committed PEs: the thread's progress, each counted once. */
    public long instructions() {
        return instructions;
    }

    /** Runs of PEs, restarts included. */
    public long runs() {
        return runs;
    }

    /** PEs whose runs differed at least once. */
    public long mismatches() {
        return mismatches;
    }

    /** Of those, committed after a restart (DWC) or by a majority (TMR). */
    public long corrected() {
        return corrected;
    }

    /** Of those, given up: the thread was stopped. */
    public long uncorrected() {
        return uncorrected;
    }

    public long pagesCopied() {
        return pagesCopied;
    }

    public long bytesCompared() {
        return bytesCompared;
    }

    public long cycles(PePhase phase) {
        return phaseCycles[phase.ordinal()];
    }

    /** Cycles of every phase together. */
    public long totalCycles() {
        long sum = 0;
        for (long c : phaseCycles) sum += c;
        return sum;
    }

    /** Its counters in a fixed order (a snapshot): pes, instructions, runs, mismatches, corrected, uncorrected, pages, bytes, then phases. */
    public long[] toArray() {
        long[] out = new long[8 + phaseCycles.length];
        long[] head = {pes, instructions, runs, mismatches, corrected, uncorrected, pagesCopied, bytesCompared};
        System.arraycopy(head, 0, out, 0, 8);
        System.arraycopy(phaseCycles, 0, out, 8, phaseCycles.length);
        return out;
    }

    /** The names of {@link #toArray()}'s values, in its order, as reports use them. */
    public static java.util.List<String> names() {
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of("pes", "instructions", "runs", "mismatches", "corrected",
                "uncorrected", "pages_copied", "bytes_compared"));
        for (PePhase p : PePhase.values()) out.add(p.key() + "_cycles");
        return out;
    }

    /** Counters as {@link #toArray()} gave them (a report reading a component's kept statistics). */
    public static ReplicationStats of(java.util.List<Long> values) {
        ReplicationStats s = new ReplicationStats();
        s.restore(values.stream().mapToLong(Long::longValue).toArray());
        return s;
    }

    void restore(long[] values) {
        if (values.length != 8 + phaseCycles.length) throw new IllegalArgumentException("replication counters: " + values.length + " values");
        pes = values[0];
        instructions = values[1];
        runs = values[2];
        mismatches = values[3];
        corrected = values[4];
        uncorrected = values[5];
        pagesCopied = values[6];
        bytesCompared = values[7];
        System.arraycopy(values, 8, phaseCycles, 0, phaseCycles.length);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("pes=" + pes + " instructions=" + instructions + " runs=" + runs + " mismatches=" + mismatches
                + " corrected=" + corrected + " uncorrected=" + uncorrected + " pages_copied=" + pagesCopied + " bytes_compared=" + bytesCompared);
        for (PePhase p : PePhase.values()) b.append(' ').append(p.key()).append('=').append(phaseCycles[p.ordinal()]);
        return b.toString();
    }
}
