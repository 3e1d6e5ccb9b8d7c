package ecusim.campaign;

import ecusim.emulator.fault.Fault;

/** One injection: {@code fault} into the target thread when it has retired {@code instruction} instructions. */
public record Experiment(int id, long instruction, Fault fault) {
    @Override
    public String toString() {
        return "#" + id + " " + fault + " at " + instruction;
    }
}
