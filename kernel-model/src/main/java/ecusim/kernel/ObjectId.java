package ecusim.kernel;

/**
 * The stable identity of a kernel object: assigned by its ECU's kernel in creation order, so it is the same
 * in every run of a scenario and survives serialization (checkpoint images refer to objects by it).
 */
public record ObjectId(long value) implements Comparable<ObjectId> {
    @Override
    public int compareTo(ObjectId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return "#" + value;
    }
}
