package ecusim.core;

import java.util.List;

/**
 * What one component did, as reported in a run's metrics. RAM figures are bytes. {@code replication} is its
 * task's {@link ecusim.kernel.ReplicationStats#toArray()} when its threads are replicated, else empty.
 */
public record ComponentStats(long instructions, long cycles, long systemCalls, long ipcs, long ipcSendWaits, long pageFaults, long tlbFlushes,
        long ramUsed, long ramPeak, long ramQuota, int mappedPages, List<Long> replication) {
    public ComponentStats {
        replication = List.copyOf(replication);
    }
}
