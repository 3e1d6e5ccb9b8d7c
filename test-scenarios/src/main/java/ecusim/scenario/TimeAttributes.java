package ecusim.scenario;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import java.util.OptionalLong;

/**
 * Virtual times written as {@code <prefix>_ms} or {@code <prefix>_us} (e.g. {@code until_ms}, {@code before_us}),
 * converted to microseconds. Giving both is an error, since one would silently win.
 */
final class TimeAttributes {
    private TimeAttributes() {}

    /** The time in microseconds, empty when neither attribute is present. */
    static OptionalLong micros(XmlNode node, String prefix) throws ConfigException {
        String ms = prefix + "_ms", us = prefix + "_us";
        boolean hasMs = node.attribute(ms).isPresent(), hasUs = node.attribute(us).isPresent();
        if (hasMs && hasUs) throw node.error(node.tag() + " gives both '" + ms + "' and '" + us + "'; give one");
        if (hasUs) return OptionalLong.of(node.uintAttribute(us));
        if (!hasMs) return OptionalLong.empty();
        long millis = node.uintAttribute(ms);
        if (millis > Long.MAX_VALUE / 1000) throw node.error(node.tag() + " attribute '" + ms + "' is too large");
        return OptionalLong.of(millis * 1000);
    }
}
