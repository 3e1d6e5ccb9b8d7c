package ecusim.kernel;

/** What the kernel did about a processing element whose runs differed. */
public enum ReplicaVerdict {
    /** DWC (or TMR with no majority): the runs are thrown away and the PE runs again from its start. */
    RESTARTED,
    /** TMR: two runs agreed and their result was committed; the third was outvoted. */
    OUTVOTED,
    /** The runs differed once more than the retries allow: the thread is stopped. */
    GAVE_UP
}
