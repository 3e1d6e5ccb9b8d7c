package ecusim.campaign;

/** How an experiment ended, against the golden run. */
public enum Outcome {
    /** Every component's output and exit the golden run's. */
    OK,
    /** The output or an exit differs, and nothing noticed: silent data corruption. */
    SDC,
    /**
     * The runs of a replicated (DWC or TMR) processing element differed: the detail says whether the restart
     * or the vote corrected it (the output is the golden one) or the component was stopped.
     */
    DETECTED,
    /** The kernel stopped the faulty component for a fault it raised (an abort, an undefined instruction). */
    TRAP,
    /** The faulty component neither ended nor was stopped by the time the golden run had ended it. */
    TIMEOUT,
    /** The simulator itself failed: a defect of ecusim, never a guest's doing. */
    PLATFORM
}
