package ecusim.bench;

import ecusim.platform.Ecu;
import java.util.concurrent.TimeUnit;
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
 * Host time of a whole ECU run per workload (boot excluded). The cost of one IPC round trip is
 * (PINGPONG - PINGPONG_BASELINE) / 16384, of one page fault through core (FAULTS - FAULTS_BASELINE) / 16384;
 * {@link PlatformCosts} prints the modeled cycles of the same pairs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlatformCostBenchmark {
    @Param({"PINGPONG", "PINGPONG_BASELINE", "FAULTS", "FAULTS_BASELINE"})
    public PlatformWorkloads workload;

    private Ecu ecu;

    @Setup(Level.Invocation)
    public void boot() {
        ecu = workload.boot();
    }

    @TearDown(Level.Invocation)
    public void close() {
        ecu.close();
    }

    @Benchmark
    public long run() {
        return PlatformWorkloads.runToEnd(ecu);
    }
}
