package ecusim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task's capability space: selectors 0..capacity-1, each empty or holding a {@link Capability}. Guests
 * name objects only through it, so a task cannot reach an object it was not given. Capabilities enter and
 * leave only through the {@link MappingDatabase}, which keeps track of where each came from.
 */
public final class CapSpace {
    /** One occupied selector: the capability and its node in the mapping database. */
    record Slot(Capability capability, MappingDatabase.Node node) {}

    private final String owner;
    private final int capacity;
    private final TreeMap<Integer, Slot> slots = new TreeMap<>();

    public CapSpace(String owner, int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.owner = owner;
        this.capacity = capacity;
    }

    /** Who owns this space, for messages (e.g. the task's name). */
    public String owner() {
        return owner;
    }

    public int capacity() {
        return capacity;
    }

    public boolean inRange(int selector) {
        return selector >= 0 && selector < capacity;
    }

    /** The capability at {@code selector}, or null when it is empty or out of range. */
    public Capability lookup(int selector) {
        Slot slot = slots.get(selector);
        return slot == null ? null : slot.capability();
    }

    /** A selector entry, as enumerated for checkpoints: selector, object, rights. */
    public record Entry(int selector, Capability capability) {}

    /** Every occupied selector in ascending order. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(slots.size());
        for (Map.Entry<Integer, Slot> e : slots.entrySet()) out.add(new Entry(e.getKey(), e.getValue().capability()));
        return out;
    }

    public int size() {
        return slots.size();
    }

    Slot slot(int selector) {
        return slots.get(selector);
    }

    void put(int selector, Slot slot) {
        slots.put(selector, slot);
    }

    /** The derivation node of an occupied selector (a capture), or null. */
    MappingDatabase.Node node(int selector) {
        Slot slot = slots.get(selector);
        return slot == null ? null : slot.node();
    }

    void clear(int selector) {
        slots.remove(selector);
    }

    @Override
    public String toString() {
        return "CapSpace(" + owner + ", " + slots.size() + "/" + capacity + ")";
    }
}
