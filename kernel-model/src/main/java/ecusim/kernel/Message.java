package ecusim.kernel;

import java.util.Arrays;
import java.util.List;

/**
 * A message as a Java-side IPC partner sees it: the tag's label, the untyped words (MRs) and the
 * capabilities that travelled as typed items. Guest-to-guest IPC copies UTCBs directly and never builds one.
 */
public record Message(int label, int[] words, List<Capability> capabilities) {
    public Message {
        if (words.length > Utcb.MESSAGE_REGISTERS) throw new IllegalArgumentException(words.length + " words exceed the message registers");
        words = words.clone();
        capabilities = List.copyOf(capabilities);
    }

    public static Message of(int label, int... words) {
        return new Message(label, words, List.of());
    }

    /** A reply carrying an error: the label is the negated error code, as in L4 protocols. */
    public static Message error(L4Error error) {
        return of(-error.code());
    }

    @Override
    public int[] words() {
        return words.clone();
    }

    public int word(int index) {
        return index < words.length ? words[index] : 0;
    }

    public int wordCount() {
        return words.length;
    }

    public Message withCapability(Capability capability) {
        return new Message(label, words, List.of(capability));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && label == m.label && Arrays.equals(words, m.words) && capabilities.equals(m.capabilities);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * label + Arrays.hashCode(words)) + capabilities.hashCode();
    }

    @Override
    public String toString() {
        return "Message(label " + label + ", " + Arrays.toString(words) + ", " + capabilities + ")";
    }
}
