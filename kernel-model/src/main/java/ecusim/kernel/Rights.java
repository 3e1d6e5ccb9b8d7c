package ecusim.kernel;

/**
 * Capability rights, as in Fiasco.OC's flexpage rights for object capabilities: R (read, e.g. receive on
 * a gate), W (write, e.g. invoke), S (special, e.g. map further or control), D (delete). Immutable.
 */
public record Rights(int bits) {
    public static final int R = 1, W = 2, S = 4, D = 8;
    public static final Rights NONE = new Rights(0);
    public static final Rights ALL = new Rights(R | W | S | D);
    public static final Rights RW = new Rights(R | W);

    public Rights {
        if ((bits & ~ALL_BITS) != 0) throw new IllegalArgumentException("unknown rights bits 0x" + Integer.toHexString(bits));
    }

    private static final int ALL_BITS = 15;

    /** Rights written as letters, e.g. {@code "rws"}. */
    public static Rights parse(String letters) {
        int bits = 0;
        for (char c : letters.toCharArray()) {
            bits |= switch (c) {
                case 'r' -> R;
                case 'w' -> W;
                case 's' -> S;
                case 'd' -> D;
                default -> throw new IllegalArgumentException("unknown right '" + c + "' in '" + letters + "'");
            };
        }
        return new Rights(bits);
    }

    /** The rights both have: mapping can only reduce rights, never add them. */
    public Rights intersect(Rights mask) {
        return new Rights(bits & mask.bits);
    }

    public boolean has(int right) {
        return (bits & right) == right;
    }

    @Override
    public String toString() {
        return (has(R) ? "r" : "-") + (has(W) ? "w" : "-") + (has(S) ? "s" : "-") + (has(D) ? "d" : "-");
    }
}
