package ecusim.campaign;

import ecusim.emulator.fault.Fault;
import ecusim.emulator.fault.FaultLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Single-bit flips in the target thread's core registers r0–r14 and PC (bits 1–31) before any of its
 * instructions: {@code instructions} × (15 × 32 + 31) points, sampled uniformly with a seed. (Memory and
 * def/use pruning come next.)
 */
public record FaultSpace(long instructions) {
    private static final int REGISTER_POINTS = 15 * 32, PC_POINTS = 31;

    public FaultSpace {
        if (instructions <= 0) throw new IllegalArgumentException("the target retired no instruction in the golden run");
    }

    /** How many faults there are. */
    public long size() {
        return instructions * (REGISTER_POINTS + PC_POINTS);
    }

    /** {@code count} experiments drawn uniformly (with replacement) from the space, the same for the same seed. */
    public List<Experiment> sample(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Experiment> out = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            long instruction = random.nextLong(instructions);
            int point = random.nextInt(REGISTER_POINTS + PC_POINTS);
            Fault fault = point < REGISTER_POINTS ? new Fault(new FaultLocation.CoreRegister(point / 32), point % 32)
                    : new Fault(new FaultLocation.Pc(), 1 + point - REGISTER_POINTS);
            out.add(new Experiment(id, instruction, fault));
        }
        return out;
    }
}
