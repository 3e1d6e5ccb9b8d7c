package ecusim.emulator.elf;

/** An ELF file was rejected; the message names the file and the problem in one line. */
public final class ElfFormatException extends Exception {
    public ElfFormatException(String message) {
        super(message);
    }
}
