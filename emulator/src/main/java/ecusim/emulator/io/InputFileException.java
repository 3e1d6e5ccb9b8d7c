package ecusim.emulator.io;

import java.nio.file.Path;

/** A file the user named cannot be used: the message is {@code path: reason}, one line. */
public final class InputFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String reason;

    public InputFileException(Path path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public Path path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String reason() {
        return reason;
    }
}
