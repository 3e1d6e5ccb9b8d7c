package ecusim.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Guest text becomes printable: control and reordering characters turn into visible escapes. */
class PrintableTextTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("escape sequence and carriage return", "\u001b[2K\rfake", "\\x1b[2K\\rfake"),
                Arguments.of("newline and tab", "a\nb\tc", "a\\nb\\tc"),
                Arguments.of("NUL, bell and delete", "\u0000\u0007\u007f", "\\x00\\x07\\x7f"),
                Arguments.of("C1 control", "a\u0085b", "a\\x85b"),
                Arguments.of("right-to-left override", "x\u202ey", "x\\u202ey"),
                Arguments.of("bidi isolate", "\u2067z", "\\u2067z"),
                Arguments.of("line separator", "a\u2028b", "a\\u2028b"),
                Arguments.of("zero-width space", "a\u200bb", "a\\u200bb"),
                Arguments.of("byte-order mark", "\ufeffa", "\\ufeffa"),
                Arguments.of("ordinary text, non-ASCII letters and a literal backslash", "grüße, \uD83D\uDE00 \\x1b", "grüße, \uD83D\uDE00 \\x1b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void escapes(String what, String text, String shown) {
        assertEquals(shown, PrintableText.escape(text));
    }

    @Test
    void printableTextIsReturnedAsItIs() {
        String text = "count 1";
        assertSame(text, PrintableText.escape(text));
    }
}
