package ecusim.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where each element of a well-formed document starts and ends in the text, in start-tag order (the order in
 * which SAX reports elements). SAX has no character offsets, and a guest's {@code <config>} ROM must be the text
 * as written, so this scanner finds them. It runs only on text SAX has accepted, so it need not diagnose errors;
 * it must only not be fooled by comments, processing instructions, CDATA and {@code >} inside quoted attribute
 * values.
 */
final class ElementSpans {
    /** One element: {@code text.substring(start, end)} is its raw text. */
    record Span(int start, int end) {}

    private ElementSpans() {}

    static List<Span> of(String text) {
        List<int[]> spans = new ArrayList<>();
        Deque<int[]> open = new ArrayDeque<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '<') {
                i++;
            } else if (text.startsWith("<!--", i)) {
                i = after(text, "-->", i + 4);
            } else if (text.startsWith("<![CDATA[", i)) {
                i = after(text, "]]>", i + 9);
            } else if (text.startsWith("<?", i)) {
                i = after(text, "?>", i + 2);
            } else if (text.startsWith("<!", i)) {
                i = endOfTag(text, i) + 1;              // a declaration; none survive secure parsing, but skip it
            } else if (text.startsWith("</", i)) {
                i = after(text, ">", i + 2);
                open.pop()[1] = i;
            } else {
                int close = endOfTag(text, i);
                int[] span = {i, close + 1};
                spans.add(span);
                if (text.charAt(close - 1) != '/') open.push(span);
                i = close + 1;
            }
        }
        return spans.stream().map(s -> new Span(s[0], s[1])).toList();
    }

    /** The index just past the next {@code terminator} at or after {@code from}. */
    private static int after(String text, String terminator, int from) {
        int at = text.indexOf(terminator, from);
        if (at < 0) throw new IllegalStateException("unterminated markup in a document SAX accepted");
        return at + terminator.length();
    }

    /** The index of the {@code >} closing the tag that opens at {@code start}, skipping quoted values. */
    private static int endOfTag(String text, int start) {
        char quote = 0;
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        throw new IllegalStateException("unterminated tag in a document SAX accepted");
    }
}
