package ecusim.platform;

/** A snapshot that cannot be restored here: of another configuration, inconsistent, or (from a file) damaged. */
public final class SnapshotException extends Exception {
    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
