package ecusim.campaign;

import ecusim.emulator.fault.Fault;
import ecusim.emulator.fault.FaultLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults a campaign draws from, before any of the target thread's {@code instructions}: single-bit flips
 * of its core registers r0–r14 and PC (bits 1–31), of its VFP registers d0–d31, or of any byte of
 * {@code memoryPages} (the pages its task had mapped writable in the golden run; a flip in a page not yet
 * mapped when the fault falls due changes nothing, as a flip in a frame that is zeroed before use would).
 * A replicated target runs each instruction {@code runs} times: a transient fault hits one of those runs, so
 * the run is one more dimension of the space. Sampled uniformly with a seed. (Def/use pruning comes next.)
 */
public record FaultSpace(Kind kind, long instructions, List<Integer> memoryPages, int runs) {
    /** Which part of the machine state. */
    public enum Kind { REGISTERS, VFP, MEMORY }

    private static final int REGISTER_POINTS = 15 * 32, PC_POINTS = 31, VFP_POINTS = 32 * 64, PAGE_POINTS = 4096 * 8;

    public FaultSpace {
        if (instructions <= 0) throw new IllegalArgumentException("the target retired no instruction in the golden run");
        memoryPages = List.copyOf(memoryPages);
        if (kind == Kind.MEMORY && memoryPages.isEmpty()) throw new IllegalArgumentException("the target has no writable page");
        if (runs < 1 || runs > 3) throw new IllegalArgumentException("runs " + runs + ": 1 to 3");
    }

    /** The register space of a target that is not replicated. */
    public FaultSpace(long instructions) {
        this(Kind.REGISTERS, instructions, List.of(), 1);
    }

    /** How many faults there are. */
    public long size() {
        long points = switch (kind) {
            case REGISTERS -> REGISTER_POINTS + PC_POINTS;
            case VFP -> VFP_POINTS;
            case MEMORY -> (long) memoryPages.size() * PAGE_POINTS;
        };
        return instructions * points * runs;
    }

    /** {@code count} experiments drawn uniformly (with replacement) from the space, the same for the same seed. */
    public List<Experiment> sample(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Experiment> out = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            long instruction = random.nextLong(instructions);
            Fault fault = switch (kind) {
                case REGISTERS -> {
                    int point = random.nextInt(REGISTER_POINTS + PC_POINTS);
                    yield point < REGISTER_POINTS ? new Fault(new FaultLocation.CoreRegister(point / 32), point % 32)
                            : new Fault(new FaultLocation.Pc(), 1 + point - REGISTER_POINTS);
                }
                case VFP -> {
                    int point = random.nextInt(VFP_POINTS);
                    yield new Fault(new FaultLocation.VfpRegister(point / 64), point % 64);
                }
                case MEMORY -> {
                    int page = memoryPages.get(random.nextInt(memoryPages.size()));
                    int point = random.nextInt(PAGE_POINTS);
                    yield new Fault(new FaultLocation.MemoryByte(page + point / 8), point % 8);
                }
            };
            int run = runs == 1 ? 0 : random.nextInt(runs); // drawn only when there is a choice: unreplicated samples stay as they were
            out.add(new Experiment(id, instruction, run, fault));
        }
        return out;
    }
}
