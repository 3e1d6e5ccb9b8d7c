package ecusim.platform;

/**
 * Makes text a guest controls safe to print: control characters (C0, DEL, C1) and the Unicode characters
 * that reorder or break lines (bidirectional overrides and isolates, line and paragraph separators, zero-width
 * marks) become visible escapes such as {@code \x1b}, {@code \r} or {@code \u202e}. A guest can then neither
 * move the cursor, recolour or clear a terminal, nor make a line look as if core or init had written it.
 * Backslashes are left alone, so escaping is for display, not reversible.
 */
public final class PrintableText {
    private PrintableText() {}

    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) i++;
        if (i == text.length()) return text; // the common case: nothing to do, no copy
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c                      // Arabic letter mark
                || (c >= 0x200b && c <= 0x200f)     // zero-width space/joiners, LRM, RLM
                || (c >= 0x2028 && c <= 0x202e)     // line/paragraph separators, bidi embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069)     // bidi isolates
                || c == 0xfeff;                     // zero-width no-break space
    }
}
