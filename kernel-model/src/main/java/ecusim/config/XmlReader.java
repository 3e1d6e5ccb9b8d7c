package ecusim.config;

import java.io.IOException;
import java.io.StringReader;
import ecusim.emulator.io.InputFileException;
import ecusim.emulator.io.InputFiles;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a configuration file into {@link XmlNode}s. The JDK's SAX parser checks well-formedness (and reports
 * the line of an error); {@link ElementSpans} then supplies each element's offsets, from which its line and
 * raw text follow. DTDs and external entities are refused: a configuration must not make the simulator read
 * other files or expand entity bombs.
 */
public final class XmlReader {
    private XmlReader() {}

    /** The largest configuration file accepted. */
    public static final long MAX_FILE_BYTES = 16 << 20;

    /** Parses a UTF-8 file (a regular file of at most {@link #MAX_FILE_BYTES}); its path is the display name in errors. */
    public static XmlNode parse(Path file) throws ConfigException {
        String text;
        try {
            text = InputFiles.readUtf8(file, MAX_FILE_BYTES, "configuration file");
        } catch (InputFileException e) {
            throw new ConfigException(file.toString(), 0, e.reason(), e);
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}; {@code source} names it in errors and in every node. */
    public static XmlNode parse(String source, String text) throws ConfigException {
        Builder root = sax(source, text);
        List<ElementSpans.Span> spans = ElementSpans.of(text);
        return root.build(source, text, spans, new LineIndex(text));
    }

    private static Builder sax(String source, String text) throws ConfigException {
        TreeHandler handler = new TreeHandler();
        try {
            newParser().parse(new InputSource(new StringReader(text)), handler);
        } catch (SAXParseException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("maxElementDepth")
                    ? "elements are nested too deeply" : "malformed XML: " + e.getMessage();
            throw new ConfigException(source, Math.max(e.getLineNumber(), 0), reason, e);
        } catch (SAXException e) {
            throw new ConfigException(source, 0, "malformed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string failed", e);
        }
        return handler.root;
    }

    private static SAXParser newParser() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(false);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newSAXParser();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser lacks a required feature", e);
        }
    }

    /** An element under construction; {@code index} is its position in start-tag order. */
    private static final class Builder {
        final String name;
        final Map<String, String> attributes;
        final int index;
        final List<Builder> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Builder(String name, Map<String, String> attributes, int index) {
            this.name = name;
            this.attributes = attributes;
            this.index = index;
        }

        XmlNode build(String source, String document, List<ElementSpans.Span> spans, LineIndex lines) {
            List<XmlNode> built = new ArrayList<>(children.size());
            for (Builder child : children) built.add(child.build(source, document, spans, lines));
            ElementSpans.Span span = spans.get(index);
            return new XmlNode(name, attributes, built, text.toString().strip(), lines.lineOf(span.start()), source,
                    document.substring(span.start(), span.end()));
        }
    }

    private static final class TreeHandler extends DefaultHandler {
        private final Deque<Builder> open = new ArrayDeque<>();
        private Builder root;
        private int elements;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attrs) {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < attrs.getLength(); i++) attributes.put(attrs.getQName(i), attrs.getValue(i));
            Builder element = new Builder(qName, attributes, elements++);
            if (open.isEmpty()) root = element;
            else open.peek().children.add(element);
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) open.peek().text.append(ch, start, length);
        }
    }

    /** Maps character offsets to 1-based line numbers (LF, CRLF and lone CR all end a line, as in XML). */
    private static final class LineIndex {
        private final int[] lineStarts;

        LineIndex(String text) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) starts.add(i + 1);
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        int lineOf(int offset) {
            int lo = 0, hi = lineStarts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (lineStarts[mid] <= offset) lo = mid;
                else hi = mid - 1;
            }
            return lo + 1;
        }
    }
}
