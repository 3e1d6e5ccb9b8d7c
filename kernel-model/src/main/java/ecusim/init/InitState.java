package ecusim.init;

import java.util.List;

/**
 * Init's state as data: the RAM it has not given away, each child (in the configuration's order) with its
 * component (core's index, -1 if it did not start), the services it announced and the sessions it holds —
 * the parent protocol's session table — and session requests waiting for a server to announce.
 */
public record InitState(long ramAvailable, List<SavedChild> children, List<SavedRequest> requests) {
    /** One child; {@code java}: a Java component's own state ({@link JavaComponent#capture}), null for an ELF image's. */
    public record SavedChild(String name, long parentGate, int component, List<SavedAnnounce> announced, List<SavedSession> sessions,
                             int nextSessionId, byte[] java) {}

    public record SavedAnnounce(String service, long gate) {}

    /**
     * One session of a child: its id in the parent protocol, the service, the label the child gave, the gate the
     * child invokes, whether core provides it, the RAM donated to it, and the serving child's index (-1 for core).
     */
    public record SavedSession(int id, String service, String label, long gate, boolean core, long quota, int server) {}

    public record SavedRequest(int client, long caller, String service, String label, int server, long quota) {}
}
