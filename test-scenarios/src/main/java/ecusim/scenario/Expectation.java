package ecusim.scenario;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Something a scenario requires of a run, from one {@code <expect>} element. Log patterns match anywhere in a
 * line ({@link java.util.regex.Matcher#find()}).
 */
public sealed interface Expectation {
    /**
     * Component names an expectation may use besides the ECU's start names: the platform's own components,
     * which log too.
     */
    Set<String> PLATFORM_COMPONENTS = Set.of("core", "init", "kernel", "ecusim");

    /** The line of the {@code <expect>} element. */
    int line();

    /** A one-line description for reports, e.g. {@code line 7: ecu0/client logs /ok/ before 100 ms}. */
    String describe();

    /**
     * A matching line is logged (by {@code component}, or any component of the ECU when empty): at or before
     * {@code beforeUs} if given; exactly {@code count} matching lines (counting only those by the deadline, if
     * any) if given.
     */
    record LogLine(String ecu, Optional<String> component, Pattern pattern, OptionalLong beforeUs, OptionalInt count,
                   int line) implements Expectation {
        @Override
        public String describe() {
            StringBuilder s = new StringBuilder(prefix(line, ecu, component) + " logs /" + pattern.pattern() + "/");
            count.ifPresent(n -> s.append(" exactly ").append(n).append(n == 1 ? " time" : " times"));
            beforeUs.ifPresent(us -> s.append(" before ").append(VirtualTimes.format(us)));
            return s.toString();
        }
    }

    /** No matching line is logged during the whole run. */
    record NoLogLine(String ecu, Optional<String> component, Pattern pattern, int line) implements Expectation {
        @Override
        public String describe() {
            return prefix(line, ecu, component) + " never logs /" + pattern.pattern() + "/";
        }
    }

    /** The component exits by itself with {@code code}. */
    record ExitCode(String ecu, String component, int code, int line) implements Expectation {
        @Override
        public String describe() {
            return prefix(line, ecu, Optional.of(component)) + " exits with " + code;
        }
    }

    /** The component is stopped by a fault (rather than exiting or still running at the end). */
    record Stopped(String ecu, String component, int line) implements Expectation {
        @Override
        public String describe() {
            return prefix(line, ecu, Optional.of(component)) + " is stopped by a fault";
        }
    }

    private static String prefix(int line, String ecu, Optional<String> component) {
        return "line " + line + ": " + ecu + "/" + component.orElse("*");
    }
}
