package ecusim.scenario;

import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
import ecusim.platform.EcuSnapshot;
import ecusim.platform.SnapshotException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One run of a scenario in progress: its ECUs, advancing side by side in lockstep slices of virtual time,
 * and what they reported so far. It can stop at any instant, be saved ({@link #snapshot()}) and go on, here
 * or — from the snapshot — in another run, with the same outcome as if it had never stopped.
 *
 * <p>What the ECUs report is put in one timeline: a line goes out once every ECU has passed its time, in the
 * order of virtual time, then of the ECUs' order in the scenario. So where a run stops (a slice's end or any
 * instant inside) never changes the order of the log.
 */
public final class ScenarioRun implements AutoCloseable {
    /** How far the ECUs advance before the next one takes its turn. */
    public static final long LOCKSTEP_MICROS = ScenarioRunner.LOCKSTEP_MICROS;

    private record Pending(int ecu, LogRecord record) {}

    private final Scenario scenario;
    private final List<EcuConfig> configs;
    private final Consumer<String> out;
    private final List<Ecu> ecus = new ArrayList<>();
    private final List<LogRecord> logs = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<ComponentEnd> ends = new ArrayList<>();
    private final Map<String, Deadlock> deadlocks = new LinkedHashMap<>();
    private long at;
    private boolean ended;

    private ScenarioRun(Scenario scenario, List<EcuConfig> configs, Consumer<String> out) {
        this.scenario = scenario;
        this.configs = List.copyOf(configs);
        this.out = out;
    }

    /** Builds and boots the scenario's ECUs; nothing has run yet. */
    public static ScenarioRun start(Scenario scenario, List<EcuConfig> configs, Consumer<String> out) {
        ScenarioRun run = new ScenarioRun(scenario, configs, out);
        try {
            for (int i = 0; i < configs.size(); i++) run.ecus.add(new Ecu(configs.get(i), run.events(i)));
            for (Ecu ecu : run.ecus) ecu.boot();
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * A run of {@code scenario} from {@code snapshot} (of a run of the same scenario): its ECUs are built and
     * put into the snapshot's state, and what was reported before it is known again (but not passed to
     * {@code out}: that was said before).
     */
    public static ScenarioRun resume(Scenario scenario, List<EcuConfig> configs, ScenarioSnapshot snapshot, Consumer<String> out)
            throws SnapshotException {
        check(configs, snapshot);
        ScenarioRun run = new ScenarioRun(scenario, configs, out);
        try {
            for (int i = 0; i < configs.size(); i++) run.ecus.add(Ecu.restored(configs.get(i), run.events(i), snapshot.ecus().get(i)));
            run.load(snapshot.runner());
            return run;
        } catch (SnapshotException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private static void check(List<EcuConfig> configs, ScenarioSnapshot snapshot) throws SnapshotException {
        List<String> names = configs.stream().map(EcuConfig::name).toList();
        if (!names.equals(snapshot.runner().ecus())) {
            throw new SnapshotException("the snapshot has ECUs " + snapshot.runner().ecus() + ", the scenario " + names);
        }
    }

    private EcuEvents events(int index) {
        return new EcuEvents() {
            @Override
            public void log(String ecu, String component, long timeMicros, String text) {
                pending.add(new Pending(index, new LogRecord(ecu, component, timeMicros, text)));
            }

            @Override
            public void exited(String ecu, String component, long timeMicros, int code) {
                ends.add(new ComponentEnd(ecu, component, timeMicros, OptionalInt.of(code), "exited with " + code));
            }

            @Override
            public void stopped(String ecu, String component, long timeMicros, String reason) {
                ends.add(new ComponentEnd(ecu, component, timeMicros, OptionalInt.empty(), reason));
            }

            @Override
            public void deadlocked(String ecu, long timeMicros, List<String> waits) {
                deadlocks.put(ecu, new Deadlock(ecu, timeMicros, waits)); // the last one counts: an ECU that ran on was not stuck
            }
        };
    }

    /** Virtual time every ECU has reached, in microseconds. */
    public long at() {
        return at;
    }

    /** Whether the run is over: the scenario's time is up, or nothing on any ECU can ever run again. */
    public boolean ended() {
        return ended || at >= scenario.untilUs();
    }

    public List<Ecu> ecus() {
        return List.copyOf(ecus);
    }

    /** Runs on until virtual time {@code micros} (at most the scenario's end), in lockstep slices. */
    public void runTo(long micros) {
        long target = Math.min(micros, scenario.untilUs());
        while (!ended && at < target) {
            long sliceEnd = Math.min((at / LOCKSTEP_MICROS + 1) * LOCKSTEP_MICROS, scenario.untilUs());
            long to = Math.min(sliceEnd, target);
            boolean anyActive = false;
            for (Ecu ecu : ecus) anyActive |= ecu.runUntil(to);
            at = to;
            // Only at a slice's end, as when the run never stops inside one: is anything left to run at all?
            if (to == sliceEnd && !anyActive) ended = true;
            emitBefore(at);
        }
    }

    /** Passes on every reported line before {@code micros} (no ECU can report one any more), in timeline order. */
    private void emitBefore(long micros) {
        pending.sort(Comparator.comparingLong((Pending p) -> p.record().timeUs()).thenComparingInt(Pending::ecu)); // stable: an ECU's own order stays
        int n = 0;
        while (n < pending.size() && pending.get(n).record().timeUs() < micros) n++;
        List<Pending> due = pending.subList(0, n);
        for (Pending p : due) {
            LogRecord r = p.record();
            logs.add(r);
            out.accept(format(r));
        }
        due.clear();
    }

    /** Runs to the scenario's end and judges it; the ECUs stay open (for a look at them) until {@link #close()}. */
    public ScenarioRunner.Result finish() {
        runTo(scenario.untilUs());
        emitBefore(Long.MAX_VALUE);
        List<String> order = configs.stream().map(EcuConfig::name).toList();
        List<ComponentEnd> sortedEnds = new ArrayList<>(ends);
        sortedEnds.sort(Comparator.comparingLong(ComponentEnd::timeUs).thenComparingInt(e -> order.indexOf(e.ecu())));
        List<Deadlock> sortedDeadlocks = new ArrayList<>(deadlocks.values());
        sortedDeadlocks.sort(Comparator.comparingInt(d -> order.indexOf(d.ecu())));
        List<Verdict> verdicts = ExpectationChecker.check(scenario, logs, sortedEnds);
        Map<String, Deadlock> byEcu = new LinkedHashMap<>();
        for (Deadlock d : sortedDeadlocks) byEcu.put(d.ecu(), d);
        return new ScenarioRunner.Result(scenario, List.copyOf(logs), lines(), List.copyOf(sortedEnds), verdicts,
                ScenarioRunner.metrics(scenario, ecus, sortedEnds, byEcu, verdicts, at), at, List.copyOf(sortedDeadlocks));
    }

    // ---------------------------------------------------------------- snapshots

    /** The whole run now: every ECU's state and what was reported so far; refused if an ECU cannot be saved. */
    public ScenarioSnapshot snapshot() throws SnapshotException {
        List<EcuSnapshot> states = new ArrayList<>();
        for (Ecu ecu : ecus) states.add(ecu.snapshot());
        List<ScenarioSnapshot.PendingLine> waiting = new ArrayList<>();
        for (Pending p : pending) waiting.add(new ScenarioSnapshot.PendingLine(p.ecu(), p.record()));
        List<ScenarioSnapshot.SavedEnd> savedEnds = new ArrayList<>();
        for (ComponentEnd e : ends) {
            savedEnds.add(new ScenarioSnapshot.SavedEnd(e.ecu(), e.component(), e.timeUs(), e.exitCode().isPresent(), e.exitCode().orElse(0), e.reason()));
        }
        var runner = new ScenarioSnapshot.RunnerState(scenario.name(), at, ended, configs.stream().map(EcuConfig::name).toList(), List.copyOf(logs),
                waiting, savedEnds, List.copyOf(deadlocks.values()));
        return new ScenarioSnapshot(runner, states);
    }

    /** Puts the run back to {@code snapshot}, taken of this run: its ECUs in place, and what was reported by then. */
    public void restore(ScenarioSnapshot snapshot) throws SnapshotException {
        check(configs, snapshot);
        for (int i = 0; i < ecus.size(); i++) ecus.get(i).restore(snapshot.ecus().get(i));
        load(snapshot.runner());
    }

    private void load(ScenarioSnapshot.RunnerState state) {
        logs.clear();
        pending.clear();
        ends.clear();
        deadlocks.clear();
        logs.addAll(state.logs());
        for (ScenarioSnapshot.PendingLine p : state.pending()) pending.add(new Pending(p.ecu(), p.record()));
        for (ScenarioSnapshot.SavedEnd e : state.ends()) {
            ends.add(new ComponentEnd(e.ecu(), e.component(), e.timeUs(), e.exited() ? OptionalInt.of(e.code()) : OptionalInt.empty(), e.reason()));
        }
        for (Deadlock d : state.deadlocks()) deadlocks.put(d.ecu(), d);
        at = state.atMicros();
        ended = state.ended();
    }

    /** The log lines passed on so far. */
    public List<String> lines() {
        return logs.stream().map(ScenarioRun::format).toList();
    }

    private static String format(LogRecord r) {
        return ScenarioRunner.format(r.ecu(), r.component(), r.timeUs(), r.text());
    }

    @Override
    public void close() {
        for (Ecu ecu : ecus) ecu.close();
    }
}
