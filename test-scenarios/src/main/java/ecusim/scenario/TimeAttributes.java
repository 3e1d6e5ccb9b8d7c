package ecusim.scenario;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import java.util.OptionalLong;

/**
 * Virtual times written as {@code <prefix>_ms} or {@code <prefix>_us} (e.g. {@code until_ms}, {@code before_us}),
 * converted to microseconds. Giving both is an error, since one would silently win.
 */
final class TimeAttributes {
    /** The longest virtual time a scenario may name: 10^12 us (11.6 days), so cycle counts stay far from overflow. */
    static final long MAX_MICROS = 1_000_000_000_000L;

    private TimeAttributes() {}

    /** The time in microseconds, empty when neither attribute is present. */
    static OptionalLong micros(XmlNode node, String prefix) throws ConfigException {
        return micros(node, prefix + "_ms", prefix + "_us");
    }

    /** As {@link #micros(XmlNode, String)}, the attributes named {@code ms} and {@code us} exactly (e.g. {@code <at ms="20">}). */
    static OptionalLong micros(XmlNode node, String ms, String us) throws ConfigException {
        boolean hasMs = node.attribute(ms).isPresent(), hasUs = node.attribute(us).isPresent();
        if (hasMs && hasUs) throw node.error(node.tag() + " gives both '" + ms + "' and '" + us + "'; give one");
        if (!hasMs && !hasUs) return OptionalLong.empty();
        long micros = hasUs ? node.uintAttribute(us) : node.uintAttribute(ms);
        long limit = hasUs ? MAX_MICROS : MAX_MICROS / 1000;
        if (micros > limit) throw node.error(node.tag() + " attribute '" + (hasUs ? us : ms) + "' is " + micros + "; it may be at most " + limit);
        return OptionalLong.of(hasUs ? micros : micros * 1000);
    }
}
