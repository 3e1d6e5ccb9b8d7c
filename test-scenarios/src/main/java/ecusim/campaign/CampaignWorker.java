package ecusim.campaign;

import ecusim.config.ConfigException;
import ecusim.platform.SnapshotException;
import ecusim.scenario.Scenario;
import ecusim.scenario.ScenarioReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker away from the campaign's driver (a Spark executor): given only the campaign file and jobs (ids),
 * it makes its own golden run, derives the same {@link CampaignPlan} and runs those experiments on its warm ECU.
 */
public final class CampaignWorker implements AutoCloseable {
    private final CampaignRunner runner;
    private final CampaignPlan plan;

    private CampaignWorker(CampaignRunner runner, CampaignPlan plan) {
        this.runner = runner;
        this.plan = plan;
    }

    /**
     * Reads the campaign and its scenario and makes the golden run; refuses ({@link IllegalStateException}) if
     * its {@link CampaignPlan#fingerprint} is not the driver's {@code fingerprint}: this machine has another
     * campaign file, scenario or guest build at that path, and its results would not be the campaign's.
     */
    public static CampaignWorker prepare(Path campaignFile, String fingerprint) throws ConfigException, SnapshotException {
        CampaignSpec spec = CampaignSpec.read(campaignFile);
        Scenario scenario = ScenarioReader.read(spec.scenario());
        CampaignRunner runner = CampaignRunner.prepare(scenario, spec.component(), spec.snapshots());
        try {
            CampaignPlan plan = CampaignPlan.of(spec, scenario, runner);
            if (spec.enumerate()) plan = plan.withDefUse(spec, runner); // the experiments are the def/use classes
            if (!plan.fingerprint(runner).equals(fingerprint)) {
                throw new IllegalStateException("the golden run of " + campaignFile + " here differs from the driver's: another campaign file, scenario or guest"
                        + " build at that path");
            }
            return new CampaignWorker(runner, plan);
        } catch (ConfigException | RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    /** Runs these experiments (each at the instruction its job names), fast-forwarded or each from a fresh boot. */
    public List<ExperimentResult> run(List<CampaignEngine.Job> jobs, boolean fastForward) {
        List<ExperimentResult> out = new ArrayList<>(jobs.size());
        for (CampaignEngine.Job job : jobs) {
            Experiment e = plan.experiment(job.id());
            out.add(runner.run(new Experiment(e.id(), job.instruction(), e.run(), e.fault()), fastForward));
        }
        return out;
    }

    @Override
    public void close() {
        runner.close();
    }
}
