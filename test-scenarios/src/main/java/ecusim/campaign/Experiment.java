package ecusim.campaign;

import ecusim.emulator.fault.Fault;

/**
 * One injection: {@code fault} into the target thread when it has retired {@code instruction} instructions,
 * in run {@code run} (0 first) of the processing element that reaches it when the target is replicated (0
 * otherwise).
 */
public record Experiment(int id, long instruction, int run, Fault fault) {
    /** The location column of the results: the location, and for a stuck-at fault the value it holds ("r3 stuck-at-1"). */
    public String location() {
        return fault.location() + (fault.kind() == Fault.Kind.FLIP ? "" : " stuck-at-" + fault.stuckValue());
    }

    @Override
    public String toString() {
        return "#" + id + " " + fault + " at " + instruction + (run == 0 ? "" : " in run " + run);
    }
}
