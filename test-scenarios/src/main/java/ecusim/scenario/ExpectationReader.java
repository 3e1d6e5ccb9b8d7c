package ecusim.scenario;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one {@code <expect>} element. Exactly one of {@code log}, {@code no_log}, {@code exit}, {@code stopped}
 * says what is expected. ECU and component names are checked against the scenario, because a misspelt name
 * would make a {@code no_log} expectation hold vacuously.
 */
final class ExpectationReader {
    private static final String[] KINDS = {"log", "no_log", "exit", "stopped"};

    private ExpectationReader() {}

    /**
     * The expectation; {@code ecus} maps each ECU name to the names of its components: init's children, and
     * the children an Rtcr of it starts ({@code "rtcr -> counter"}, as their log lines say).
     */
    static Expectation read(XmlNode expect, Map<String, java.util.Set<String>> ecus) throws ConfigException {
        expect.onlyAttributes("ecu", "component", "log", "no_log", "exit", "stopped", "before_ms", "before_us", "count");
        expect.onlyChildren();
        String kind = kind(expect);
        if (!kind.equals("log")) {
            for (String only : new String[] {"before_ms", "before_us", "count"}) {
                if (expect.attribute(only).isPresent()) throw expect.error("<expect> attribute '" + only
                        + "' applies only to 'log'");
            }
        }
        String ecu = ecu(expect, ecus);
        Optional<String> component = expect.attribute("component");
        if (component.isPresent()) checkComponent(expect, ecu, component.get(), ecus.get(ecu));
        int line = expect.line();
        return switch (kind) {
            case "log" -> new Expectation.LogLine(ecu, component, pattern(expect, "log"),
                    TimeAttributes.micros(expect, "before"), count(expect), line);
            case "no_log" -> new Expectation.NoLogLine(ecu, component, pattern(expect, "no_log"), line);
            case "exit" -> new Expectation.ExitCode(ecu, requireComponent(expect, component), exitCode(expect), line);
            default -> {
                String value = expect.requireAttribute("stopped");
                if (!value.equals("true")) throw expect.error("<expect> attribute 'stopped' must be \"true\"");
                yield new Expectation.Stopped(ecu, requireComponent(expect, component), line);
            }
        };
    }

    private static String kind(XmlNode expect) throws ConfigException {
        String kind = null;
        for (String candidate : KINDS) {
            if (expect.attribute(candidate).isEmpty()) continue;
            if (kind != null) throw expect.error("<expect> gives both '" + kind + "' and '" + candidate + "'; give one");
            kind = candidate;
        }
        if (kind == null) throw expect.error("<expect> needs one of 'log', 'no_log', 'exit', 'stopped'");
        return kind;
    }

    private static String ecu(XmlNode expect, Map<String, ?> ecus) throws ConfigException {
        Optional<String> named = expect.attribute("ecu");
        if (named.isEmpty()) {
            if (ecus.size() != 1) throw expect.error("<expect> must name its 'ecu' when the scenario has "
                    + ecus.size() + " ECUs");
            return ecus.keySet().iterator().next();
        }
        if (!ecus.containsKey(named.get())) throw expect.error("<expect> names unknown ecu '" + named.get() + "'");
        return named.get();
    }

    private static void checkComponent(XmlNode expect, String ecu, String component, java.util.Set<String> components)
            throws ConfigException {
        boolean started = components.contains(component);
        if (!started && !Expectation.PLATFORM_COMPONENTS.contains(component)) throw expect.error("<expect> names "
                + "component '" + component + "', but ecu '" + ecu + "' starts no such component");
    }

    private static String requireComponent(XmlNode expect, Optional<String> component) throws ConfigException {
        return component.orElseThrow(() -> expect.error("<expect> of an exit or stop needs a 'component'"));
    }

    private static Pattern pattern(XmlNode expect, String attribute) throws ConfigException {
        String regex = expect.requireAttribute(attribute);
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(expect.source(), expect.line(), "<expect> attribute '" + attribute
                    + "': invalid regular expression: " + e.getDescription() + " near index " + e.getIndex()
                    + " of '" + regex + "'", e);
        }
    }

    private static OptionalInt count(XmlNode expect) throws ConfigException {
        if (expect.attribute("count").isEmpty()) return OptionalInt.empty();
        long count = expect.uintAttribute("count");
        if (count > Integer.MAX_VALUE) throw expect.error("<expect> attribute 'count' is too large");
        return OptionalInt.of((int) count);
    }

    private static int exitCode(XmlNode expect) throws ConfigException {
        String value = expect.requireAttribute("exit");
        try {
            if (!value.matches("-?[0-9]{1,10}")) throw new NumberFormatException(value); // no '+', no other scripts' digits
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw expect.error("<expect> attribute 'exit': '" + value + "' is not an integer");
        }
    }
}
