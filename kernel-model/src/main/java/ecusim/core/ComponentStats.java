package ecusim.core;

/** What one component did, as reported in a run's metrics. RAM figures are bytes. */
public record ComponentStats(long instructions, long cycles, long systemCalls, long ipcs, long ipcSendWaits, long pageFaults, long tlbFlushes,
        long ramUsed, long ramPeak, long ramQuota, int mappedPages) {}
