package ecusim.campaign;

import ecusim.config.ConfigException;
import ecusim.scenario.Scenario;
import java.util.List;

/**
 * What a campaign runs, derived from its file, its scenario and the golden run alone: the fault space and the
 * experiments drawn from it with the seed (the campaign's, else the scenario's). Every worker, thread or Spark
 * executor, derives the same plan, so that experiments travel as ids.
 */
public record CampaignPlan(FaultSpace space, long seed, List<Experiment> experiments) {
    public CampaignPlan {
        experiments = List.copyOf(experiments);
    }

    /** The plan of {@code spec} on the golden run {@code golden} of its {@code scenario}. */
    public static CampaignPlan of(CampaignSpec spec, Scenario scenario, CampaignRunner golden) throws ConfigException {
        FaultSpace space;
        try {
            space = new FaultSpace(spec.space(), golden.targetInstructions(), golden.writablePages(), golden.runs());
        } catch (IllegalArgumentException e) { // the component ran no instruction, or mapped no writable page
            throw new ConfigException(spec.file(), 0, "component \"" + spec.component() + "\": " + e.getMessage());
        }
        long seed = spec.seed().orElse(scenario.seed());
        return new CampaignPlan(space, seed, space.sample(seed, spec.experiments()));
    }

    /** The experiment with this id. */
    public Experiment experiment(int id) {
        Experiment e = experiments.get(id);
        if (e.id() != id) throw new IllegalStateException("experiment " + id + " is not at its index");
        return e;
    }
}
