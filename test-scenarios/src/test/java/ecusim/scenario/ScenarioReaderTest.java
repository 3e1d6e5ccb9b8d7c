package ecusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading scenario files, and rejecting bad ones at the right line. */
class ScenarioReaderTest {
    private static final String INIT = """
            <config>
                  <parent-provides> <service name="LOG"/> </parent-provides>
                  <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
                  <start name="server"><binary name="pingpong-server"/><resource name="RAM" quantum="1M"/></start>
                  <start name="client"><binary name="pingpong-client"/><resource name="RAM" quantum="512K"/>
                    <config rounds="100"/></start>
                </config>""";

    private static final String PINGPONG = """
            <scenario name="pingpong" seed="7">
              <ecu name="ecu0" cpu="cortex-a15" clock_mhz="800" ram="32M" quantum_us="500" costs="costs/a15.costs">
                %s
              </ecu>
              <ecu name="ecu1">
                %s
              </ecu>
              <run until_ms="500"/>
              <expect ecu="ecu0" component="client" log="pingpong-client: \\d+ round trips ok" before_ms="100"/>
              <expect ecu="ecu0" component="client" exit="0"/>
              <expect ecu="ecu1" component="server" stopped="true"/>
              <expect ecu="ecu1" log="count 3" count="1"/>
              <expect ecu="ecu1" component="client" no_log="error"/>
            </scenario>
            """.formatted(INIT, INIT);

    /** A one-ECU scenario whose {@code <run>} and expectations are {@code tail} (starting at line 3). */
    private static String single(String tail) {
        return "<scenario name=\"s\">\n<ecu name=\"ecu0\">" + INIT.replace("\n", " ") + "</ecu>\n" + tail
                + "</scenario>\n";
    }

    private static ConfigException rejected(String text) {
        return assertThrows(ConfigException.class, () -> ScenarioReader.read("/scenarios/bad.scenario", text));
    }

    @Test
    void readsNameSeedAndRunTime() throws ConfigException {
        Scenario s = ScenarioReader.read("/scenarios/pingpong.scenario", PINGPONG);
        assertEquals("/scenarios/pingpong.scenario", s.file());
        assertEquals("pingpong", s.name());
        assertEquals(7, s.seed());
        assertEquals(500_000, s.untilUs());
    }

    @Test
    void readsEcuAttributesAndResolvesCostsBesideTheScenario() throws ConfigException {
        EcuSpec ecu = ScenarioReader.read("/scenarios/pingpong.scenario", PINGPONG).ecus().get(0);
        assertEquals("cortex-a15", ecu.cpu());
        assertEquals(800_000_000, ecu.clockHz());
        assertEquals(32L << 20, ecu.ramBytes());
        assertEquals(500, ecu.quantumUs());
        assertEquals(Optional.of(Path.of("/scenarios/costs/a15.costs")), ecu.costs());
        assertEquals(2, ecu.line());
    }

    @Test
    void ecuAttributesDefault() throws ConfigException {
        EcuSpec ecu = ScenarioReader.read("/scenarios/pingpong.scenario", PINGPONG).ecus().get(1);
        assertEquals(new EcuSpec("ecu1", "cortex-a9", 666_000_000, 64L << 20, 1000, Optional.empty(),
                ecu.initConfig(), 11), ecu);
    }

    @Test
    void keepsTheInitConfigAsXml() throws ConfigException {
        EcuSpec ecu = ScenarioReader.read("/scenarios/pingpong.scenario", PINGPONG).ecus().get(0);
        assertEquals("config", ecu.initConfig().name());
        assertEquals(INIT, ecu.initConfig().raw());
    }

    @Test
    void readsEveryKindOfExpectation() throws ConfigException {
        var e = ScenarioReader.read("/scenarios/pingpong.scenario", PINGPONG).expectations();
        var log = assertInstanceOf(Expectation.LogLine.class, e.get(0));
        assertEquals("pingpong-client: \\d+ round trips ok", log.pattern().pattern());
        assertEquals(OptionalLong.of(100_000), log.beforeUs());
        assertEquals(new Expectation.ExitCode("ecu0", "client", 0, 22), e.get(1));
        assertEquals(new Expectation.Stopped("ecu1", "server", 23), e.get(2));
        var counted = assertInstanceOf(Expectation.LogLine.class, e.get(3));
        assertEquals(Optional.empty(), counted.component());
        assertEquals(OptionalInt.of(1), counted.count());
        assertInstanceOf(Expectation.NoLogLine.class, e.get(4));
    }

    @Test
    void describesExpectationsForReports() throws ConfigException {
        var e = ScenarioReader.read("/scenarios/pingpong.scenario", PINGPONG).expectations();
        assertEquals("line 21: ecu0/client logs /pingpong-client: \\d+ round trips ok/ before 100 ms", e.get(0).describe());
        assertEquals("line 22: ecu0/client exits with 0", e.get(1).describe());
        assertEquals("line 23: ecu1/server is stopped by a fault", e.get(2).describe());
        assertEquals("line 24: ecu1/* logs /count 3/ exactly 1 time", e.get(3).describe());
        assertEquals("line 25: ecu1/client never logs /error/", e.get(4).describe());
    }

    @Test
    void ecuMayBeOmittedWhenThereIsOnlyOne() throws ConfigException {
        Scenario s = ScenarioReader.read("x", single("<run until_us=\"1500\"/>\n<expect log=\"hi\"/>\n"));
        assertEquals(1500, s.untilUs());
        assertEquals("ecu0", ((Expectation.LogLine) s.expectations().getFirst()).ecu());
    }

    @Test
    void readsAFileAndResolvesCostsAgainstItsDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("one.scenario");
        Files.writeString(file, single("<run until_ms=\"1\"/>\n").replace("<ecu name=\"ecu0\">",
                "<ecu name=\"ecu0\" costs=\"../tables/x.costs\">"));
        Scenario s = ScenarioReader.read(file);
        assertEquals(file.toString(), s.file());
        assertEquals(Optional.of(dir.getParent().resolve("tables/x.costs")), s.ecus().getFirst().costs());
    }

    @Test
    void missingRunIsRejectedAtTheScenario() {
        ConfigException e = rejected(single(""));
        assertEquals("/scenarios/bad.scenario:1: <scenario> lacks <run until_ms=\"…\"/>", e.getMessage());
    }

    @Test
    void missingConfigIsRejectedAtTheEcu() {
        ConfigException e = rejected("<scenario name=\"s\">\n\n<ecu name=\"a\"/>\n<run until_ms=\"1\"/></scenario>");
        assertEquals("/scenarios/bad.scenario:3: ecu 'a' lacks the <config> for init", e.getMessage());
    }

    @Test
    void brokenInitConfigIsRejectedAtLoadTime() {
        ConfigException e = rejected(single("<run until_ms=\"1\"/>\n").replace("quantum=\"1M\"", "quantum=\"1MB\""));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("'quantum': '1MB' is not a size"), e.getMessage());
    }

    @Test
    void unknownElementIsRejected() {
        assertEquals(4, rejected(single("<run until_ms=\"1\"/>\n<expcet log=\"x\"/>\n")).line());
    }

    @Test
    void unknownAttributeIsRejected() {
        ConfigException e = rejected(single("<run until_ms=\"1\"/>\n<expect lgo=\"x\"/>\n"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("unknown attribute 'lgo'"), e.getMessage());
    }

    @Test
    void badNumberIsRejected() {
        assertEquals(3, rejected(single("<run until_ms=\"5s\"/>\n")).line());
    }

    @Test
    void unknownCpuIsRejected() {
        ConfigException e = rejected(single("<run until_ms=\"1\"/>\n").replace("<ecu name=\"ecu0\">",
                "<ecu name=\"ecu0\" cpu=\"cortex-m3\">"));
        assertEquals(2, e.line());
    }

    @Test
    void duplicateEcuNameIsRejectedAtTheSecond() {
        String ecu = "<ecu name=\"a\">" + INIT.replace("\n", " ") + "</ecu>\n";
        ConfigException e = rejected("<scenario name=\"s\">\n" + ecu + ecu + "<run until_ms=\"1\"/></scenario>");
        assertEquals("/scenarios/bad.scenario:3: duplicate ecu name 'a' (first used at line 2)", e.getMessage());
    }

    @Test
    void expectationNamingAnUnknownEcuIsRejected() {
        ConfigException e = rejected(single("<run until_ms=\"1\"/>\n<expect ecu=\"ecu9\" log=\"x\"/>\n"));
        assertEquals("/scenarios/bad.scenario:4: <expect> names unknown ecu 'ecu9'", e.getMessage());
    }

    @Test
    void expectationWithoutEcuIsRejectedWhenThereAreSeveral() {
        String ecus = "<ecu name=\"a\">" + INIT + "</ecu><ecu name=\"b\">" + INIT + "</ecu>\n";
        ConfigException e = rejected("<scenario name=\"s\">" + ecus + "<run until_ms=\"1\"/>\n<expect log=\"x\"/></scenario>");
        assertEquals(15, e.line());
    }

    @Test
    void expectationNamingAnUnknownComponentIsRejected() {
        ConfigException e = rejected(single("<run until_ms=\"1\"/>\n<expect component=\"cleint\" no_log=\"x\"/>\n"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("'cleint'"), e.getMessage());
    }

    @Test
    void invalidRegexIsRejectedWithTheRegexError() {
        ConfigException e = rejected(single("<run until_ms=\"1\"/>\n<expect log=\"round (trips\"/>\n"));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("invalid regular expression: Unclosed group"), e.getMessage());
    }

    @Test
    void expectationWithTwoKindsIsRejected() {
        assertEquals(4, rejected(single("<run until_ms=\"1\"/>\n<expect component=\"client\" log=\"x\" exit=\"0\"/>\n"))
                .line());
    }

    @Test
    void exitWithoutComponentIsRejected() {
        assertEquals(4, rejected(single("<run until_ms=\"1\"/>\n<expect exit=\"0\"/>\n")).line());
    }

    @Test
    void deadlineOnANonLogExpectationIsRejected() {
        assertEquals(4, rejected(single("<run until_ms=\"1\"/>\n<expect component=\"client\" exit=\"0\" before_ms=\"3\"/>\n"))
                .line());
    }

    @Test
    void bothMillisecondsAndMicrosecondsAreRejected() {
        assertEquals(3, rejected(single("<run until_ms=\"1\" until_us=\"1000\"/>\n")).line());
    }
}
