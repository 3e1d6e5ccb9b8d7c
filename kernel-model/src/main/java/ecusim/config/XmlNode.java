package ecusim.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One element of a configuration file, immutable. Besides the parsed view (attributes in document order,
 * children, trimmed character content) it keeps where it came from ({@code source}, {@code line} of the start
 * tag) so every rejection can say {@code file:line}, and its {@code raw} text exactly as written, so a
 * {@code <config>} node reaches a guest byte for byte as the author wrote it.
 *
 * @param name       the element name
 * @param attributes the attributes in document order, unmodifiable
 * @param children   the child elements in document order
 * @param text       the element's own character content (not its children's), concatenated and trimmed
 * @param line       the 1-based line of the start tag's {@code <}
 * @param source     the display name or path of the file
 * @param raw        the element's text from the {@code <} of its start tag to the end of its end tag
 */
public record XmlNode(String name, Map<String, String> attributes, List<XmlNode> children, String text, int line,
                      String source, String raw) {

    public XmlNode {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
    }

    /** The attribute's value, if present. */
    public Optional<String> attribute(String attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    /** The attribute's value; its absence is an error naming this element and the attribute. */
    public String requireAttribute(String attribute) throws ConfigException {
        String value = attributes.get(attribute);
        if (value == null) throw error(tag() + " requires the attribute '" + attribute + "'");
        return value;
    }

    /** A required unsigned decimal attribute. */
    public long uintAttribute(String attribute) throws ConfigException {
        return uint(attribute, requireAttribute(attribute));
    }

    /** An unsigned decimal attribute, {@code fallback} when absent; present but malformed is an error. */
    public long uintAttribute(String attribute, long fallback) throws ConfigException {
        String value = attributes.get(attribute);
        return value == null ? fallback : uint(attribute, value);
    }

    private long uint(String attribute, String value) throws ConfigException {
        OptionalLong number = Sizes.parseDecimal(value);
        if (number.isEmpty()) throw error(tag() + " attribute '" + attribute + "': '" + value
                + "' is not an unsigned decimal number");
        return number.getAsLong();
    }

    /** A required byte size in Genode notation ({@code 4096}, {@code 64K}, {@code 16M}, {@code 1G}). */
    public long sizeAttribute(String attribute) throws ConfigException {
        return size(attribute, requireAttribute(attribute));
    }

    /** A byte size in Genode notation, {@code fallback} when absent; present but malformed is an error. */
    public long sizeAttribute(String attribute, long fallback) throws ConfigException {
        String value = attributes.get(attribute);
        return value == null ? fallback : size(attribute, value);
    }

    private long size(String attribute, String value) throws ConfigException {
        OptionalLong bytes = Sizes.parse(value);
        if (bytes.isEmpty()) throw error(tag() + " attribute '" + attribute + "': '" + value
                + "' is not a size (digits with an optional K, M or G)");
        return bytes.getAsLong();
    }

    /** The first child element named {@code child}, if any. */
    public Optional<XmlNode> child(String child) {
        return children.stream().filter(c -> c.name.equals(child)).findFirst();
    }

    /** All child elements named {@code child}, in document order. */
    public List<XmlNode> children(String child) {
        return children.stream().filter(c -> c.name.equals(child)).toList();
    }

    /** The child element named {@code child} if present; a second one is an error rather than silently unused. */
    public Optional<XmlNode> uniqueChild(String child) throws ConfigException {
        List<XmlNode> found = children(child);
        if (found.size() > 1) throw found.get(1).error(tag() + " may contain only one <" + child + ">");
        return found.stream().findFirst();
    }

    /** Rejects any attribute not listed, so a misspelt attribute is an error instead of a silent default. */
    public void onlyAttributes(String... allowed) throws ConfigException {
        Set<String> known = Set.of(allowed);
        for (String attribute : attributes.keySet()) {
            if (!known.contains(attribute)) throw error(tag() + " has an unknown attribute '" + attribute + "'"
                    + expected("attributes", allowed));
        }
    }

    /**
     * Rejects child elements not listed, and character content, so a misspelt element is an error instead of
     * being ignored.
     */
    public void onlyChildren(String... allowed) throws ConfigException {
        Set<String> known = Set.of(allowed);
        for (XmlNode child : children) {
            if (!known.contains(child.name)) throw child.error("unknown element " + child.tag() + " in " + tag()
                    + expected("elements", allowed));
        }
        if (!text.isEmpty()) throw error(tag() + " must not contain text");
    }

    private static String expected(String what, String... allowed) {
        if (allowed.length == 0) return " (it takes no " + what + ")";
        return " (known " + what + ": " + String.join(", ", new TreeSet<>(Arrays.asList(allowed))) + ")";
    }

    /** An error located at this element's start tag. */
    public ConfigException error(String reason) {
        return new ConfigException(source, line, reason);
    }

    /** The element as written in messages, e.g. {@code <start>}. */
    public String tag() {
        return "<" + name + ">";
    }
}
