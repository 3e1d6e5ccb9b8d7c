package ecusim.config;

import java.util.OptionalLong;

/**
 * Genode's notation for byte sizes: decimal digits with an optional binary suffix K, M or G (either case), as in
 * {@code quantum="64K"}. Anything else is rejected rather than guessed, so "64KB" or "1.5M" is an error.
 */
public final class Sizes {
    private Sizes() {}

    /** The size in bytes, or empty when {@code text} is not a size or does not fit in a long. */
    public static OptionalLong parse(String text) {
        if (text.isEmpty()) return OptionalLong.empty();
        int shift = switch (Character.toUpperCase(text.charAt(text.length() - 1))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        OptionalLong number = parseDecimal(digits);
        if (number.isEmpty()) return number;
        long value = number.getAsLong();
        if (value > (Long.MAX_VALUE >> shift)) return OptionalLong.empty();
        return OptionalLong.of(value << shift);
    }

    /** Plain unsigned decimal (no sign, no blanks), or empty when not one or too large for a long. */
    static OptionalLong parseDecimal(String digits) {
        if (digits.isEmpty() || digits.length() > 19) return OptionalLong.empty();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }
}
