package ecusim.kernel;

/** Error codes the kernel returns to guests, with Fiasco.OC's wire values (negated on the wire, as in L4). */
public enum L4Error {
    OK(0),
    /** The capability lacks a right the operation needs. */
    PERMISSION(1),
    /** No capability at the selector, or no object behind it. */
    NOT_FOUND(2),
    /** A quota or allocator is exhausted. */
    NO_MEMORY(12),
    /** The destination selector or page is already in use. */
    EXISTS(17),
    /** An argument is malformed. */
    INVALID(22),
    /** A selector or address lies outside the space. */
    RANGE(34),
    /** The object does not implement the operation. */
    NOSYS(38);

    private final int code;

    L4Error(int code) {
        this.code = code;
    }

    /** The positive error number; guests see its negation in the message tag. */
    public int code() {
        return code;
    }
}
