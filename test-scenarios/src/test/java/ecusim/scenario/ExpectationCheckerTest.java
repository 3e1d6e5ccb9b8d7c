package ecusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Judging a run's log lines and component ends against expectations. */
class ExpectationCheckerTest {
    private static final List<LogRecord> LOGS = List.of(
            new LogRecord("ecu0", "server", 1_000, "server: ready"),
            new LogRecord("ecu0", "client", 50_000, "count 3"),
            new LogRecord("ecu0", "client", 134_000, "pingpong-client: 100 round trips ok"),
            new LogRecord("ecu0", "client", 140_000, "count 3"),
            new LogRecord("ecu1", "client", 10_000, "pingpong-client: 5 round trips ok"));

    private static final List<ComponentEnd> ENDS = List.of(
            new ComponentEnd("ecu0", "client", 150_000, OptionalInt.of(0), "exit"),
            new ComponentEnd("ecu0", "bad", 2_500, OptionalInt.of(3), "exit"),
            new ComponentEnd("ecu0", "wild", 7_250, OptionalInt.empty(), "data abort at 0x0"));

    private static Expectation.LogLine log(String component, String regex, OptionalLong before, OptionalInt count) {
        return new Expectation.LogLine("ecu0", Optional.ofNullable(component), Pattern.compile(regex), before, count, 1);
    }

    private static Verdict check(Expectation e) {
        return ExpectationChecker.check(e, LOGS, ENDS);
    }

    @Test
    void logExpectationIsMetByALineFoundAnywhereInTheText() {
        Verdict v = check(log("client", "\\d+ round trips", OptionalLong.empty(), OptionalInt.empty()));
        assertEquals(true, v.holds());
        assertEquals("first match at 134 ms", v.detail());
    }

    @Test
    void logExpectationWithoutComponentMatchesAnyComponentOfThatEcuOnly() {
        assertEquals(true, check(log(null, "ready", OptionalLong.empty(), OptionalInt.empty())).holds());
        assertEquals(false, check(log(null, "5 round trips", OptionalLong.empty(), OptionalInt.empty())).holds());
    }

    @Test
    void logExpectationIsMissedWhenNoLineMatches() {
        Verdict v = check(log("server", "round trips", OptionalLong.empty(), OptionalInt.empty()));
        assertEquals(false, v.holds());
        assertEquals("no matching line", v.detail());
    }

    @Test
    void logExpectationIsMissedWhenTheFirstMatchIsTooLate() {
        Verdict v = check(log("client", "round trips ok", OptionalLong.of(100_000), OptionalInt.empty()));
        assertEquals(false, v.holds());
        assertEquals("first match at 134 ms, after the 100 ms deadline", v.detail());
    }

    @Test
    void matchAtTheDeadlineIsInTime() {
        assertEquals(true, check(log("client", "round trips ok", OptionalLong.of(134_000), OptionalInt.empty())).holds());
    }

    @Test
    void countRequiresExactlyThatManyMatchingLines() {
        assertEquals(true, check(log("client", "count 3", OptionalLong.empty(), OptionalInt.of(2))).holds());
        Verdict v = check(log("client", "count 3", OptionalLong.empty(), OptionalInt.of(1)));
        assertEquals(false, v.holds());
        assertEquals("2 matching lines, expected 1", v.detail());
    }

    @Test
    void countWithADeadlineCountsOnlyLinesByTheDeadline() {
        Verdict v = check(log("client", "count 3", OptionalLong.of(100_000), OptionalInt.of(1)));
        assertEquals(true, v.holds());
        assertEquals("1 matching line by the 100 ms deadline", v.detail());
    }

    @Test
    void noLogHoldsWhenNothingMatches() {
        assertEquals(true, check(new Expectation.NoLogLine("ecu0", Optional.of("client"), Pattern.compile("error"), 1))
                .holds());
    }

    @Test
    void noLogFailsAtTheFirstMatchingLine() {
        Verdict v = check(new Expectation.NoLogLine("ecu0", Optional.empty(), Pattern.compile("count"), 1));
        assertEquals(false, v.holds());
        assertEquals("matched at 50 ms by client: count 3", v.detail());
    }

    @Test
    void exitCodeHoldsWhenTheComponentExitedWithIt() {
        Verdict v = check(new Expectation.ExitCode("ecu0", "client", 0, 1));
        assertEquals(true, v.holds());
        assertEquals("exited with 0 at 150 ms", v.detail());
    }

    @Test
    void exitCodeFailsOnAnotherCode() {
        Verdict v = check(new Expectation.ExitCode("ecu0", "bad", 0, 1));
        assertEquals(false, v.holds());
        assertEquals("exited with 3 at 2.5 ms", v.detail());
    }

    @Test
    void exitCodeFailsWhenTheComponentIsStillRunning() {
        Verdict v = check(new Expectation.ExitCode("ecu0", "server", 0, 1));
        assertEquals(false, v.holds());
        assertEquals("still running at the end", v.detail());
    }

    @Test
    void exitCodeFailsWhenAFaultStoppedTheComponent() {
        Verdict v = check(new Expectation.ExitCode("ecu0", "wild", 0, 1));
        assertEquals(false, v.holds());
        assertEquals("stopped by a fault at 7.25 ms: data abort at 0x0", v.detail());
    }

    @Test
    void stoppedHoldsWhenAFaultStoppedTheComponent() {
        assertEquals(true, check(new Expectation.Stopped("ecu0", "wild", 1)).holds());
    }

    @Test
    void stoppedFailsWhenTheComponentExited() {
        Verdict v = check(new Expectation.Stopped("ecu0", "client", 1));
        assertEquals(false, v.holds());
        assertEquals("exited with 0 at 150 ms instead", v.detail());
    }

    @Test
    void stoppedFailsWhenTheComponentIsStillRunning() {
        assertEquals("still running at the end", check(new Expectation.Stopped("ecu0", "server", 1)).detail());
    }

    @Test
    void checkGivesOneVerdictPerExpectationInOrder() {
        Expectation exit = new Expectation.ExitCode("ecu0", "client", 0, 3);
        Expectation stop = new Expectation.Stopped("ecu0", "server", 4);
        Scenario scenario = new Scenario("s", "s", 0, List.of(), 1, List.of(exit, stop));
        List<Verdict> verdicts = ExpectationChecker.check(scenario, LOGS, ENDS);
        assertEquals(List.of(exit, stop), verdicts.stream().map(Verdict::expectation).toList());
        assertEquals("line 4: ecu0/server is stopped by a fault: still running at the end", verdicts.get(1).describe());
    }

    @Test
    void aPatternWithCatastrophicBacktrackingFailsInBoundedTimeInsteadOfHanging() {
        var e = new Expectation.LogLine("ecu0", java.util.Optional.of("c"), java.util.regex.Pattern.compile("(.*.){12}Z"),
                java.util.OptionalLong.empty(), java.util.OptionalInt.empty(), 7);
        List<LogRecord> logs = List.of(new LogRecord("ecu0", "c", 1, "child \"counter\" exited with exit value 0, and more text"));
        Verdict v = ExpectationChecker.check(e, logs, List.of());
        assertFalse(v.holds());
        assertTrue(v.detail().contains("catastrophic backtracking"), v.detail());
    }
}
