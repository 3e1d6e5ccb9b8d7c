package ecusim.rtcr;

/** A checkpoint that cannot be taken, or an image (chain) that cannot be restored here; nothing changed. */
public final class CheckpointException extends Exception {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
