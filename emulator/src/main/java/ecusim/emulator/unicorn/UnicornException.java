package ecusim.emulator.unicorn;

/** A Unicorn call returned an error; carries the {@code uc_err} code and {@code uc_strerror}'s text. */
public final class UnicornException extends RuntimeException {
    private final int error;

    UnicornException(String operation, int error, String text) {
        super(operation + " failed: " + text + " (uc_err " + error + ")");
        this.error = error;
    }

    /** The raw {@code uc_err} value. */
    public int error() {
        return error;
    }
}
