package ecusim.bench;

import ecusim.emulator.bare.BareMachine;
import ecusim.emulator.bare.BareOutcome;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.elf.ElfImage;
import ecusim.guests.GuestImages;
import ecusim.platform.Ecu;
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
 * Guest MIPS on real compiled C with the shape of ECU software (the {@code ecuload} guest: a fixed-point
 * control law, a state machine over a frame stream, a sort through a comparator, a table CRC and a bytecode
 * interpreter; ARM and Thumb, see guest-images/src/workloads/ecuload.h), three ways side by side:
 * <ul>
 *   <li>{@code raw}: the same engine, page tables and ELF with no block hook (Unicorn alone, only the
 *       interrupt hook, which fires on the guest's two system calls);</li>
 *   <li>{@code bare}: {@code ecusim bare}, with exact instruction and cycle accounting;</li>
 *   <li>{@code component}: the component build of the same code on the kernel, core and init of an ECU
 *       (the timed run starts once the ECU is booted).</li>
 * </ul>
 * The {@code instructions} counter per microsecond is MIPS. Its count per run is the architectural count
 * of an accounted run of the same deterministic program at trial setup (raw runs count nothing).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RealCodeSpeedBenchmark {
    /** Rounds of the workload: 300 is about 10 M instructions, 15000 about 500 M. */
    @Param({"300", "15000"})
    public int rounds;

    @Param({"raw", "bare", "component"})
    public String mode;

    private long instructionsPerRun;
    private BareMachine bare;
    private Ecu ecu;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Guest instructions executed: per microsecond, the MIPS figure. */
        public long instructions;
    }

    @Setup(Level.Trial)
    public void countInstructions() {
        if (mode.equals("component")) {
            try (Ecu counted = bootEcu(rounds)) {
                long before = counted.kernel().cpu().instructions();
                runToEnd(counted);
                instructionsPerRun = counted.kernel().cpu().instructions() - before;
            }
        } else {
            try (BareMachine counted = bareMachine(rounds, true)) {
                runToExit(counted);
                instructionsPerRun = counted.cpu().instructions();
            }
        }
    }

    @Setup(Level.Invocation)
    public void boot() {
        switch (mode) {
            case "raw" -> bare = bareMachine(rounds, false);
            case "bare" -> bare = bareMachine(rounds, true);
            case "component" -> ecu = bootEcu(rounds);
            default -> throw new IllegalArgumentException(mode);
        }
    }

    @TearDown(Level.Invocation)
    public void shutdown() {
        if (bare != null) bare.close();
        if (ecu != null) ecu.close();
        bare = null;
        ecu = null;
    }

    @Benchmark
    public Object run(Counters counters) {
        counters.instructions += instructionsPerRun;
        if (ecu != null) return runToEnd(ecu);
        return runToExit(bare);
    }

    static BareOutcome runToExit(BareMachine machine) {
        BareOutcome outcome = machine.run(Long.MAX_VALUE / 2, bytes -> { });
        if (!(outcome instanceof BareOutcome.Exited)) throw new IllegalStateException(outcome.toString());
        return outcome;
    }

    private static long runToEnd(Ecu ecu) {
        while (ecu.runUntil(ecu.now() + 1_000_000)) { }
        return ecu.kernel().now();
    }

    static BareMachine bareMachine(int rounds, boolean accounted) {
        try {
            ElfImage image = ElfImage.parse("ecuload.elf", GuestImages.load("ecuload"));
            var config = BareMachine.Config.defaults().withArguments(rounds, 0);
            return BareMachine.boot(image, accounted ? config : config.uninstrumented(), CostModel.cortexA9());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A booted ECU whose init starts the ecuload component with {@code rounds}. */
    static Ecu bootEcu(int rounds) {
        return PlatformWorkloads.boot("ecuload", "<start name=\"ecuload\"> <resource name=\"RAM\" quantum=\"256K\"/> <config rounds=\""
                + rounds + "\"/> </start>");
    }
}
