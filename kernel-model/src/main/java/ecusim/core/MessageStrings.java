package ecusim.core;

import java.nio.charset.StandardCharsets;

/** Strings in messages: a word with the byte length, then the bytes packed little-endian, padded to a word. */
public final class MessageStrings {
    /** A decoded string and the index of the word after it. */
    public record Decoded(String text, int next) {}

    private MessageStrings() {}

    /** Decodes the string at word {@code index}, or null when it is malformed (too long, past the message). */
    public static Decoded decode(int[] words, int index) {
        if (index >= words.length) return null;
        int length = words[index];
        if (length < 0 || length > Protocol.STRING_MAX) return null;
        int wordCount = (length + 3) / 4;
        if (index + 1 + wordCount > words.length) return null;
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte) (words[index + 1 + i / 4] >>> (8 * (i % 4)));
        return new Decoded(new String(bytes, StandardCharsets.UTF_8), index + 1 + wordCount);
    }
}
