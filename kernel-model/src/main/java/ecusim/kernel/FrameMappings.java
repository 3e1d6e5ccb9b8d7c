package ecusim.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which address spaces map each physical frame, and where: the reverse of all page tables. The kernel needs
 * it when it (or core, for the kernel) writes into a frame directly — a message into a UTCB, an image into
 * a dataspace — so that every space tracking writes to that frame marks the page dirty, shared frames in
 * each of their mappers. After a restore it is rebuilt from the spaces only when a tracking space needs it.
 */
final class FrameMappings {
    /** One mapping of a frame: the space and the virtual page. */
    record Mapping(AddressSpace space, int va) {}

    private final Map<Long, List<Mapping>> byFrame = new HashMap<>();
    /** Non-null while the map is stale: the kernel's live tasks, whose spaces it is rebuilt from. */
    private List<Task> staleSince;

    void mapped(long frame, AddressSpace space, int va) {
        if (staleSince != null) return;
        byFrame.computeIfAbsent(frame, f -> new ArrayList<>(1)).add(new Mapping(space, va));
    }

    void unmapped(long frame, AddressSpace space, int va) {
        if (staleSince != null) return;
        List<Mapping> list = byFrame.get(frame);
        if (list == null) return;
        list.remove(new Mapping(space, va));
        if (list.isEmpty()) byFrame.remove(frame);
    }

    /** Forgets every mapping; when it is next needed, the map is rebuilt from the spaces of {@code liveTasks} (a restore). */
    void invalidate(List<Task> liveTasks) {
        byFrame.clear();
        staleSince = liveTasks;
    }

    /** The host wrote into {@code frame}: each tracking space that maps it marks the page dirty. */
    void written(long frame) {
        if (staleSince != null) {
            boolean anyTracking = false;
            for (Task t : staleSince) anyTracking |= t.addressSpace().tracking();
            if (!anyTracking) return; // nobody to mark: no need to know who maps what yet
            List<Task> tasks = staleSince;
            staleSince = null;
            for (Task t : tasks) {
                AddressSpace s = t.addressSpace();
                s.forEachPage((va, f, writable, executable) -> mapped(f, s, va));
            }
        }
        List<Mapping> list = byFrame.get(frame);
        if (list == null) return;
        for (Mapping m : list) m.space().markWritten(m.va());
    }
}
