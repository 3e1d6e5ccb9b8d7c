package ecusim.campaign;

import ecusim.emulator.fault.Fault;
import ecusim.emulator.fault.FaultLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults a campaign draws from, before any of the target thread's {@code instructions}: single-bit flips
 * of its core registers r0–r14 and PC (bits 1–31), or of any byte of {@code memoryPages} (the pages its task
 * had mapped writable at the end of the golden run; a flip in a page not yet mapped when the fault falls due
 * changes nothing, as a flip in a frame that is zeroed before use would). Sampled uniformly with a seed.
 * (Def/use pruning comes next.)
 */
public record FaultSpace(Kind kind, long instructions, List<Integer> memoryPages) {
    /** Which part of the machine state. */
    public enum Kind { REGISTERS, MEMORY }

    private static final int REGISTER_POINTS = 15 * 32, PC_POINTS = 31, PAGE_POINTS = 4096 * 8;

    public FaultSpace {
        if (instructions <= 0) throw new IllegalArgumentException("the target retired no instruction in the golden run");
        memoryPages = List.copyOf(memoryPages);
        if (kind == Kind.MEMORY && memoryPages.isEmpty()) throw new IllegalArgumentException("the target has no writable page");
    }

    /** The register space. */
    public FaultSpace(long instructions) {
        this(Kind.REGISTERS, instructions, List.of());
    }

    /** How many faults there are. */
    public long size() {
        return instructions * (kind == Kind.REGISTERS ? REGISTER_POINTS + PC_POINTS : (long) memoryPages.size() * PAGE_POINTS);
    }

    /** {@code count} experiments drawn uniformly (with replacement) from the space, the same for the same seed. */
    public List<Experiment> sample(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Experiment> out = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            long instruction = random.nextLong(instructions);
            Fault fault;
            if (kind == Kind.REGISTERS) {
                int point = random.nextInt(REGISTER_POINTS + PC_POINTS);
                fault = point < REGISTER_POINTS ? new Fault(new FaultLocation.CoreRegister(point / 32), point % 32)
                        : new Fault(new FaultLocation.Pc(), 1 + point - REGISTER_POINTS);
            } else {
                int page = memoryPages.get(random.nextInt(memoryPages.size()));
                int point = random.nextInt(PAGE_POINTS);
                fault = new Fault(new FaultLocation.MemoryByte(page + point / 8), point % 8);
            }
            out.add(new Experiment(id, instruction, fault));
        }
        return out;
    }
}
