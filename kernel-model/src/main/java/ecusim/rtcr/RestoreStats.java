package ecusim.rtcr;

/**
 * What one restore cost, in virtual cycles: recreating the objects, copying the pages back, installing the
 * capabilities and setting the threads' state.
 */
public record RestoreStats(long sequence, int images, long atCycles, long totalCycles, long objectCycles, long memoryCycles,
                           long capabilityCycles, long threadCycles, long pagesWritten, int objects) {}
