package ecusim.kernel;

/**
 * The outcome of creating a kernel object: the object, or why it could not be created (an error value for
 * the guest, and a sentence for the log). Creation fails when a quota, the ECU's RAM or a kernel resource
 * such as the ASIDs is exhausted; callers must look.
 */
public record Created<T>(T object, L4Error error, String reason) {
    public static <T> Created<T> ok(T object) {
        return new Created<>(object, L4Error.OK, "");
    }

    public static <T> Created<T> refused(L4Error error, String reason) {
        if (error == L4Error.OK) throw new IllegalArgumentException("a refusal needs an error");
        return new Created<>(null, error, reason);
    }

    public boolean ok() {
        return error == L4Error.OK;
    }
}
