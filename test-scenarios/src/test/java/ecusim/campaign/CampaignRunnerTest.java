package ecusim.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.ConfigException;
import ecusim.scenario.ScenarioReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Single-bit register faults in crc, classified against its golden run. */
class CampaignRunnerTest {
    private static final String SCENARIO = CampaignScenarios.SMALL_CRC;

    private static CampaignRunner runner;

    @BeforeAll
    static void goldenRun() throws Exception {
        runner = CampaignRunner.prepare(ScenarioReader.read("crc-campaign.xml", SCENARIO), "crc", 8);
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    private static List<Experiment> experiments(long seed, int count) {
        return new FaultSpace(runner.targetInstructions()).sample(seed, count);
    }

    @Test
    void theGoldenRunEndsEveryComponent() {
        assertTrue(runner.golden().contains("crc exited 0"), runner.golden().toString());
        assertTrue(runner.golden().contains("counter exited 0"), runner.golden().toString());
    }

    /** The requirement of issue 13: fast-forwarding by in-place restore classifies exactly as booting does. */
    @Test
    void aHundredRandomFaultsClassifyTheSameFromSnapshotsAsFromBoot() {
        for (Experiment e : experiments(7, 100)) {
            ExperimentResult fromBoot = runner.run(e, false), fastForwarded = runner.run(e, true);
            assertEquals(fromBoot, fastForwarded, e.toString());
        }
    }

    /** Stuck-at faults (held for 500 instructions) also classify the same fast-forwarded as from boot. */
    @Test
    void stuckAtFaultsClassifyTheSameFromSnapshotsAsFromBoot() {
        FaultSpace space = new FaultSpace(FaultSpace.Kind.REGISTERS, runner.targetInstructions(), List.of(), 1, new FaultSpace.Model(true, 500));
        for (Experiment e : space.sample(13, 30)) {
            assertEquals(runner.run(e, false), runner.run(e, true), e.toString());
        }
    }

    @Test
    void theSameExperimentsTwiceGiveTheSameResults() {
        List<Experiment> experiments = experiments(11, 40);
        assertEquals(experiments.stream().map(e -> runner.run(e, true)).toList(), experiments.stream().map(e -> runner.run(e, true)).toList());
    }

    /** Register flips in crc give more than one kind of outcome, and never a platform failure. */
    @Test
    void registerFlipsInCrcAreOkSdcOrTrapButNeverAPlatformFailure() {
        Map<Outcome, Long> counts = experiments(3, 120).stream().map(e -> runner.run(e, true))
                .collect(Collectors.groupingBy(ExperimentResult::outcome, Collectors.counting()));
        assertEquals(null, counts.get(Outcome.PLATFORM), counts.toString());
        assertTrue(counts.getOrDefault(Outcome.OK, 0L) > 0, counts.toString());
        assertTrue(counts.getOrDefault(Outcome.TRAP, 0L) > 0, counts.toString());
        assertTrue(counts.getOrDefault(Outcome.SDC, 0L) + counts.getOrDefault(Outcome.TIMEOUT, 0L) > 0, counts.toString());
    }

    @Test
    void aScenarioWithoutTheTargetIsRefusedNamingTheFile() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> CampaignRunner.prepare(ScenarioReader.read("crc-campaign.xml", SCENARIO), "nosuch", 2));
        assertEquals("crc-campaign.xml: no component \"nosuch\" to inject faults into", e.getMessage());
    }

    @Test
    void samplingIsTheSameForTheSameSeedAndCoversTheSpace() {
        FaultSpace space = new FaultSpace(1000);
        assertEquals(space.sample(5, 50), space.sample(5, 50));
        assertEquals(1000L * (15 * 32 + 31), space.size());
        assertTrue(space.sample(5, 2000).stream().allMatch(e -> e.instruction() >= 0 && e.instruction() < 1000));
    }

    private static List<Experiment> memoryExperiments(long seed, int count) {
        return new FaultSpace(FaultSpace.Kind.MEMORY, runner.targetInstructions(), runner.writablePages(), 1).sample(seed, count);
    }

    @Test
    void theMemorySpaceIsTheTargetsWritablePagesBitByBit() {
        List<Integer> pages = runner.writablePages();
        assertTrue(pages.size() >= 3, "data, heap and stack pages: " + pages);
        FaultSpace space = new FaultSpace(FaultSpace.Kind.MEMORY, 1000, pages, 1);
        assertEquals(1000L * pages.size() * 4096 * 8, space.size());
        for (Experiment e : space.sample(9, 500)) {
            var m = (ecusim.emulator.fault.FaultLocation.MemoryByte) e.fault().location();
            assertTrue(pages.contains(m.address() & ~0xFFF), e.toString());
        }
    }

    /** Memory flips classify the same fast-forwarded as booted, and some of them corrupt crc's result. */
    @Test
    void memoryFlipsClassifyTheSameFromSnapshotsAndSomeAreSilentDataCorruption() {
        List<ExperimentResult> results = new java.util.ArrayList<>();
        for (Experiment e : memoryExperiments(5, 60)) {
            ExperimentResult fast = runner.run(e, true);
            assertEquals(runner.run(e, false), fast, e.toString());
            results.add(fast);
        }
        Map<Outcome, Long> counts = results.stream().collect(Collectors.groupingBy(ExperimentResult::outcome, Collectors.counting()));
        assertEquals(null, counts.get(Outcome.PLATFORM), counts.toString());
        assertTrue(counts.getOrDefault(Outcome.OK, 0L) > 0, counts.toString());
    }
}
