package ecusim.emulator.fault;

/**
 * A fault of {@code bit} of {@code location}: a single-bit flip (transient), or the bit stuck at 0 or 1 for
 * {@code duration} instructions of the thread it hits (an intermittent fault) or for good
 * ({@link #PERMANENT}): it is held before each of that thread's instructions, so whatever the thread writes
 * there, the thread reads the bit as stuck until the fault ends (others sharing a stuck memory byte may see
 * a store before it is held again).
 */
public record Fault(FaultLocation location, int bit, Kind kind, long duration) {
    /** What the fault does to its bit. */
    public enum Kind { FLIP, STUCK_AT_0, STUCK_AT_1 }

    /** The duration of a stuck-at fault that never ends. */
    public static final long PERMANENT = Long.MAX_VALUE;

    public Fault {
        if (bit < location.lowestBit() || bit > location.highestBit()) {
            throw new IllegalArgumentException("bit " + bit + " of " + location + " (" + location.lowestBit() + "-" + location.highestBit() + ")");
        }
        if (kind == Kind.FLIP ? duration != 0 : duration < 1) {
            throw new IllegalArgumentException(kind == Kind.FLIP ? "a flip has no duration" : "a stuck-at fault lasts at least one instruction, not " + duration);
        }
    }

    /** A single-bit flip. */
    public Fault(FaultLocation location, int bit) {
        this(location, bit, Kind.FLIP, 0);
    }

    /** {@code bit} of {@code location} stuck at {@code value} (0 or 1) for {@code duration} instructions, or {@link #PERMANENT}. */
    public static Fault stuckAt(FaultLocation location, int bit, int value, long duration) {
        if (value != 0 && value != 1) throw new IllegalArgumentException("stuck at " + value + ": 0 or 1");
        return new Fault(location, bit, value == 0 ? Kind.STUCK_AT_0 : Kind.STUCK_AT_1, duration);
    }

    /** The value a stuck-at fault holds its bit at. */
    public int stuckValue() {
        if (kind == Kind.FLIP) throw new IllegalStateException("a flip holds no value");
        return kind == Kind.STUCK_AT_1 ? 1 : 0;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FLIP -> location + " bit " + bit;
            case STUCK_AT_0, STUCK_AT_1 -> location + " bit " + bit + " stuck at " + stuckValue()
                    + (duration == PERMANENT ? " for good" : " for " + duration + (duration == 1 ? " instruction" : " instructions"));
        };
    }
}
