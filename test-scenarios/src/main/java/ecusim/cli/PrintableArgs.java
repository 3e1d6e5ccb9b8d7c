package ecusim.cli;

import ecusim.platform.PrintableText;

/** Command-line text echoed back in messages, with control characters made visible. */
final class PrintableArgs {
    private PrintableArgs() {}

    static String escape(String text) {
        return text == null ? "" : PrintableText.escape(text);
    }

    static String quote(String text) {
        return "'" + escape(text) + "'";
    }
}
