package ecusim.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.fault.Fault;
import ecusim.emulator.fault.FaultLocation;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.ReplicationStats;
import ecusim.kernel.Thread;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compiled C components replicated from init's configuration (DWC and TMR) say exactly what they say run
 * once, retire the same instructions, and take longer; a fault injected into one run is detected and the
 * component's output stays the golden one.
 */
class ReplicatedComponentsTest {
    private static final String STARTS = """
            <start name="crc"> <resource name="RAM" quantum="1M"/> <config bytes="8192" seed="3"/> %s </start>
            <start name="matrix"> <resource name="RAM" quantum="1M"/> <config n="16" iterations="2"/> %s </start>
            <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="4"/> %s </start>""";

    private record Outcome(List<String> text, List<Long> instructions, List<ReplicationStats> stats, long cycles) {}

    private static Outcome run(String replication, String injectInto, int run) throws Exception {
        String config = "<config> <parent-provides> <service name=\"LOG\"/> <service name=\"Timer\"/> <service name=\"ROM\"/> </parent-provides>"
                + " <default-route> <any-service> <parent/> </any-service> </default-route>"
                + STARTS.formatted(replication, replication, replication) + "</config>";
        EventLog log = new EventLog();
        EcuConfig ecuConfig = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 32L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("test", config)), name -> ComponentImages.load(name).orElse(null));
        try (Ecu ecu = new Ecu(ecuConfig, log)) {
            ecu.boot();
            if (injectInto != null) {
                Thread target = ecu.init().component(injectInto).threads().getFirst();
                ecu.kernel().injectFault(target, 20_000, run, new Fault(new FaultLocation.CoreRegister(4), 9));
            }
            ecu.runUntil(40_000);
            List<String> text = new ArrayList<>();
            for (String line : log.lines) text.add(line.substring(line.indexOf(' ') + 1)); // what was said, not when
            List<Long> instructions = new ArrayList<>();
            List<ReplicationStats> stats = new ArrayList<>();
            for (Component c : ecu.components()) {
                if (c.threads().isEmpty()) continue;
                instructions.add(c.threads().getFirst().instructions());
                stats.add(c.task().replicationStats());
            }
            return new Outcome(text, instructions, stats, ecu.kernel().now() - ecu.kernel().idleCycles());
        }
    }

    /** Each component's lines in order (init's lines about a child go with the child). */
    private static java.util.Map<String, List<String>> byComponent(List<String> text) {
        java.util.Map<String, List<String>> out = new java.util.TreeMap<>();
        for (String line : text) {
            String key = line.startsWith("init: child \"") ? line.substring(13, line.indexOf('"', 13)) : line.split("[: ]", 2)[0];
            out.computeIfAbsent(key, x -> new ArrayList<>()).add(line);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"dwc, 1048576", "dwc, 5000", "tmr, 20000"})
    void replicatedComponentsSayWhatTheySayRunOnceAndRetireTheSameInstructions(String mode, long budget) throws Exception {
        Outcome once = run("", null, 0);
        Outcome replicated = run("<replication mode=\"" + mode + "\" pe_budget=\"" + budget + "\"/>", null, 0);
        assertEquals(byComponent(once.text()), byComponent(replicated.text())); // replication changes timing, so interleaving
        assertEquals(once.instructions(), replicated.instructions());
        int runs = mode.equals("tmr") ? 3 : 2;
        long pes = 0;
        for (ReplicationStats s : replicated.stats()) {
            assertEquals(0, s.mismatches(), s.toString());
            assertEquals(runs * s.pes(), s.runs(), s.toString());
            pes += s.pes();
        }
        assertTrue(pes > 0);
        assertTrue(replicated.cycles() > once.cycles() * 3 / 2, "replication costs time: " + replicated.cycles() + " vs " + once.cycles());
    }

    @ParameterizedTest
    @CsvSource({"0", "1"})
    void aRegisterFlipInEitherRunIsDetectedAndCrcStillComputesTheGoldenValue(int run) throws Exception {
        Outcome golden = run("", null, 0);
        Outcome unprotected = run("", "crc", 0);
        Outcome protectedRun = run("<replication mode=\"dwc\" pe_budget=\"5000\"/>", "crc", run);
        assertNotEquals(golden.text(), unprotected.text(), "the flip matters without DWC");
        assertEquals(byComponent(golden.text()), byComponent(protectedRun.text().stream().filter(l -> !l.contains("differed")).toList()));
        assertTrue(protectedRun.text().stream().anyMatch(l -> l.contains("\"crc\": the runs of processing element") && l.endsWith("restarted")),
                protectedRun.text().toString());
        assertEquals(1, protectedRun.stats().getFirst().corrected());
    }
}
