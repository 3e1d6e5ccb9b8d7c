package ecusim.emulator.bare;

/**
 * The provisional bare-metal system calls of guest-images ({@code svc #N}, arguments in r0–r3, result in
 * r0). Replaced by the kernel's invoke ABI in the platform issue.
 */
public enum ProvisionalCall {
    /** write(r0 = bytes, r1 = length) to the console; returns the length. */
    WRITE(1),
    /** exit(r0 = code); does not return. */
    EXIT(2),
    /** marker(r0 = value): a host-visible event, e.g. a memwalk round; returns 0. */
    MARKER(3),
    /** time(): virtual time so far, r0:r1 = cycles (low, high word), r2:r3 = microseconds at the machine's clock. */
    TIME(4);

    private final int number;

    ProvisionalCall(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The call with SVC immediate {@code number}, or null. */
    public static ProvisionalCall of(int number) {
        for (ProvisionalCall call : values()) if (call.number == number) return call;
        return null;
    }
}
