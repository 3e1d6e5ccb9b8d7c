package ecusim.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.fault.FaultLocation;
import ecusim.scenario.ScenarioReader;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Def/use pruning of memory faults changes no experiment's outcome, and spares runs. */
class DefUseTest {
    private static CampaignRunner runner;
    private static DefUse defUse;

    @BeforeAll
    static void goldenRunAndTrace() throws Exception {
        runner = CampaignRunner.prepare(ScenarioReader.read("crc-campaign.xml", CampaignScenarios.SMALL_CRC), "crc", 8);
        defUse = runner.traceDefUse();
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    private static List<Experiment> memoryExperiments(long seed, int count) {
        return new FaultSpace(FaultSpace.Kind.MEMORY, runner.targetInstructions(), runner.writablePages(), 1).sample(seed, count);
    }

    private static int address(Experiment e) {
        return ((FaultLocation.MemoryByte) e.fault().location()).address();
    }

    /**
     * The property the pruning rests on, over seeds: a fault said never to be read runs OK, and one said to
     * be in a class gives, injected at the class's instruction instead, the outcome and detail it gives where
     * it was drawn.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aPrunedFaultGivesTheOutcomeOfTheFaultItStandsFor(long seed) {
        for (Experiment e : memoryExperiments(seed, 40)) {
            ExperimentResult drawn = runner.run(e, true);
            switch (defUse.verdict(e.instruction(), address(e))) {
                case DefUse.Unread u -> assertEquals(Outcome.OK, drawn.outcome(), e + ": " + u.why() + ", yet " + drawn);
                case DefUse.Represented r -> {
                    assertTrue(r.instruction() >= e.instruction(), e + " represented earlier, at " + r.instruction());
                    ExperimentResult represented = runner.run(new Experiment(e.id(), r.instruction(), 0, e.fault()), true);
                    assertEquals(drawn.outcome(), represented.outcome(), e + " stands for its class at " + r.instruction());
                    assertEquals(drawn.detail(), represented.detail(), e + " stands for its class at " + r.instruction());
                }
            }
        }
    }

    @Test
    void theTracedRunIsTheGoldenRunAndFindsFaultsNeverRead() {
        assertTrue(defUse.byteAccesses() > 0);
        DefUse.Census census = defUse.census(runner.targetInstructions());
        assertTrue(census.knownOkShare() > 0.05 && census.knownOkShare() < 1, "known OK share " + census.knownOkShare());
        assertTrue(census.classes() > 0);
        long unread = memoryExperiments(9, 200).stream().filter(e -> defUse.verdict(e.instruction(), address(e)) instanceof DefUse.Unread).count();
        assertTrue(unread > 0 && unread < 200, unread + " of 200 never read");
    }

    /** A store before any load of the byte kills the flip: its class is known OK; a load right after makes it run there. */
    @Test
    void aStoreKillsTheFlipAndALoadRepresentsItsClass() {
        int va = runner.writablePages().getFirst();
        boolean sawOverwrite = false, sawLoad = false;
        for (Experiment e : memoryExperiments(21, 400)) {
            DefUse.Verdict v = defUse.verdict(e.instruction(), address(e));
            if (v instanceof DefUse.Unread u && u.why().startsWith("overwritten at instruction ")) sawOverwrite = true;
            if (v instanceof DefUse.Represented) sawLoad = true;
        }
        assertTrue(sawOverwrite && sawLoad, "verdicts of both kinds in crc (page 0x" + Integer.toHexString(va) + " first)");
    }
}
