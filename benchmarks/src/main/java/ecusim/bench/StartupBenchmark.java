package ecusim.bench;

import ecusim.platform.Ecu;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Host milliseconds to build and boot an ECU once the JVM is warm: the engine (Unicorn's lazy
 * initialisation included), RAM, kernel, core and init, init starting the ecuload component, and that
 * component retiring its first instructions (run in steps of a microsecond of virtual time). Closing the
 * ECU is not timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {
    private Ecu ecu;

    @TearDown(Level.Invocation)
    public void shutdown() {
        if (ecu != null) ecu.close();
        ecu = null;
    }

    @Benchmark
    public long bootToFirstComponentInstructions() {
        ecu = RealCodeSpeedBenchmark.bootEcu(1);
        while (ecu.kernel().cpu().instructions() == 0) {
            if (!ecu.runUntil(ecu.now() + 1)) throw new IllegalStateException("the ECU stopped before its component ran");
        }
        return ecu.kernel().cpu().instructions();
    }
}
