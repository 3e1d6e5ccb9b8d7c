package ecusim.emulator.cost;

/** A cost file was rejected; the message names the file and line. */
public final class CostModelException extends Exception {
    public CostModelException(String message) {
        super(message);
    }
}
