package ecusim.emulator.fault;

/** A single-bit flip (a transient fault) of {@code bit} of {@code location}. */
public record Fault(FaultLocation location, int bit) {
    public Fault {
        if (bit < location.lowestBit() || bit > location.highestBit()) {
            throw new IllegalArgumentException("bit " + bit + " of " + location + " (" + location.lowestBit() + "-" + location.highestBit() + ")");
        }
    }

    @Override
    public String toString() {
        return location + " bit " + bit;
    }
}
