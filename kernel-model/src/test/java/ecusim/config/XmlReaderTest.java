package ecusim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing configuration text: structure, lines, raw element text, and rejection of bad input. */
class XmlReaderTest {
    private static final String INIT = """
            <?xml version="1.0"?>
            <!-- an init configuration -->
            <config>
              <start name="server" priority="100">
                <binary name="pingpong-server"/>
              </start>
              <start
                  name="client">
                <config rounds="100">
                  <!-- a comment with <tags> inside -->
                  <peer label="a > b" note='x/>'/><![CDATA[ <not-an-element/> ]]>
                  <?pi <fake>?>
                </config>
              </start>
            </config>
            """;

    @Test
    void nestedElementsKeepTheirAttributesInDocumentOrder() throws ConfigException {
        XmlNode root = XmlReader.parse("init.xml", INIT);
        XmlNode server = root.children().getFirst();
        assertEquals("config", root.name());
        assertEquals(Map.of("name", "server", "priority", "100"), server.attributes());
        assertEquals(List.of("name", "priority"), List.copyOf(server.attributes().keySet()));
        assertEquals("pingpong-server", server.child("binary").orElseThrow().requireAttribute("name"));
    }

    @Test
    void everyNodeKnowsTheLineOfItsStartTag() throws ConfigException {
        XmlNode root = XmlReader.parse("init.xml", INIT);
        List<XmlNode> starts = root.children("start");
        assertEquals(3, root.line());
        assertEquals(4, starts.get(0).line());
        assertEquals(5, starts.get(0).children().getFirst().line());
        assertEquals(7, starts.get(1).line());
        assertEquals(11, starts.get(1).child("config").orElseThrow().child("peer").orElseThrow().line());
    }

    @Test
    void everyNodeKnowsItsSource() throws ConfigException {
        XmlNode root = XmlReader.parse("init.xml", INIT);
        assertEquals("init.xml", root.children().getFirst().child("binary").orElseThrow().source());
    }

    @Test
    void rawTextOfANestedElementIsExactlyAsWritten() throws ConfigException {
        XmlNode config = XmlReader.parse("init.xml", INIT).children("start").get(1).child("config").orElseThrow();
        String expected = """
                <config rounds="100">
                      <!-- a comment with <tags> inside -->
                      <peer label="a > b" note='x/>'/><![CDATA[ <not-an-element/> ]]>
                      <?pi <fake>?>
                    </config>""";
        assertEquals(expected, config.raw());
        assertEquals("<peer label=\"a > b\" note='x/>'/>", config.child("peer").orElseThrow().raw());
    }

    @Test
    void rawTextOfTheRootSpansTheWholeElement() throws ConfigException {
        XmlNode root = XmlReader.parse("s", "<a x='1'><b/>t&amp;u</a>\n");
        assertEquals("<a x='1'><b/>t&amp;u</a>", root.raw());
        assertEquals("<b/>", root.children().getFirst().raw());
    }

    @Test
    void textIsTheElementsOwnTrimmedCharacterContent() throws ConfigException {
        XmlNode root = XmlReader.parse("s", "<a> one <b>inner</b> two &lt;<![CDATA[x]]> </a>");
        assertEquals("one  two <x", root.text());
        assertEquals("inner", root.children().getFirst().text());
        assertEquals("", XmlReader.parse("s", "<a/>").text());
    }

    @Test
    void malformedDocumentReportsTheLineOfTheError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> XmlReader.parse("bad.xml", "<config>\n  <start name=\"a\">\n  </stat>\n</config>\n"));
        assertEquals("bad.xml", e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("bad.xml:3: malformed XML"), e.getMessage());
    }

    @Test
    void doctypeDeclarationsAreRefused() {
        String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<a>&x;</a>";
        ConfigException e = assertThrows(ConfigException.class, () -> XmlReader.parse("evil.xml", bomb));
        assertEquals(2, e.line());
    }

    @Test
    void fileIsNamedByItsPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("init.config");
        Files.writeString(file, "\uFEFF<config>\n  <start/>\n</config>\n");
        XmlNode root = XmlReader.parse(file);
        assertEquals(file.toString(), root.source());
        assertEquals(2, root.children().getFirst().line());
    }

    @Test
    void unreadableFileIsAConfigException(@TempDir Path dir) {
        Path missing = dir.resolve("missing.xml");
        ConfigException e = assertThrows(ConfigException.class, () -> XmlReader.parse(missing));
        assertEquals(missing.toString(), e.file());
        assertEquals(0, e.line());
    }

    @Test
    void crlfLineEndsCountOnce() throws ConfigException {
        XmlNode root = XmlReader.parse("s", "<a>\r\n<b/>\r\n\r\n<c/></a>");
        assertEquals(2, root.children().get(0).line());
        assertEquals(4, root.children().get(1).line());
    }
}
