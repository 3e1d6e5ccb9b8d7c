package ecusim.platform;

/** A snapshot file that cannot be read: not one, of another format or layout, truncated or damaged, at {@link #offset()}. */
public final class SnapshotFormatException extends Exception {
    private final long offset;

    public SnapshotFormatException(String message, long offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Where in the file the problem is. */
    public long offset() {
        return offset;
    }
}
