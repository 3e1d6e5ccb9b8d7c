package ecusim.rtcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EventLog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtcrTest {
    private static final String PROVIDES = """
            <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
            <default-route> <any-service> <parent/> </any-service> </default-route>
            """;

    static Ecu boot(String rtcrConfig, EventLog log) throws Exception {
        return boot(rtcrConfig, log, 666_000_000L);
    }

    static Ecu boot(String rtcrConfig, EventLog log, long clockHz) throws Exception {
        InitConfig init = InitConfig.parse(XmlReader.parse("test", "<config>" + PROVIDES
                + "<start name=\"rtcr\"> <binary name=\"rtcr\"/> <resource name=\"RAM\" quantum=\"8M\"/>" + rtcrConfig + "</start></config>"));
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, clockHz, 32L << 20, 1000, CostModel.cortexA9(), init,
                name -> ComponentImages.load(name).orElse(null), Map.of(Rtcr.BINARY, Rtcr::new));
        Ecu ecu = new Ecu(config, log);
        ecu.boot();
        return ecu;
    }

    static Rtcr rtcr(Ecu ecu) {
        return (Rtcr) ecu.init().javaComponent("rtcr");
    }

    private static final String COUNTER = """
            <config mode="full"> <start name="counter"> <resource name="RAM" quantum="1M"/> <config period_ms="1" limit="40"/> </start> </config>
            """;

    @Test
    void aCounterRestoredFromItsCheckpointCountsOnFromWhereItWas() throws Exception {
        EventLog reference = new EventLog(), restored = new EventLog();
        try (Ecu a = boot(COUNTER, reference); Ecu b = boot(COUNTER, restored)) {
            a.runUntil(12_345);
            b.runUntil(12_345);
            rtcr(a).checkpoint(false);
            CheckpointImage image = rtcr(b).checkpoint(false);
            int before = restored.lines.size();
            var oldTask = b.init().javaComponent("rtcr") == null ? null : b.core().components().stream().filter(c -> c.name().equals("rtcr -> counter")).findFirst().orElseThrow().task();
            rtcr(b).restore(List.of(image));
            var newTask = b.core().components().stream().filter(c -> c.name().equals("rtcr -> counter") && !c.destroyed()).findFirst().orElseThrow().task();
            assertTrue(oldTask != newTask && oldTask.deleted(), "the child was made again");
            System.out.println(rtcr(b).checkpointStats() + "\n" + rtcr(b).restoreStats() + "\n" + image.pages().size() + " pages, " + image.encode().length + " bytes");
            a.runUntil(60_000);
            b.runUntil(60_000);
            List<String> expected = texts(reference.lines.subList(before, reference.lines.size()));
            List<String> actual = texts(restored.lines.subList(before, restored.lines.size()));
            assertEquals(expected, actual);
            System.out.println(actual);
            assertTrue(actual.contains("rtcr -> counter: count 40"), actual.toString());
        }
    }

    /** The line without its time: what a restore must keep equal. */
    static List<String> texts(List<String> lines) {
        return lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }
}
