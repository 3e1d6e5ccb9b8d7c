package ecusim.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which address spaces map each physical frame, and where: the reverse of all page tables. The kernel needs
 * it when it (or core, for the kernel) writes into a frame directly — a message into a UTCB, an image into
 * a dataspace — so that every space tracking writes to that frame marks the page dirty, shared frames in
 * each of their mappers.
 */
final class FrameMappings {
    /** One mapping of a frame: the space and the virtual page. */
    record Mapping(AddressSpace space, int va) {}

    private final Map<Long, List<Mapping>> byFrame = new HashMap<>();

    void mapped(long frame, AddressSpace space, int va) {
        byFrame.computeIfAbsent(frame, f -> new ArrayList<>(1)).add(new Mapping(space, va));
    }

    void unmapped(long frame, AddressSpace space, int va) {
        List<Mapping> list = byFrame.get(frame);
        if (list == null) return;
        list.remove(new Mapping(space, va));
        if (list.isEmpty()) byFrame.remove(frame);
    }

    void clear() {
        byFrame.clear();
    }

    /** The host wrote into {@code frame}: each tracking space that maps it marks the page dirty. */
    void written(long frame) {
        List<Mapping> list = byFrame.get(frame);
        if (list == null) return;
        for (Mapping m : list) m.space().markWritten(m.va());
    }
}
