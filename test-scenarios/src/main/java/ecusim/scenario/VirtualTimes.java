package ecusim.scenario;

import java.math.BigDecimal;

/** Virtual time as people read it in reports: milliseconds, with microseconds only where they are not zero. */
public final class VirtualTimes {
    private VirtualTimes() {}

    /** {@code 100000} → {@code "100 ms"}, {@code 134567} → {@code "134.567 ms"}, {@code 1500} → {@code "1.5 ms"}. */
    public static String format(long micros) {
        return BigDecimal.valueOf(micros, 3).stripTrailingZeros().toPlainString() + " ms";
    }
}
