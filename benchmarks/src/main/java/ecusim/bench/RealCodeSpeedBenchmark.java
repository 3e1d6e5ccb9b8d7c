package ecusim.bench;

import ecusim.config.ConfigException;
import ecusim.config.XmlReader;
import ecusim.emulator.bare.BareMachine;
import ecusim.emulator.bare.BareOutcome;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.elf.ElfImage;
import ecusim.guests.ComponentImages;
import ecusim.guests.GuestImages;
import ecusim.init.InitConfig;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
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

    private static BareOutcome runToExit(BareMachine machine) {
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
        InitConfig init;
        try {
            init = InitConfig.parse(XmlReader.parse("ecuload", "<config>"
                    + "<parent-provides> <service name=\"LOG\"/> <service name=\"Timer\"/> <service name=\"ROM\"/> </parent-provides>"
                    + "<default-route> <any-service> <parent/> </any-service> </default-route>"
                    + "<start name=\"ecuload\"> <resource name=\"RAM\" quantum=\"256K\"/> <config rounds=\"" + rounds + "\"/> </start>"
                    + "</config>"));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
        EcuConfig config = new EcuConfig("ecu", CpuModel.CORTEX_A9, 666_000_000L, 64L << 20, 1000, CostModel.cortexA9(), init,
                n -> ComponentImages.load(n).orElse(null));
        Ecu ecu = new Ecu(config, new EcuEvents() {
            @Override
            public void log(String e, String component, long time, String text) { }

            @Override
            public void exited(String e, String component, long time, int code) {
                if (code != 0) throw new IllegalStateException(component + " exited with " + code);
            }

            @Override
            public void stopped(String e, String component, long time, String reason) {
                throw new IllegalStateException(component + " stopped: " + reason);
            }
        });
        ecu.boot();
        return ecu;
    }
}
