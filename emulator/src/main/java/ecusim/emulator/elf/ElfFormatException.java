package ecusim.emulator.elf;

/**
 * An ELF file was rejected. The message is one line naming the file and the problem, e.g.
 * {@code hello.elf: not an ELF file (bad magic)}, fit to show a user as is.
 */
public final class ElfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@code message} is the whole line, file name included. */
    public ElfFormatException(String message) {
        super(message);
    }
}
