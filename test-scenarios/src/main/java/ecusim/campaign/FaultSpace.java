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
 * the run is one more dimension of the space. With the {@link Model} stuck-at, each point is a bit held at 0
 * or at 1 (one more dimension) for {@code duration} instructions. Sampled uniformly with a seed.
 */
public record FaultSpace(Kind kind, long instructions, List<Integer> memoryPages, int runs, Model model) {
    /** Which part of the machine state. */
    public enum Kind { REGISTERS, VFP, MEMORY }

    /** What a fault does: flip its bit once ({@link #FLIP}), or hold it at 0 or 1 for {@code duration} instructions. */
    public record Model(boolean stuckAt, long duration) {
        public static final Model FLIP = new Model(false, 0);

        public Model {
            if (stuckAt ? duration < 1 : duration != 0) throw new IllegalArgumentException("duration " + duration);
        }

        @Override
        public String toString() {
            return !stuckAt ? "flip" : "stuck-at, " + (duration == Fault.PERMANENT ? "permanent" : duration + " instructions");
        }
    }

    private static final int REGISTER_POINTS = 15 * 32, PC_POINTS = 31, VFP_POINTS = 32 * 64, PAGE_POINTS = 4096 * 8;

    /** Single-bit flips. */
    public FaultSpace(Kind kind, long instructions, List<Integer> memoryPages, int runs) {
        this(kind, instructions, memoryPages, runs, Model.FLIP);
    }

    public FaultSpace {
        if (instructions <= 0) throw new IllegalArgumentException("the target retired no instruction in the golden run");
        memoryPages = List.copyOf(memoryPages);
        if (kind == Kind.MEMORY && memoryPages.isEmpty()) throw new IllegalArgumentException("the target has no writable page");
        if (runs < 1 || runs > 3) throw new IllegalArgumentException("runs " + runs + ": 1 to 3");
    }

    /** The register space of a target that is not replicated. */
    public FaultSpace(long instructions) {
        this(Kind.REGISTERS, instructions, List.of(), 1, Model.FLIP);
    }

    /** How many faults there are. */
    public long size() {
        long points = switch (kind) {
            case REGISTERS -> REGISTER_POINTS + PC_POINTS;
            case VFP -> VFP_POINTS;
            case MEMORY -> (long) memoryPages.size() * PAGE_POINTS;
        };
        return instructions * points * runs * (model.stuckAt() ? 2 : 1);
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
            if (model.stuckAt()) fault = Fault.stuckAt(fault.location(), fault.bit(), random.nextInt(2), model.duration()); // drawn only then: flips stay as they were
            int run = runs == 1 ? 0 : random.nextInt(runs); // drawn only when there is a choice: unreplicated samples stay as they were
            out.add(new Experiment(id, instruction, run, fault));
        }
        return out;
    }
}
