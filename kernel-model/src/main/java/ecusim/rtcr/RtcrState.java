package ecusim.rtcr;

import ecusim.rtcr.CheckpointImage.AttachmentImage;
import java.util.List;

/**
 * Rtcr's whole state as data, for an ECU snapshot ({@link RtcrSnapshots}): its identities, each child's
 * records (what its sessions handed out and where it stands), the checkpointer's place in its series, the
 * image chains it holds, and what its checkpoints and restores cost. Kernel objects are named by their ids,
 * components by core's index; a session between two children by the client's index and session id.
 */
public record RtcrState(long groupOffsetCycles, long nextId, List<IdEntry> ids, List<ChildState> children, CheckpointerState checkpointer,
                        List<byte[]> chain, List<byte[]> received, List<CheckpointStats> checkpointStats, List<RestoreStats> restoreStats) {

    /** Identity {@code id}: kernel object {@code kernelObject}, or (when that is 0) session {@code sessionId} of child {@code child}. */
    public record IdEntry(long id, long kernelObject, int child, int sessionId) {}

    public record ChildState(String name, boolean exited, int component, long parentGate, long pdGate, long rmGate, long cpuGate,
                             List<DataspaceState> dataspaces, List<AttachmentImage> attachments, List<ThreadEntry> threads,
                             List<EndpointEntry> endpoints, List<SessionState> sessions, List<AnnounceEntry> announced,
                             List<PendingEntry> pending, List<Long> touched, int sessionRequests, int nextSessionId) {}

    /** A dataspace by its capability's gate; a designated one with its tiles' gates, tile size and marked tiles. */
    public record DataspaceState(long id, long gate, String rom, long session, List<Long> tiles, int tileBytes, List<Integer> marked) {}

    public record ThreadEntry(long id, long thread, String name, int priority) {}

    public record EndpointEntry(long id, long object, long receiver, int label) {}

    /** A session: Rtcr's gate, core's session it forwards to, a Timer's signal, alarm and sleeps; or another child's service. */
    public record SessionState(int sessionId, long id, String service, String label, long quota, long gate, long coreSession, long signal,
                               long alarm, List<SleepEntry> sleeps, String server) {}

    public record SleepEntry(long thread, long alarm) {}

    public record AnnounceEntry(String service, long gate) {}

    public record PendingEntry(long caller, String service, String label, long quota) {}

    public record CheckpointerState(long sequence, String lastDigest, boolean tracking, List<Long> imaged, long faultsAtLastImage,
                                    List<CheckpointImage.PageIndex> versions) {}
}
