package ecusim.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.scenario.ScenarioReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Register faults in crc under DWC: the comparison detects them, the restart corrects them. */
class ReplicatedCampaignTest {
    private static CampaignRunner dwc, plain;

    @BeforeAll
    static void goldenRuns() throws Exception {
        String replicated = CampaignScenarios.SMALL_CRC.replace("<config bytes=\"2048\" seed=\"1\"/>",
                "<config bytes=\"2048\" seed=\"1\"/> <replication mode=\"dwc\" pe_budget=\"4000\"/>");
        dwc = CampaignRunner.prepare(ScenarioReader.read("crc-dwc.xml", replicated), "crc", 8);
        plain = CampaignRunner.prepare(ScenarioReader.read("crc.xml", CampaignScenarios.SMALL_CRC), "crc", 8);
    }

    @AfterAll
    static void close() {
        dwc.close();
        plain.close();
    }

    private static List<Experiment> experiments(CampaignRunner runner, long seed, int count) {
        return new FaultSpace(FaultSpace.Kind.REGISTERS, runner.targetInstructions(), List.of(), runner.runs()).sample(seed, count);
    }

    @Test
    void replicationRetiresTheSameInstructionsAndSaysTheSame() {
        assertEquals(2, dwc.runs());
        assertEquals(1, plain.runs());
        assertEquals(plain.targetInstructions(), dwc.targetInstructions());
        assertEquals(plain.golden(), dwc.golden());
    }

    /** What traps or corrupts crc run once is detected under DWC, and corrected: crc's output is the golden one. */
    @Test
    void faultsThatHarmCrcRunOnceAreDetectedAndCorrectedUnderDwc() {
        List<Experiment> sample = experiments(dwc, 3, 80);
        int harmful = 0;
        for (Experiment e : sample) {
            ExperimentResult once = plain.run(new Experiment(e.id(), e.instruction(), 0, e.fault()), true);
            ExperimentResult replicated = dwc.run(e, true);
            assertTrue(replicated.outcome() == Outcome.OK || replicated.outcome() == Outcome.DETECTED, e + " " + replicated);
            if (replicated.outcome() == Outcome.DETECTED) assertTrue(replicated.detail().startsWith("corrected ("), replicated.toString());
            if (once.outcome() == Outcome.TRAP || once.outcome() == Outcome.SDC) {
                harmful++;
                assertEquals(Outcome.DETECTED, replicated.outcome(), e + " run once: " + once);
            }
        }
        assertTrue(harmful > 10, "the sample has harmful faults: " + harmful);
    }

    @Test
    void faultsUnderDwcClassifyTheSameFromSnapshotsAsFromBoot() {
        for (Experiment e : experiments(dwc, 11, 40)) assertEquals(dwc.run(e, false), dwc.run(e, true), e.toString());
    }

    @Test
    void theRunAFaultHitsIsDrawnForAReplicatedTarget() {
        Map<Integer, Long> runs = experiments(dwc, 5, 200).stream().collect(Collectors.groupingBy(Experiment::run, Collectors.counting()));
        assertEquals(2, runs.size(), runs.toString());
        assertTrue(experiments(plain, 5, 200).stream().allMatch(e -> e.run() == 0));
    }
}
