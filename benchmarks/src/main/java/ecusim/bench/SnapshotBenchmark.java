package ecusim.bench;

import ecusim.config.XmlReader;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
import ecusim.platform.EcuSnapshot;
import ecusim.platform.SnapshotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What an experiment that starts from a known state costs, side by side: restoring a 64 MiB ECU in place
 * after about a million instructions (which changed a few dozen pages) against building and booting a
 * fresh ECU (and against restoring the snapshot into a fresh one); and writing and reading the ECU's
 * snapshot file against a plain copy of a file of the same size. Setup prints the sizes (snapshot bytes,
 * pages changed), so figures per second can be derived.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnapshotBenchmark {
    private static final String CONFIG = """
            <config>
              <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="matrix"> <resource name="RAM" quantum="2M"/> <config n="64" iterations="200"/> </start>
              <start name="walk"> <binary name="memwalk"/> <resource name="RAM" quantum="2M"/> <config pages="32" rounds="100000"/> </start>
              <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="100000"/> </start>
              <start name="server"> <binary name="pingpong-server"/> <resource name="RAM" quantum="512K"/> <provides> <service name="Ping"/> </provides> </start>
              <start name="client"> <binary name="pingpong-client"/> <resource name="RAM" quantum="512K"/> <config rounds="1000000"/>
                <route> <service name="Ping"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route> </start>
            </config>""";
    /** When the snapshot is taken, and how long the ECU runs on before each restore (about a million instructions). */
    private static final long SNAPSHOT_AT_MICROS = 5_000, RUN_ON_MICROS = 2_500;
    private static final int WARM_UP_RESTORES = 20_000, WARM_UP_RUN_MICROS = 20;

    private EcuConfig config;
    private Ecu ecu;
    private EcuSnapshot snapshot;
    private SnapshotFile format;
    private byte[] file;
    private Path dir, snapshotFile, plainFile, copyTarget;

    private static final EcuEvents QUIET = QuietEvents.INSTANCE;

    @Setup(Level.Trial)
    public void boot() throws Exception {
        config = new EcuConfig("bench", CpuModel.CORTEX_A9, 666_000_000L, 64L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("bench", CONFIG)), n -> ComponentImages.load(n).orElse(null));
        ecu = new Ecu(config, QUIET);
        ecu.boot();
        ecu.runUntil(SNAPSHOT_AT_MICROS);
        snapshot = ecu.snapshot();
        long before = ecu.kernel().cpu().instructions();
        ecu.runUntil(SNAPSHOT_AT_MICROS + RUN_ON_MICROS);
        long instructions = ecu.kernel().cpu().instructions() - before;
        int logged = ecu.kernel().cpu().ram().changedPages().length;
        format = new SnapshotFile(EcuSnapshot.RECORD_TYPES);
        file = format.encode(snapshot.records());
        dir = Files.createTempDirectory("ecusim-snapshot-bench");
        snapshotFile = dir.resolve("ecu.snapshot");
        plainFile = dir.resolve("plain");
        copyTarget = dir.resolve("copy");
        Files.write(plainFile, file);
        // A campaign restores thousands of times, so its restores run compiled; at about a hundred restores
        // a second (each after a million instructions) JMH's warm-up alone would measure mostly the
        // interpreter. Restore enough times first (each after a short run, so that pages are copied back)
        // for the JIT to compile the restore path.
        for (int i = 0; i < WARM_UP_RESTORES; i++) {
            ecu.runUntil(SNAPSHOT_AT_MICROS + WARM_UP_RUN_MICROS);
            ecu.restore(snapshot);
        }
        System.err.printf("%n[snapshot] %d bytes (%d frames of RAM); run on %d instructions, %d pages in the change log%n",
                file.length, snapshot.ram().frames().length, instructions, logged);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        ecu.close();
        for (Path p : List.of(snapshotFile, plainFile, copyTarget)) Files.deleteIfExists(p);
        Files.deleteIfExists(dir);
    }

    /**
     * The ECU runs on past the snapshot (not measured), so every restore has the same work to undo; and the
     * files written are removed, so each write makes a new file, as {@code --snapshot-at} does (replacing an
     * existing file costs more on ext4, which flushes the new file's data on a rename over an old one).
     */
    @Setup(Level.Invocation)
    public void runOn() throws IOException {
        ecu.runUntil(SNAPSHOT_AT_MICROS + RUN_ON_MICROS);
        Files.deleteIfExists(snapshotFile);
        Files.deleteIfExists(copyTarget);
    }

    @Benchmark
    public long restoreInPlace() throws Exception {
        ecu.restore(snapshot);
        return ecu.kernel().now();
    }

    @Benchmark
    public long freshBoot() {
        try (Ecu fresh = new Ecu(config, QUIET)) {
            fresh.boot();
            return fresh.kernel().now();
        }
    }

    @Benchmark
    public long restoreIntoAFreshEcu() throws Exception {
        try (Ecu fresh = Ecu.restored(config, QUIET, snapshot)) {
            return fresh.kernel().now();
        }
    }

    @Benchmark
    public long writeSnapshotFile() throws IOException {
        format.write(snapshotFile, snapshot.records());
        return Files.size(snapshotFile);
    }

    @Benchmark
    public int readSnapshotFile() throws Exception {
        return format.read(plainFile).size();
    }

    @Benchmark
    public long copyPlainFile() throws IOException {
        Files.copy(plainFile, copyTarget);
        return Files.size(copyTarget);
    }
}
