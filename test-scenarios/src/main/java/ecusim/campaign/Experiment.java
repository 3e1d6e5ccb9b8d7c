package ecusim.campaign;

import ecusim.emulator.fault.Fault;

/**
 * One injection: {@code fault} into the target thread when it has retired {@code instruction} instructions,
 * in run {@code run} (0 first) of the processing element that reaches it when the target is replicated (0
 * otherwise).
 */
public record Experiment(int id, long instruction, int run, Fault fault) {
    @Override
    public String toString() {
        return "#" + id + " " + fault + " at " + instruction + (run == 0 ? "" : " in run " + run);
    }
}
