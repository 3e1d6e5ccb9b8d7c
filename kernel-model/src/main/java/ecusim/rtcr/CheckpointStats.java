package ecusim.rtcr;

/**
 * What one checkpoint cost, in virtual cycles (CRIU's statistics are the model): the time the group was
 * frozen and each phase, the pages looked at, skipped as clean and written, and the image's size.
 *
 * @param frozenCycles     from the first pause to the last resume
 * @param serializeCycles  encoding the image: inside the frozen time in direct mode, after it in buffered mode
 * @param trackingFaults   the children's page faults since the previous checkpoint (tracking faults among them)
 */
public record CheckpointStats(long sequence, boolean incremental, long atCycles, long frozenCycles, long pauseCycles, long capabilityCycles,
                              long metadataCycles, long copyCycles, long serializeCycles, int threads, int capabilities, long pagesScanned,
                              long pagesSkipped, long pagesWritten, long bytesCopied, long imageBytes, long trackingFaults) {}
