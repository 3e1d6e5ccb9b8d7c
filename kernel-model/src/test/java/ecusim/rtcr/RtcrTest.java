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
            a.runUntil(60_000);
            b.runUntil(60_000);
            List<String> expected = texts(reference.lines.subList(before, reference.lines.size()));
            List<String> actual = texts(restored.lines.subList(before, restored.lines.size()));
            assertEquals(expected, actual);
            assertTrue(actual.contains("rtcr -> counter: count 40"), actual.toString());
        }
    }

    @Test
    void aRestoredCounterAsksForNoSessionAgainCountsOnFromNPlusOneAndStartsAtItsCheckpointedPc() throws Exception {
        EventLog log = new EventLog();
        try (Ecu ecu = boot(COUNTER, log)) {
            ecu.runUntil(7_500);
            int requests = rtcr(ecu).sessionRequests("counter");
            CheckpointImage image = rtcr(ecu).checkpoint(false);
            String last = log.lines.getLast();
            int n = Integer.parseInt(last.substring(last.lastIndexOf(' ') + 1));
            int mark = log.lines.size();
            int pc = image.children().getFirst().threads().getFirst().registers().pc();
            List<Integer> firstPc = new java.util.ArrayList<>();
            ecu.kernel().addListener(new ecusim.kernel.KernelListener() {
                @Override
                public void switched(ecusim.kernel.Thread from, ecusim.kernel.Thread to) {
                    if (to != null && firstPc.isEmpty()) firstPc.add(to.registers().pc());
                }
            });
            rtcr(ecu).restore(List.of(image));
            ecu.runUntil(9_000);
            assertTrue(requests > 0, "the counter asked for its LOG and Timer sessions before");
            assertEquals(0, rtcr(ecu).sessionRequests("counter"), "the restored counter has its sessions");
            assertEquals("rtcr -> counter: count " + (n + 1), texts(log.lines.subList(mark, mark + 1)).getFirst());
            assertEquals(List.of(pc), firstPc, "the first instruction it runs is the one it was checkpointed at");
        }
    }

    @Test
    void threeHundredRestoresOnOneEcuLeaveItsKernelMemoryTasksAndFreeRamAsTheyWere() throws Exception {
        try (Ecu ecu = boot(COUNTER, new EventLog())) {
            ecu.runUntil(3_000);
            CheckpointImage image = rtcr(ecu).checkpoint(false);
            rtcr(ecu).restore(List.of(image));
            int objects = ecu.kernel().objects().size(), tasks = ecu.kernel().tasks().size();
            long free = ecu.kernel().frames().freeBytes();
            for (int i = 0; i < 300; i++) rtcr(ecu).restore(List.of(image));
            assertEquals(objects, ecu.kernel().objects().size(), "kernel objects");
            assertEquals(tasks, ecu.kernel().tasks().size(), "tasks");
            assertEquals(free, ecu.kernel().frames().freeBytes(), "free RAM");
        }
    }

    @Test
    void aRestoreIntoFramesThatHeldOtherCodeRunsTheRestoredCode() throws Exception {
        String config = "<config mode=\"full\"> <start name=\"counter\"> <resource name=\"RAM\" quantum=\"1M\"/> <config period_ms=\"1\" limit=\"6\"/> </start> </config>";
        CheckpointImage image;
        try (Ecu source = boot(config, new EventLog())) {
            source.runUntil(2_500);
            image = rtcr(source).checkpoint(false);
        }
        // The target's Rtcr runs crc (other code) besides a counter of its own; the restore ends both and puts
        // the checkpointed counter into the frames they had.
        EventLog log = new EventLog();
        String withCrc = config.replace("<config mode=\"full\">", "<config mode=\"full\"> <start name=\"crc\"> <resource name=\"RAM\" quantum=\"1M\"/> </start>");
        try (Ecu target = boot(withCrc, log)) {
            target.runUntil(100);
            var before = new java.util.HashSet<Long>();
            var child = target.core().components().stream().filter(c -> c.name().equals("rtcr -> crc") && !c.destroyed()).findFirst().orElseThrow();
            for (var d : child.pd().dataspaces()) for (int o = 0; o < d.size(); o += 4096) before.add(d.frame(o));
            rtcr(target).restore(List.of(CheckpointImage.decode(image.encode())));
            var restored = target.core().components().stream().filter(c -> c.name().equals("rtcr -> counter") && !c.destroyed()).findFirst().orElseThrow();
            long reused = restored.pd().dataspaces().stream().flatMap(d -> java.util.stream.IntStream.iterate(0, o -> o < d.size(), o -> o + 4096).mapToObj(d::frame))
                    .filter(before::contains).count();
            target.runUntil(20_000);
            assertTrue(reused > 0, "the restored counter got frames crc had");
            assertTrue(texts(log.lines).contains("rtcr -> counter: count 6"), log.lines.toString());
        }
    }

    /**
     * Seed 001's tiles: a dataspace of 3.5 tiles (14 pages, G = 4) whose last, partial tile alone is written
     * between two checkpoints has just that tile copied by the incremental one, and after a restore the child
     * reads back what it wrote there.
     */
    @Test
    void aDataspaceOfThreeAndAHalfTilesWrittenOnlyInItsLastTileHasOnlyThatTileCopied() throws Exception {
        String config = "<config mode=\"designated\" granularity=\"4\"> <start name=\"walk\"> <binary name=\"memwalk\"/>"
                + " <resource name=\"RAM\" quantum=\"1M\"/> <config pages=\"14\" first=\"12\" span=\"2\" rounds=\"40\" pause_us=\"500\"/> </start> </config>";
        EventLog reference = new EventLog(), restored = new EventLog();
        try (Ecu a = boot(config, reference); Ecu b = boot(config, restored)) {
            List<CheckpointImage> chain = new java.util.ArrayList<>();
            for (Ecu ecu : List.of(a, b)) {
                ecu.runUntil(3_000);
                chain.add(rtcr(ecu).checkpoint(true));
                ecu.runUntil(6_000);
                chain.add(rtcr(ecu).checkpoint(true));
            }
            CheckpointImage incremental = chain.get(3);
            var buffer = incremental.children().getFirst().dataspaces().stream().filter(d -> d.size() == 14 * 4096).findFirst().orElseThrow();
            assertEquals(4, buffer.tilePages());
            List<Integer> copied = incremental.pages().stream().filter(p -> p.dataspace() == buffer.id()).map(p -> p.offset() / 4096).toList();
            assertEquals(List.of(12, 13), copied, "only the last tile, which is half a tile, was copied");
            int mark = restored.lines.size();
            rtcr(b).restore(chain.subList(2, 4));
            a.runUntil(60_000);
            b.runUntil(60_000);
            assertEquals(texts(reference.lines.subList(mark, reference.lines.size())), texts(restored.lines.subList(mark, restored.lines.size())));
            assertTrue(texts(restored.lines).stream().anyMatch(l -> l.startsWith("rtcr -> walk: pattern=sequential pages=14 rounds=40 checksum=")), restored.lines.toString());
        }
    }

    /**
     * An incremental chain describes the same state as a full image taken at the same moment (right after it,
     * nothing having run in between) — with tracking begun at 30 µs of memwalk, before it has mapped most of
     * its pages — and so does the chain flattened, for each mode that tracks.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"write-bit", "designated/1", "designated/4"})
    void anIncrementalChainIsTheFullImageTakenAtTheSameMoment(String mode) throws Exception {
        String config = "<config " + RtcrRestoreEquivalenceTest.modeAttributes(mode) + "> <start name=\"walk\"> <binary name=\"memwalk\"/>"
                + " <resource name=\"RAM\" quantum=\"2M\"/> <config pages=\"96\" pattern=\"random\" rounds=\"30\" pause_us=\"300\"/> </start> </config>";
        try (Ecu ecu = boot(config, new EventLog())) {
            ecu.runUntil(30);
            List<CheckpointImage> chain = new java.util.ArrayList<>(List.of(rtcr(ecu).checkpoint(true)));
            for (long at : new long[] {700, 1_900, 4_100}) {
                ecu.runUntil(at);
                chain.add(rtcr(ecu).checkpoint(true));
                CheckpointImage full = rtcr(ecu).checkpoint(false);
                assertTrue(chain.getLast().incremental() && !full.incremental());
                long shift = full.header().resumedAtCycles() - chain.getLast().header().resumedAtCycles();
                List<String> expected = List.of(RtcrRestoreEquivalenceTest.state(List.of(full), 0).split("\n"));
                assertEquals(expected, List.of(RtcrRestoreEquivalenceTest.state(chain, shift).split("\n")), "at " + at + " us");
                assertEquals(expected, List.of(RtcrRestoreEquivalenceTest.state(List.of(CheckpointImage.flatten(chain)), shift).split("\n")),
                        "flattened, at " + at + " us");
                chain = new java.util.ArrayList<>(List.of(full)); // the next incremental image builds on the full one
            }
        }
    }

    /** The line without its time: what a restore must keep equal. */
    static List<String> texts(List<String> lines) {
        return lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }
}
