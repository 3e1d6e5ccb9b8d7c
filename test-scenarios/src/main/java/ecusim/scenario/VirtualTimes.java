package ecusim.scenario;

import java.math.BigDecimal;

/** Virtual time as people read it in reports: milliseconds, with microseconds only where they are not zero. */
public final class VirtualTimes {
    private VirtualTimes() {}

    /** {@code 100000} → {@code "100 ms"}, {@code 134567} → {@code "134.567 ms"}, {@code 1500} → {@code "1.5 ms"}. */
    public static String format(long micros) {
        return BigDecimal.valueOf(micros, 3).stripTrailingZeros().toPlainString() + " ms";
    }

    /**
     * A virtual time as a person writes it on the command line: a whole or decimal number with a unit,
     * {@code us}, {@code ms} or {@code s} ({@code "40ms"}, {@code "1.5ms"}, {@code "250us"}), in microseconds.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static long parse(String text) {
        String t = text.strip();
        int unitAt = 0;
        while (unitAt < t.length() && (Character.isDigit(t.charAt(unitAt)) && t.charAt(unitAt) < 128 || t.charAt(unitAt) == '.')) unitAt++;
        String number = t.substring(0, unitAt), unit = t.substring(unitAt).strip();
        long scale = switch (unit) {
            case "us" -> 1;
            case "ms" -> 1_000;
            case "s" -> 1_000_000;
            default -> throw new IllegalArgumentException("'" + text + "' is no virtual time: give a number and a unit, us, ms or s (e.g. 40ms)");
        };
        BigDecimal micros;
        try {
            micros = new BigDecimal(number).multiply(BigDecimal.valueOf(scale));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is no virtual time: '" + number + "' is not a number");
        }
        if (micros.stripTrailingZeros().scale() > 0) throw new IllegalArgumentException("'" + text + "' is not a whole number of microseconds");
        if (micros.compareTo(BigDecimal.valueOf(TimeAttributes.MAX_MICROS)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is later than the latest virtual time a scenario may run to (" + format(TimeAttributes.MAX_MICROS) + ")");
        }
        return micros.longValueExact();
    }
}
