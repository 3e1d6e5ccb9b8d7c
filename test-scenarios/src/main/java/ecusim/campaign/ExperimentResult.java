package ecusim.campaign;

/** What an experiment gave; {@code detail} says why (the differing line, the stop's reason). */
public record ExperimentResult(Experiment experiment, Outcome outcome, String detail) {}
