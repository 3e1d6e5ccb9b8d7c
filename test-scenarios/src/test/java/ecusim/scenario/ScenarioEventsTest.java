package ecusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.ConfigException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Timed events and links in a scenario file: read as written, and a malformed one named by file and line. */
class ScenarioEventsTest {
    private static final String ECU = """
              <ecu name="%s">
                <config>
                  <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                  <default-route> <any-service> <parent/> </any-service> </default-route>
                  <start name="rtcr"> <binary name="rtcr"/> <resource name="RAM" quantum="4M"/>
                    <config mode="write-bit"> <start name="counter"> <resource name="RAM" quantum="1M"/> </start> </config> </start>
                </config>
              </ecu>
            """;

    /** Two ECUs with an Rtcr each, then {@code tail} (its first line is line 19). */
    private static String scenario(String tail) {
        return "<scenario name=\"s\">\n" + ECU.formatted("A") + ECU.formatted("B") + "<run until_ms=\"100\"/>\n" + tail + "</scenario>\n";
    }

    private static ConfigException rejected(String tail) {
        return assertThrows(ConfigException.class, () -> ScenarioReader.read("/scenarios/bad.xml", scenario(tail)));
    }

    @Test
    void eventsAndLinksAreReadAsWritten() throws ConfigException {
        Scenario s = ScenarioReader.read("/scenarios/s.xml", scenario("""
                <link between="A B" bandwidth_kbps="1000" latency_us="250"/>
                <at ms="20" every_ms="10" ecu="A" checkpoint="rtcr" send_to="B"/>
                <at us="75500" fail="A"/>
                <at ms="80" ecu="B" restore="rtcr"/>
                <at ms="90" migrate="rtcr" from="B" to="A"/>
                """));
        assertEquals(new Link("A", "B", 1_000_000, 250, 19), s.links().getFirst());
        assertEquals(new ScenarioEvent(20_000, 10_000, ScenarioEvent.Kind.CHECKPOINT, "A", "rtcr", Optional.of("B"), 20), s.events().get(0));
        assertEquals(new ScenarioEvent(75_500, 0, ScenarioEvent.Kind.FAIL, "A", "", Optional.empty(), 21), s.events().get(1));
        assertEquals(ScenarioEvent.Kind.RESTORE, s.events().get(2).kind());
        assertEquals(new ScenarioEvent(90_000, 0, ScenarioEvent.Kind.MIGRATE, "B", "rtcr", Optional.of("A"), 23), s.events().get(3));
        assertEquals(1_000 + 250, s.links().getFirst().transferMicros(125), "125 bytes at 1 Mbit/s take 1 ms, plus the latency");
    }

    @Test
    void aMalformedEventIsNamedByFileAndLine() {
        var e = rejected("<at ms=\"20\" ecu=\"C\" checkpoint=\"rtcr\"/>\n");
        assertTrue(e.getMessage().startsWith("/scenarios/bad.xml:19:") && e.getMessage().contains("ECU \"C\""), e.getMessage());
        e = rejected("<at ms=\"20\" ecu=\"A\" checkpoint=\"counter\"/>\n");
        assertTrue(e.getMessage().contains("starts no Rtcr of that name"), e.getMessage());
        e = rejected("<at ms=\"20\" ecu=\"A\" checkpoint=\"rtcr\" restore=\"rtcr\"/>\n");
        assertTrue(e.getMessage().contains("exactly one of"), e.getMessage());
        e = rejected("<at ecu=\"A\" checkpoint=\"rtcr\"/>\n");
        assertTrue(e.getMessage().contains("needs 'ms' or 'us'"), e.getMessage());
        e = rejected("<at ms=\"20\" migrate=\"rtcr\" from=\"A\" to=\"B\"/>\n");
        assertTrue(e.getMessage().contains("which no <link> joins"), e.getMessage());
        e = rejected("<link between=\"A A\" bandwidth_kbps=\"10\"/>\n");
        assertTrue(e.getMessage().startsWith("/scenarios/bad.xml:19:") && e.getMessage().contains("two different ECUs"), e.getMessage());
        e = rejected("<link between=\"A B\" bandwidth_kbps=\"0\"/>\n");
        assertTrue(e.getMessage().contains("bandwidth_kbps 0"), e.getMessage());
    }

    @Test
    void anRtcrWithAnIntervalCheckpointsByItselfIncrementallyUntilItsGroupIsDone() throws Exception {
        String text = "<scenario name=\"s\">\n" + ECU.formatted("A").replace("mode=\"write-bit\"", "mode=\"write-bit\" interval_ms=\"10\"")
                .replace("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"1M\"/> </start>",
                        "<start name=\"counter\"> <resource name=\"RAM\" quantum=\"1M\"/> <config period_ms=\"4\" limit=\"8\"/> </start>")
                + "<run until_ms=\"100\"/>\n</scenario>\n";
        var result = ScenarioRunner.run(ScenarioReader.read("/scenarios/s.xml", text), line -> { });
        var checkpoints = result.lines().stream().filter(l -> l.contains("rtcr: checkpoint")).toList();
        assertEquals(3, checkpoints.size(), String.join("\n", result.lines()));
        assertTrue(checkpoints.get(0).startsWith("[A 0.010000] rtcr: checkpoint 1 (full)"), checkpoints.get(0));
        assertTrue(checkpoints.get(2).startsWith("[A 0.030000] rtcr: checkpoint 3 (incremental)"), checkpoints.get(2));
        assertTrue(result.lines().stream().anyMatch(l -> l.endsWith("rtcr -> counter: done")), "the group ran to its end; no checkpoint after it");
    }

    @Test
    void aMalformedRtcrConfigIsNamedByFileAndLine() {
        String bad = "<scenario name=\"s\">\n" + ECU.formatted("A").replace("mode=\"write-bit\"", "mode=\"sometimes\"") + "<run until_ms=\"1\"/>\n</scenario>\n";
        var e = assertThrows(ConfigException.class, () -> ScenarioReader.read("/scenarios/bad.xml", bad));
        assertTrue(e.getMessage().startsWith("/scenarios/bad.xml:7:") && e.getMessage().contains("mode \"sometimes\""), e.getMessage());
    }
}
