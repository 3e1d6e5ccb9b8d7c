package ecusim.config;

/**
 * Rejected input, located as {@code file:line} so a user can go straight to the offending element. The line is
 * 1-based, 0 when unknown (then the message reads {@code file: reason}).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    public ConfigException(String file, int line, String reason) {
        this(file, line, reason, null);
    }

    public ConfigException(String file, int line, String reason, Throwable cause) {
        super(locate(file, line) + ": " + reason, cause);
        this.file = file;
        this.line = Math.max(line, 0);
        this.reason = reason;
    }

    private static String locate(String file, int line) {
        return line > 0 ? file + ":" + line : file;
    }

    /** The display name or path of the rejected file. */
    public String file() {
        return file;
    }

    /** The 1-based line of the offending element, 0 when unknown. */
    public int line() {
        return line;
    }

    /** The reason without the location, for callers that add their own context. */
    public String reason() {
        return reason;
    }
}
