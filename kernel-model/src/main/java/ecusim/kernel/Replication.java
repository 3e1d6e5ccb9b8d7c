package ecusim.kernel;

/**
 * How a task's threads are replicated: each runs in processing elements (PEs) of at most {@code peBudget}
 * instructions, each PE run {@code mode.runs()} times from the same registers and memory, and the runs
 * compared. DWC (dual execution with comparison, as in NOVA/Genode's DWC by Tokponnon and Lobelle) restarts a
 * PE whose two runs differ, up to {@code retries} times; TMR runs three and commits the majority, restarting
 * only when all three differ. {@code cacheFlush} charges a cache clean and invalidate before each run after
 * the first, as the DWC implementation does so that the second run cannot reuse what the first cached.
 */
public record Replication(Mode mode, long peBudget, int retries, boolean cacheFlush) {
    /** The NOVA implementation's PE length, in instructions. */
    public static final long DEFAULT_PE_BUDGET = 0x100000;
    public static final int DEFAULT_RETRIES = 3;

    public enum Mode {
        DWC(2), TMR(3);

        private final int runs;

        Mode(int runs) {
            this.runs = runs;
        }

        /** Runs of each processing element. */
        public int runs() {
            return runs;
        }
    }

    public Replication {
        if (mode == null) throw new IllegalArgumentException("no replication mode");
        if (peBudget < 1) throw new IllegalArgumentException("a processing element must allow at least one instruction: " + peBudget);
        if (retries < 0) throw new IllegalArgumentException("negative retries: " + retries);
    }

    public static Replication dwc() {
        return new Replication(Mode.DWC, DEFAULT_PE_BUDGET, DEFAULT_RETRIES, false);
    }
}
