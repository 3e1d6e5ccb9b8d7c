package ecusim.scenario;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges a finished run against a scenario's expectations, from what the run produced: the log lines and how
 * components ended. Pure, so the rules are tested without a simulator. If a component ended more than once
 * (restarted), its first end counts.
 */
public final class ExpectationChecker {
    private ExpectationChecker() {}

    /** One verdict per expectation, in the scenario's order. */
    public static List<Verdict> check(Scenario scenario, List<LogRecord> logs, List<ComponentEnd> ends) {
        return scenario.expectations().stream().map(e -> check(e, logs, ends)).toList();
    }

    /** How many characters a pattern may look at over all lines of one expectation: a bound for catastrophic backtracking. */
    static final long MATCH_STEPS = 50_000_000;

    static Verdict check(Expectation expectation, List<LogRecord> logs, List<ComponentEnd> ends) {
        try {
            return switch (expectation) {
                case Expectation.LogLine e -> logLine(e, matching(logs, e.ecu(), e.component(), e.pattern()));
                case Expectation.NoLogLine e -> noLogLine(e, matching(logs, e.ecu(), e.component(), e.pattern()));
                case Expectation.ExitCode e -> exitCode(e, endOf(ends, e.ecu(), e.component()));
                case Expectation.Stopped e -> stopped(e, endOf(ends, e.ecu(), e.component()));
            };
        } catch (StepsExhausted e) {
            return new Verdict(expectation, false, "the pattern needs more than " + MATCH_STEPS
                    + " steps to match the log (catastrophic backtracking?); simplify it");
        }
    }

    /** The matching lines, earliest first (stable for lines logged at the same time). */
    private static List<LogRecord> matching(List<LogRecord> logs, String ecu, Optional<String> component,
                                            Pattern pattern) {
        long[] steps = {MATCH_STEPS};
        return logs.stream()
                .filter(r -> r.ecu().equals(ecu))
                .filter(r -> component.map(r.component()::equals).orElse(true))
                .filter(r -> pattern.matcher(new CountedText(r.text(), steps)).find())
                .sorted(Comparator.comparingLong(LogRecord::timeUs))
                .toList();
    }

    /** A line whose characters a matcher may read only so many times in all: Java's regex engine has no timeout. */
    private record CountedText(String text, long[] steps) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (--steps[0] < 0) throw new StepsExhausted();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountedText(text.substring(start, end), steps);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class StepsExhausted extends RuntimeException {
        StepsExhausted() {
            super(null, null, false, false); // control flow out of the matcher: no stack trace needed
        }
    }

    private static Verdict logLine(Expectation.LogLine e, List<LogRecord> matches) {
        if (e.count().isPresent()) {
            int expected = e.count().getAsInt();
            long counted = matches.stream().filter(r -> e.beforeUs().isEmpty()
                    || r.timeUs() <= e.beforeUs().getAsLong()).count();
            String deadline = e.beforeUs().isPresent()
                    ? " by the " + VirtualTimes.format(e.beforeUs().getAsLong()) + " deadline" : "";
            String found = (counted == 0 ? "no matching line" : counted + (counted == 1 ? " matching line"
                    : " matching lines")) + deadline;
            return counted == expected ? new Verdict(e, true, found)
                    : new Verdict(e, false, found + ", expected " + expected);
        }
        if (matches.isEmpty()) return new Verdict(e, false, "no matching line");
        long first = matches.getFirst().timeUs();
        String at = "first match at " + VirtualTimes.format(first);
        if (e.beforeUs().isPresent() && first > e.beforeUs().getAsLong()) {
            return new Verdict(e, false, at + ", after the " + VirtualTimes.format(e.beforeUs().getAsLong())
                    + " deadline");
        }
        return new Verdict(e, true, at);
    }

    private static Verdict noLogLine(Expectation.NoLogLine e, List<LogRecord> matches) {
        if (matches.isEmpty()) return new Verdict(e, true, "no matching line");
        LogRecord first = matches.getFirst();
        return new Verdict(e, false, "matched at " + VirtualTimes.format(first.timeUs()) + " by " + first.component()
                + ": " + first.text());
    }

    private static Optional<ComponentEnd> endOf(List<ComponentEnd> ends, String ecu, String component) {
        return ends.stream().filter(c -> c.ecu().equals(ecu) && c.component().equals(component)).findFirst();
    }

    private static Verdict exitCode(Expectation.ExitCode e, Optional<ComponentEnd> end) {
        if (end.isEmpty()) return new Verdict(e, false, "still running at the end");
        ComponentEnd c = end.get();
        if (c.exitCode().isEmpty()) return new Verdict(e, false, stoppedAt(c));
        int code = c.exitCode().getAsInt();
        return new Verdict(e, code == e.code(), "exited with " + code + " at " + VirtualTimes.format(c.timeUs()));
    }

    private static Verdict stopped(Expectation.Stopped e, Optional<ComponentEnd> end) {
        if (end.isEmpty()) return new Verdict(e, false, "still running at the end");
        ComponentEnd c = end.get();
        if (c.exitCode().isPresent()) return new Verdict(e, false, "exited with " + c.exitCode().getAsInt() + " at "
                + VirtualTimes.format(c.timeUs()) + " instead");
        return new Verdict(e, true, stoppedAt(c));
    }

    private static String stoppedAt(ComponentEnd c) {
        return "stopped by a fault at " + VirtualTimes.format(c.timeUs()) + (c.reason().isEmpty() ? "" : ": " + c.reason());
    }
}
