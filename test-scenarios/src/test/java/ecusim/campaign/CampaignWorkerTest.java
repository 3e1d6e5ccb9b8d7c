package ecusim.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.scenario.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker away from the driver runs what the driver would, and refuses a golden run that is not the driver's. */
class CampaignWorkerTest {
    private static Path campaign(Path dir, String scenario) throws Exception {
        Files.writeString(dir.resolve("crc.xml"), scenario);
        Path file = dir.resolve("c.xml");
        Files.writeString(file, "<campaign name=\"c\" scenario=\"crc.xml\" component=\"crc\" experiments=\"20\" snapshots=\"4\"/>\n");
        return file;
    }

    @Test
    void aWorkerGivesTheDriversResultsForTheSameJobs(@TempDir Path dir) throws Exception {
        Path file = campaign(dir, CampaignScenarios.SMALL_CRC);
        CampaignSpec spec = CampaignSpec.read(file);
        try (CampaignRunner driver = CampaignRunner.prepare(ScenarioReader.read(spec.scenario()), "crc", 4)) {
            CampaignPlan plan = CampaignPlan.of(spec, ScenarioReader.read(spec.scenario()), driver);
            List<CampaignEngine.Job> jobs = plan.experiments().stream().map(e -> new CampaignEngine.Job(e.id(), e.instruction())).toList();
            try (CampaignWorker worker = CampaignWorker.prepare(file, plan.fingerprint(driver))) {
                assertEquals(plan.experiments().stream().map(e -> driver.run(e, true)).toList(), worker.run(jobs, true));
            }
        }
    }

    @Test
    void aWorkerWhoseScenarioDiffersFromTheDriversRefuses(@TempDir Path dir) throws Exception {
        Path file = campaign(dir, CampaignScenarios.SMALL_CRC);
        CampaignSpec spec = CampaignSpec.read(file);
        String fingerprint;
        try (CampaignRunner driver = CampaignRunner.prepare(ScenarioReader.read(spec.scenario()), "crc", 4)) {
            fingerprint = CampaignPlan.of(spec, ScenarioReader.read(spec.scenario()), driver).fingerprint(driver);
        }
        campaign(dir, CampaignScenarios.SMALL_CRC.replace("bytes=\"2048\"", "bytes=\"1024\"")); // another machine's copy
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CampaignWorker.prepare(file, fingerprint));
        assertTrue(e.getMessage().contains("differs from the driver's"), e.getMessage());
    }
}
