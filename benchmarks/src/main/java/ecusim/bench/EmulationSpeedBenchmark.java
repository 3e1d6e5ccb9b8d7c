package ecusim.bench;

import ecusim.emulator.bare.BareMachine;
import ecusim.emulator.bare.BareOutcome;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.elf.ElfImage;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.guests.GuestImages;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Guest instructions per microsecond (= MIPS, the {@code instructions} counter) of the same engine and
 * program raw (no block hook) and with full instruction and cycle accounting, side by side.
 *
 * <p>Implementation notes: each invocation boots a fresh machine in an invocation-level setup (a few ms)
 * and runs the guest to its exit (tens of millions of instructions, ~0.1 s), so setup overhead is not
 * timed and is small against the run. Raw runs count nothing, so the instruction count per run comes from
 * one accounted run of the same deterministic program at trial setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EmulationSpeedBenchmark {
    /** compute: ALU loop; store: a load and a store every 7 instructions; memwalk: the shipped guest. */
    @Param({"compute", "store", "memwalk"})
    public String program;

    @Param({"raw", "accounted"})
    public String mode;

    private static final int LOOP_ITERATIONS = 10_000_000;
    private static final int MEMWALK_PAGES = 256, MEMWALK_ROUNDS = 2000;

    private long instructionsPerRun;
    private BenchMachine loop;
    private BareMachine bare;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Guest instructions executed: per microsecond, the MIPS figure. */
        public long instructions;
    }

    @Setup(Level.Trial)
    public void countInstructions() {
        instructionsPerRun = switch (program) {
            case "compute", "store" -> {
                try (BenchMachine m = loopMachine(true)) {
                    m.cpu.run(Long.MAX_VALUE / 2);
                    yield m.cpu.instructions();
                }
            }
            case "memwalk" -> {
                try (BareMachine m = memwalk(true)) {
                    m.run(Long.MAX_VALUE / 2, bytes -> {});
                    yield m.cpu().instructions();
                }
            }
            default -> throw new IllegalArgumentException(program);
        };
    }

    @Setup(Level.Invocation)
    public void boot() {
        boolean accounted = mode.equals("accounted");
        if (program.equals("memwalk")) bare = memwalk(accounted);
        else loop = loopMachine(accounted);
    }

    @TearDown(Level.Invocation)
    public void shutdown() {
        if (bare != null) bare.close();
        if (loop != null) loop.close();
        bare = null;
        loop = null;
    }

    @Benchmark
    public Object run(Counters counters) {
        counters.instructions += instructionsPerRun;
        if (bare != null) {
            BareOutcome outcome = bare.run(Long.MAX_VALUE / 2, bytes -> {});
            if (!(outcome instanceof BareOutcome.Exited)) throw new IllegalStateException(outcome.toString());
            return outcome;
        }
        CpuEvent event = loop.cpu.run(Long.MAX_VALUE / 2);
        if (!(event instanceof CpuEvent.SystemCall)) throw new IllegalStateException(event.toString());
        return event;
    }

    private BenchMachine loopMachine(boolean accounted) {
        boolean compute = program.equals("compute");
        BenchMachine m = new BenchMachine(compute ? LoopPrograms.COMPUTE : LoopPrograms.STORE, accounted, 8L << 20);
        var table = m.addressSpace(4, PagePermissions.READ_WRITE);
        m.enter(table, 1, LOOP_ITERATIONS, 0, 0);
        return m;
    }

    private static BareMachine memwalk(boolean accounted) {
        try {
            ElfImage image = ElfImage.parse("memwalk.elf", GuestImages.load("memwalk"));
            var config = BareMachine.Config.defaults().withHeapPages(MEMWALK_PAGES).withArguments(MEMWALK_ROUNDS, 2);
            return BareMachine.boot(image, accounted ? config : config.uninstrumented(), CostModel.cortexA9());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
