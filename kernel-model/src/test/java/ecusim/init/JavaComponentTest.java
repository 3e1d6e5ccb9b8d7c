package ecusim.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.platform.ComponentReports;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.SnapshotException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Init starts a component implemented in Java by its binary name, from the ECU's registry; as a parent it
 * creates a real guest child on its own quota and serves the child's parent interface and its PD, RM and CPU
 * sessions itself, forwarding to core's.
 */
class JavaComponentTest {
    private static final String PROVIDES = """
            <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
            <default-route> <any-service> <parent/> </any-service> </default-route>
            """;
    private final ComponentReports reports = new ComponentReports();
    private final List<String> log = reports.log, ends = reports.ends;
    private final List<ForwardingParent> made = new ArrayList<>();
    private Ecu ecu;

    private Ecu boot(String starts) throws Exception {
        InitConfig init = InitConfig.parse(XmlReader.parse("test", "<config>" + PROVIDES + starts + "</config>"));
        Supplier<JavaComponent> forwarder = () -> {
            ForwardingParent p = new ForwardingParent();
            made.add(p);
            return p;
        };
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 32L << 20, 1000, CostModel.cortexA9(), init,
                name -> ComponentImages.load(name).orElse(null), Map.of("forwarder", forwarder));
        ecu = new Ecu(config, reports);
        ecu.boot();
        return ecu;
    }

    @AfterEach
    void close() {
        if (ecu != null) ecu.close();
    }

    @Test
    void aJavaParentRunsAGuestChildWhoseSessionsItServesAndForwards() throws Exception {
        boot("""
                <start name="fwd"> <binary name="forwarder"/> <resource name="RAM" quantum="2M"/>
                  <config child="counter"> <config period_ms="1" limit="3"/> </config> </start>
                """);
        ecu.runUntil(10_000);
        assertTrue(log.contains("fwd -> counter: count 3"), String.join("\n", log));
        assertEquals(1, made.size());
        var counted = made.getFirst().counted;
        assertTrue(counted.getOrDefault("RM attach", 0) > 0, "the child's RM session went through its parent: " + counted);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("fwd: child exited with 0; passed through: {") && l.contains("RM attach")), String.join("\n", log));
        assertEquals(List.of("fwd exited 0"), ends, "the parent exits with its child's code, reported by init");
    }

    @Test
    void aJavaComponentThatCannotStartIsReportedAndTheOthersRun() throws Exception {
        boot("""
                <start name="fwd"> <binary name="forwarder"/> <resource name="RAM" quantum="2M"/> </start>
                <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="2"/> </start>
                """);
        ecu.runUntil(5_000);
        assertTrue(ends.getFirst().startsWith("fwd stopped: its config names no child"), ends.toString());
        assertTrue(log.contains("counter: count 2"), String.join("\n", log));
    }

    @Test
    void anEcuRunningAJavaComponentThatKeepsNoStateIsNotSavedButSaysWhy() throws Exception {
        boot("""
                <start name="fwd"> <binary name="forwarder"/> <resource name="RAM" quantum="2M"/>
                  <config child="counter"> <config period_ms="1" limit="3"/> </config> </start>
                """);
        ecu.runUntil(1_000);
        SnapshotException e = assertThrows(SnapshotException.class, () -> ecu.snapshot());
        assertTrue(e.getMessage().contains("Java component \"fwd\""), e.getMessage());
    }

    @Test
    void theParentProtocolsSessionTableIsEnumerable() throws Exception {
        boot("<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"10\"/> </start>");
        ecu.runUntil(2_000);
        List<InitState.SavedSession> sessions = ecu.init().sessionsOf("counter");
        assertTrue(sessions.stream().anyMatch(s -> s.service().equals("Timer")), sessions.toString());
        assertTrue(sessions.stream().anyMatch(s -> s.service().equals("ROM") && s.label().equals("config")), sessions.toString());
        assertTrue(sessions.stream().allMatch(s -> s.core() && s.quota() >= 4096 && s.id() > 0), sessions.toString());
    }
}
