package ecusim.gdb;

/** Where a GDB stub listens: {@code HOST:PORT}, e.g. {@code 127.0.0.1:1234} (port 0: any free one). */
public record GdbAddress(String host, int port) {
    /** Parses {@code HOST:PORT}; the message of the exception says what is wrong. */
    public static GdbAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("--gdb " + text + ": expected HOST:PORT, e.g. 127.0.0.1:1234");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--gdb " + text + ": the port is not a number");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--gdb " + text + ": the port must be from 0 to 65535");
        return new GdbAddress(text.substring(0, colon), port);
    }
}
