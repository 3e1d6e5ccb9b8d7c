package ecusim.campaign;

/** What an experiment gave; {@code detail} says why (the differing line, the stop's reason). */
public record ExperimentResult(Experiment experiment, Outcome outcome, String detail) {
    /** The same outcome and detail for {@code other} (a member of the class this one ran for). */
    public ExperimentResult withExperiment(Experiment other) {
        return new ExperimentResult(other, outcome, detail);
    }
}
