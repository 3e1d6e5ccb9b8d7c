package ecusim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The accessors configuration readers use, and the errors they raise. */
class XmlNodeTest {
    private static XmlNode parse(String text) throws ConfigException {
        return XmlReader.parse("test.xml", text);
    }

    @Test
    void missingRequiredAttributeNamesFileLineElementAndAttribute() throws ConfigException {
        XmlNode binary = parse("<start>\n\n  <binary nam=\"x\"/>\n</start>").children().getFirst();
        ConfigException e = assertThrows(ConfigException.class, () -> binary.requireAttribute("name"));
        assertEquals("test.xml:3: <binary> requires the attribute 'name'", e.getMessage());
    }

    @Test
    void messageWithoutALineOmitsIt() {
        assertEquals("a.xml: cannot read", new ConfigException("a.xml", 0, "cannot read").getMessage());
    }

    @ParameterizedTest
    @CsvSource({"4096, 4096", "0, 0", "64K, 65536", "64k, 65536", "16M, 16777216", "1G, 1073741824", "2g, 2147483648"})
    void sizesUseBinaryMultiples(String text, long bytes) throws ConfigException {
        assertEquals(bytes, parse("<resource quantum=\"" + text + "\"/>").sizeAttribute("quantum"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "K", "64KB", "1.5M", "-1", "+4", " 4", "4 ", "0x10", "16T", "99999999999999999999",
            "9999999999999G"})
    void anythingElseIsNotASize(String text) throws ConfigException {
        XmlNode node = parse("<resource quantum=\"" + text + "\"/>");
        ConfigException e = assertThrows(ConfigException.class, () -> node.sizeAttribute("quantum"));
        assertEquals(1, e.line());
    }

    @Test
    void sizesAreParsedAloneToo() {
        assertEquals(OptionalLong.of(512L << 10), Sizes.parse("512K"));
        assertEquals(OptionalLong.empty(), Sizes.parse("512 K"));
    }

    @Test
    void absentOptionalAttributeTakesTheFallback() throws ConfigException {
        XmlNode node = parse("<ecu/>");
        assertEquals(64L << 20, node.sizeAttribute("ram", 64L << 20));
        assertEquals(1000, node.uintAttribute("quantum_us", 1000));
    }

    @Test
    void malformedUnsignedNumberIsRejected() throws ConfigException {
        XmlNode node = parse("<start priority=\"-3\"/>");
        ConfigException e = assertThrows(ConfigException.class, () -> node.uintAttribute("priority", 100));
        assertEquals("test.xml:1: <start> attribute 'priority': '-3' is not an unsigned decimal number", e.getMessage());
    }

    @Test
    void childLookupFindsTheFirstAndAllByName() throws ConfigException {
        XmlNode node = parse("<a><b n='1'/><c/><b n='2'/></a>");
        assertEquals("1", node.child("b").orElseThrow().requireAttribute("n"));
        assertEquals(2, node.children("b").size());
        assertEquals(0, node.children("d").size());
    }

    @Test
    void repeatedUniqueChildIsRejectedAtTheSecond() throws ConfigException {
        XmlNode node = parse("<start>\n<binary/>\n<binary/>\n</start>");
        ConfigException e = assertThrows(ConfigException.class, () -> node.uniqueChild("binary"));
        assertEquals(3, e.line());
    }

    @Test
    void unknownAttributeIsRejected() throws ConfigException {
        XmlNode node = parse("<start name='a' prio='1'/>");
        ConfigException e = assertThrows(ConfigException.class, () -> node.onlyAttributes("name", "priority"));
        assertEquals("test.xml:1: <start> has an unknown attribute 'prio' (known attributes: name, priority)",
                e.getMessage());
    }

    @Test
    void unknownChildIsRejectedAtItsOwnLine() throws ConfigException {
        XmlNode node = parse("<start>\n  <binary/>\n  <resorce/>\n</start>");
        ConfigException e = assertThrows(ConfigException.class, () -> node.onlyChildren("binary", "resource"));
        assertEquals("test.xml:3: unknown element <resorce> in <start> (known elements: binary, resource)",
                e.getMessage());
    }

    @Test
    void textInAStructuralElementIsRejected() throws ConfigException {
        XmlNode node = parse("<start>oops<binary/></start>");
        assertThrows(ConfigException.class, () -> node.onlyChildren("binary"));
    }
}
