package ecusim.kernel;

/**
 * Where the virtual time of a replicated thread goes, phase by phase, as in the DWC breakdown of Tokponnon
 * and Lobelle (FOSDEM 2017): the first run, the kernel's work to restart the PE for the next run (registers
 * back, fresh copies of the pages the first run changed), the cache flush, the later runs, and comparing and
 * committing. ROLLBACK is everything spent on runs of a PE that were thrown away after a mismatch.
 */
public enum PePhase {
    FIRST_RUN("first_run"), RESTART("restart"), CACHE_FLUSH("cache_flush"), SECOND_RUN("second_run"),
    VERIFY_COMMIT("verify_commit"), ROLLBACK("rollback");

    private final String key;

    PePhase(String key) {
        this.key = key;
    }

    /** Its name in reports (JSON, CSV). */
    public String key() {
        return key;
    }
}
