package ecusim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshot equivalence, over every shipped scenario and pseudo-random instants: the run never interrupted,
 * and the run stopped at T, saved and continued — in a fresh run, through a snapshot file, and in place
 * after having run to the end once — give byte-identical log lines (with their virtual times), metrics JSON
 * (with each ECU's RAM digest). The default test run tries {@value #DEFAULT_INSTANTS} instants per scenario;
 * {@code -Pfull-properties} (or {@code -Decusim.snapshot.instants=N}) tries more.
 */
class ScenarioSnapshotTest {
    private static final int DEFAULT_INSTANTS = 24;
    private static final int INSTANTS = Integer.getInteger("ecusim.snapshot.instants", DEFAULT_INSTANTS);
    private static final Map<Path, Outcome> UNINTERRUPTED = new ConcurrentHashMap<>();

    /** What a run gives: its log lines and its metrics as JSON. */
    private record Outcome(List<String> lines, String metrics, long end) {
        static Outcome of(ScenarioRunner.Result r) throws Exception {
            return new Outcome(r.lines(), new ObjectMapper().writeValueAsString(r.metrics()), r.endMicros());
        }
    }

    private static Outcome uninterrupted(Path file) throws Exception {
        Outcome known = UNINTERRUPTED.get(file);
        if (known != null) return known;
        Scenario s = ScenarioReader.read(file);
        Outcome o = Outcome.of(ScenarioRunner.run(s, line -> { }));
        UNINTERRUPTED.put(file, o);
        return o;
    }

    static Stream<Arguments> instants() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (Path file : ShippedScenariosTest.scenarios().toList()) {
            Scenario s = ScenarioReader.read(file);
            SplittableRandom random = new SplittableRandom(s.name().hashCode());
            long end = uninterrupted(file).end();
            for (int i = 0; i < INSTANTS; i++) out.add(Arguments.of(file.getFileName().toString().replace(".xml", ""), file, 1 + random.nextLong(end)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} at {2} us")
    @MethodSource("instants")
    void aRunSavedAtAnInstantGoesOnAsIfNeverStopped(String name, Path file, long at) throws Exception {
        Outcome expected = uninterrupted(file);
        Scenario scenario = ScenarioReader.read(file);
        List<EcuConfig> configs = ScenarioRunner.configure(scenario);
        ScenarioSnapshot snapshot;
        try (ScenarioRun run = ScenarioRun.start(scenario, configs, line -> { })) {
            run.runTo(at);
            snapshot = run.snapshot();
            assertEquals(expected, Outcome.of(run.finish()), "taking a snapshot changes nothing");
            run.restore(snapshot);
            assertEquals(expected, Outcome.of(run.finish()), "in place: the same run again after a restore");
        }
        try (ScenarioRun run = ScenarioRun.resume(scenario, configs, snapshot, line -> { })) {
            assertEquals(expected, Outcome.of(run.finish()), "restored into fresh ECUs");
        }
        byte[] bytes = snapshot.encode();
        try (ScenarioRun run = ScenarioRun.resume(scenario, configs, ScenarioSnapshot.decode(bytes), line -> { })) {
            assertEquals(expected, Outcome.of(run.finish()), "through a snapshot file");
        }
        try (ScenarioRun run = ScenarioRun.start(scenario, configs, line -> { })) {
            run.runTo(at);
            assertArrayEquals(bytes, run.snapshot().encode(), "snapshots of the same run at the same instant are byte-identical");
        }
    }

    /**
     * Instants at which lines are reported: a line may be reported at T during the run to T (a system call
     * that began before T), and waits, in the snapshot, for the other ECUs to pass T.
     */
    @Test
    void snapshotsAtTheInstantsOfLogLinesKeepTheTimeline() throws Exception {
        Path file = Path.of("scenarios", "two-ecus.xml");
        Outcome expected = uninterrupted(file);
        Scenario scenario = ScenarioReader.read(file);
        List<EcuConfig> configs = ScenarioRunner.configure(scenario);
        java.util.TreeSet<Long> times = new java.util.TreeSet<>();
        for (String line : expected.lines()) {
            var m = java.util.regex.Pattern.compile("^\\[\\S+ (\\d+)\\.(\\d{6})\\]").matcher(line);
            if (m.find()) times.add(Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)));
        }
        int withPending = 0;
        for (long at : times) {
            ScenarioSnapshot snapshot;
            try (ScenarioRun run = ScenarioRun.start(scenario, configs, line -> { })) {
                run.runTo(at);
                snapshot = run.snapshot();
            }
            if (!snapshot.runner().pending().isEmpty()) withPending++;
            try (ScenarioRun run = ScenarioRun.resume(scenario, configs, ScenarioSnapshot.decode(snapshot.encode()), line -> { })) {
                assertEquals(expected, Outcome.of(run.finish()), "resumed at " + at + " us");
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(withPending > 0, "some snapshot held lines waiting for the timeline");
    }

    /** The kernel's and RAM's bookkeeping of an ECU, which restoring in place must not let grow. */
    private static List<Long> footprint(Ecu ecu) {
        return List.of((long) ecu.kernel().objects().size(), (long) ecu.kernel().tasks().size(), (long) ecu.kernel().threads().size(),
                ecu.kernel().frames().freeBytes(), (long) ecu.components().size());
    }

    @Test
    void restoringInPlace300TimesGivesTheSameContinuationWithoutGrowth() throws Exception {
        Path file = Path.of("scenarios", "pingpong.xml");
        Scenario scenario = ScenarioReader.read(file);
        List<EcuConfig> configs = ScenarioRunner.configure(scenario);
        try (ScenarioRun run = ScenarioRun.start(scenario, configs, line -> { })) {
            run.runTo(700);
            ScenarioSnapshot snapshot = run.snapshot();
            List<List<Long>> atSnapshot = run.ecus().stream().map(ScenarioSnapshotTest::footprint).toList();
            Outcome first = Outcome.of(run.finish());
            for (int i = 0; i < 300; i++) {
                run.restore(snapshot);
                assertEquals(atSnapshot, run.ecus().stream().map(ScenarioSnapshotTest::footprint).toList(), "restore " + (i + 1) + ": kernel objects, tasks, threads, free RAM, components");
                assertEquals(first, Outcome.of(run.finish()), "continuation " + (i + 2));
            }
        }
    }
}
