package ecusim.core;

/** A component cannot be created: unknown or malformed binary, or a quota too small for its image. */
public final class ComponentException extends Exception {
    public ComponentException(String message) {
        super(message);
    }
}
