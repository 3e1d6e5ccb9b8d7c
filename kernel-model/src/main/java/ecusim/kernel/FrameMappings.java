package ecusim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Which address spaces map each physical frame, and where: the reverse of all page tables. The kernel needs
 * it when it (or core, for the kernel) writes into a frame directly — a message into a UTCB, an image into
 * a dataspace — so that every space tracking writes to that frame marks the page dirty, shared frames in
 * each of their mappers. After a restore it is rebuilt from the spaces only when a tracking space needs it.
 */
final class FrameMappings {
    /** One mapping of a frame: the space and the virtual page. */
    record Mapping(AddressSpace space, int va) {}

    /**
     * Mappings per frame, indexed by page number in two levels (4 MiB chunks, created when first used): the
     * host writes into a UTCB on every IPC, so the lookup is an array access, not a hash of a boxed key.
     */
    @SuppressWarnings("unchecked")
    private final List<Mapping>[][] byFrame = new List[1 << 10][];
    /** Non-null while the map is stale: the kernel's live tasks, whose spaces it is rebuilt from. */
    private List<Task> staleSince;

    @SuppressWarnings("unchecked")
    void mapped(long frame, AddressSpace space, int va) {
        if (staleSince != null) return;
        int page = (int) (frame >>> 12);
        List<Mapping>[] chunk = byFrame[page >>> 10];
        if (chunk == null) chunk = byFrame[page >>> 10] = new List[1 << 10];
        if (chunk[page & 1023] == null) chunk[page & 1023] = new ArrayList<>(1);
        chunk[page & 1023].add(new Mapping(space, va));
    }

    void unmapped(long frame, AddressSpace space, int va) {
        if (staleSince != null) return;
        List<Mapping> list = of(frame);
        if (list == null) return;
        list.remove(new Mapping(space, va));
        if (list.isEmpty()) byFrame[(int) (frame >>> 22)][(int) (frame >>> 12) & 1023] = null;
    }

    /** Forgets every mapping; when it is next needed, the map is rebuilt from the spaces of {@code liveTasks} (a restore). */
    void invalidate(List<Task> liveTasks) {
        java.util.Arrays.fill(byFrame, null);
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
        List<Mapping> list = of(frame);
        if (list == null) return;
        for (Mapping m : list) m.space().markWritten(m.va());
    }

    private List<Mapping> of(long frame) {
        List<Mapping>[] chunk = byFrame[(int) (frame >>> 22)];
        return chunk == null ? null : chunk[(int) (frame >>> 12) & 1023];
    }
}
