package ecusim.emulator.bare;

/** The image (or the stack and heap asked for) does not fit into the bare machine's RAM. */
public final class BareLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public BareLoadException(String message) {
        super(message);
    }
}
