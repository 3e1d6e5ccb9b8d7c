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
    /** ECUs stopped by a {@code fail} event. */
    private final java.util.Set<Integer> failed = new java.util.TreeSet<>();
    /** For each timed event (each Rtcr's own checkpoint policy among them), how many times it has happened. */
    private final long[] occurred;
    /** Images on their way over a link. */
    private final List<Delivery> deliveries = new ArrayList<>();

    /** Images (as the bytes that travel) arriving at {@code ecu}'s Rtcr {@code rtcr} at {@code atUs}; restored on arrival for a migration. */
    private record Delivery(long atUs, int ecu, String rtcr, List<byte[]> images, boolean restore, long sequence) {}
    private long deliveriesSent;
    /** Every checkpoint image taken in the run, by file name ({@code ECU-RTCR-SEQUENCE.ckpt}), in order. */
    private final Map<String, ecusim.rtcr.CheckpointImage> images = new LinkedHashMap<>();
    /** When each link has sent what it was given (it sends one image after another). */
    private final Map<Link, Long> linkBusyUntil = new java.util.HashMap<>();

    private ScenarioRun(Scenario scenario, List<EcuConfig> configs, Consumer<String> out) {
        this.scenario = scenario;
        this.configs = List.copyOf(configs);
        this.out = out;
        this.occurred = new long[scenario.events().size()];
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

    /**
     * Runs on until virtual time {@code micros} (at most the scenario's end), in lockstep slices, stopping at
     * every timed event and image arrival on the way to let it happen (after every ECU has reached its time).
     */
    public void runTo(long micros) {
        long target = Math.min(micros, scenario.untilUs());
        while (!ended && at < target) {
            long next = nextEvent();
            if (next > target) {
                advance(target);
                break;
            }
            advance(next);
            if (!ended) happen(next);
        }
    }

    /** The time of the next timed event or arrival after {@link #at} (or at it, if it has not happened), or MAX_VALUE. */
    private long nextEvent() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < occurred.length; i++) {
            ScenarioEvent e = scenario.events().get(i);
            if (occurred[i] > 0 && e.everyUs() == 0) continue;
            next = Math.min(next, e.timeOf(occurred[i]));
        }
        for (Delivery d : deliveries) next = Math.min(next, d.atUs());
        return Math.max(next, at);
    }

    private void advance(long target) {
        while (!ended && at < target) {
            long sliceEnd = Math.min((at / LOCKSTEP_MICROS + 1) * LOCKSTEP_MICROS, scenario.untilUs());
            long to = Math.min(sliceEnd, target);
            boolean anyActive = false;
            for (int i = 0; i < ecus.size(); i++) if (!failed.contains(i)) anyActive |= ecus.get(i).runUntil(to);
            at = to;
            // Only at a slice's end, as when the run never stops inside one: is anything left to run at all?
            if (to == sliceEnd && !anyActive && deliveries.isEmpty() && nextEvent() == Long.MAX_VALUE) ended = true;
            emitBefore(at);
        }
    }

    /** Everything due at {@code time}: arrivals first, then the events in document order. */
    private void happen(long time) {
        deliveries.sort(Comparator.comparingLong(Delivery::atUs).thenComparingLong(Delivery::sequence));
        while (!deliveries.isEmpty() && deliveries.getFirst().atUs() <= time) arrive(deliveries.removeFirst());
        for (int i = 0; i < occurred.length; i++) {
            ScenarioEvent e = scenario.events().get(i);
            if (occurred[i] > 0 && e.everyUs() == 0 || e.timeOf(occurred[i]) > time) continue;
            occurred[i]++;
            happen(e, time);
        }
    }

    private void happen(ScenarioEvent e, long time) {
        int index = indexOf(e.ecu());
        if (failed.contains(index)) return; // a failed ECU does nothing any more
        switch (e.kind()) {
            case FAIL -> {
                failed.add(index);
                report(index, "ecusim", time, "ECU " + e.ecu() + " fails: it runs no more");
            }
            case CHECKPOINT, POLICY -> {
                ecusim.rtcr.Rtcr rtcr = rtcr(index, e.rtcr());
                if (e.kind() == ScenarioEvent.Kind.POLICY && !rtcr.running()) return; // nothing to checkpoint: standing by, or done
                try {
                    ecusim.rtcr.CheckpointImage image = rtcr.checkpoint(true);
                    var s = rtcr.checkpointStats().getLast();
                    images.put(String.format(java.util.Locale.ROOT, "%s-%s-%04d.ckpt", e.ecu(), e.rtcr(), s.sequence()), image);
                    Ecu ecu = ecus.get(index);
                    report(index, e.rtcr(), time, String.format(java.util.Locale.ROOT, "checkpoint %d (%s): %d of %d pages, %d bytes, frozen %d us",
                            s.sequence(), s.incremental() ? "incremental" : "full", s.pagesWritten(), s.pagesScanned(), s.imageBytes(),
                            ecu.kernel().cyclesToMicros(s.frozenCycles())));
                    e.to().ifPresent(to -> send(index, to, e.rtcr(), List.of(image), false, time));
                } catch (ecusim.rtcr.CheckpointException ex) {
                    report(index, e.rtcr(), time, "checkpoint refused: " + ex.getMessage());
                }
            }
            case RESTORE -> {
                ecusim.rtcr.Rtcr rtcr = rtcr(index, e.rtcr());
                List<ecusim.rtcr.CheckpointImage> chain = rtcr.received().isEmpty() ? rtcr.chain() : rtcr.received();
                restore(index, e.rtcr(), rtcr, chain, time);
            }
            case MIGRATE -> {
                List<ecusim.rtcr.CheckpointImage> chain = rtcr(index, e.rtcr()).chain();
                if (chain.isEmpty()) report(index, e.rtcr(), time, "migration to " + e.to().orElseThrow() + ": no checkpoint to send");
                else send(index, e.to().orElseThrow(), e.rtcr(), chain, true, time);
            }
        }
    }

    /**
     * Images from outside the run (another ecusim process, {@code ecusim serve}) arrive at {@code ecu}'s Rtcr
     * {@code rtcr} at virtual time {@code atUs}, which restores them then.
     */
    public void deliver(String ecu, String rtcr, List<byte[]> chain, long atUs) {
        deliveries.add(new Delivery(Math.max(atUs, at), indexOf(ecu), rtcr, List.copyOf(chain), true, deliveriesSent++));
    }

    private void send(int from, String to, String rtcr, List<ecusim.rtcr.CheckpointImage> chain, boolean restore, long time) {
        List<byte[]> images = chain.stream().map(ecusim.rtcr.CheckpointImage::encode).toList(); // what goes over the link
        long bytes = 0;
        for (byte[] image : images) bytes += image.length;
        Link link = scenario.link(scenario.ecus().get(from).name(), to).orElseThrow();
        // A link sends one thing at a time, in order: what is sent while it is busy waits its turn.
        long start = Math.max(time, linkBusyUntil.getOrDefault(link, 0L));
        long arrival = start + link.transferMicros(bytes);
        linkBusyUntil.put(link, arrival - link.latencyUs());
        deliveries.add(new Delivery(arrival, indexOf(to), rtcr, images, restore, deliveriesSent++));
        report(from, rtcr, time, images.size() + (images.size() == 1 ? " image" : " images") + " (" + bytes + " bytes) sent to " + to
                + ", arriving at " + VirtualTimes.format(arrival));
    }

    private void arrive(Delivery d) {
        if (failed.contains(d.ecu())) return;
        ecusim.rtcr.Rtcr rtcr = rtcr(d.ecu(), d.rtcr());
        try {
            for (byte[] image : d.images()) rtcr.receive(image);
        } catch (ecusim.rtcr.CheckpointException | ecusim.platform.SnapshotFormatException ex) {
            report(d.ecu(), d.rtcr(), d.atUs(), "received image refused: " + ex.getMessage());
            return;
        }
        if (d.restore()) restore(d.ecu(), d.rtcr(), rtcr, rtcr.received(), d.atUs());
        else report(d.ecu(), d.rtcr(), d.atUs(), "received checkpoint " + rtcr.received().getLast().header().sequence());
    }

    private void restore(int index, String name, ecusim.rtcr.Rtcr rtcr, List<ecusim.rtcr.CheckpointImage> chain, long time) {
        if (chain.isEmpty()) {
            report(index, name, time, "restore: no checkpoint to restore");
            return;
        }
        try {
            rtcr.restore(chain);
            var s = rtcr.restoreStats().getLast();
            report(index, name, time, String.format(java.util.Locale.ROOT, "restored checkpoint %d from %d image%s in %d us", s.sequence(), s.images(),
                    s.images() == 1 ? "" : "s", ecus.get(index).kernel().cyclesToMicros(s.totalCycles())));
        } catch (ecusim.rtcr.CheckpointException ex) {
            report(index, name, time, "restore refused: " + ex.getMessage());
        }
    }

    private ecusim.rtcr.Rtcr rtcr(int ecu, String name) {
        return (ecusim.rtcr.Rtcr) ecus.get(ecu).init().javaComponent(name);
    }

    private int indexOf(String ecu) {
        for (int i = 0; i < configs.size(); i++) if (configs.get(i).name().equals(ecu)) return i;
        throw new IllegalArgumentException("no ECU " + ecu);
    }

    /** A line of the runner's own about an event, in the timeline like the ECUs' lines. */
    private void report(int ecu, String component, long time, String text) {
        pending.add(new Pending(ecu, new LogRecord(configs.get(ecu).name(), component, time, text)));
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
                ScenarioRunner.metrics(scenario, ecus, sortedEnds, byEcu, verdicts, at), at, List.copyOf(sortedDeadlocks), ScenarioRunner.checkpointsCsv(ecus), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images)));
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
                waiting, savedEnds, List.copyOf(deadlocks.values()), List.copyOf(failed), occurred.clone(), savedDeliveries(), deliveriesSent,
                busyUntil(), savedImages());
        return new ScenarioSnapshot(runner, states);
    }

    private List<ScenarioSnapshot.SavedDelivery> savedDeliveries() {
        List<ScenarioSnapshot.SavedDelivery> out = new ArrayList<>();
        for (Delivery d : deliveries) {
            out.add(new ScenarioSnapshot.SavedDelivery(d.atUs(), d.ecu(), d.rtcr(), d.images(), d.restore(), d.sequence()));
        }
        return out;
    }

    private long[] busyUntil() {
        long[] out = new long[scenario.links().size()];
        for (int i = 0; i < out.length; i++) out[i] = linkBusyUntil.getOrDefault(scenario.links().get(i), 0L);
        return out;
    }

    private List<ScenarioSnapshot.SavedImage> savedImages() {
        List<ScenarioSnapshot.SavedImage> out = new ArrayList<>();
        images.forEach((name, image) -> out.add(new ScenarioSnapshot.SavedImage(name, image.encode())));
        return out;
    }

    private static ecusim.rtcr.CheckpointImage decode(byte[] bytes) {
        try {
            return ecusim.rtcr.CheckpointImage.decode(bytes);
        } catch (ecusim.platform.SnapshotFormatException e) {
            throw new IllegalStateException("an image in the snapshot: " + e.getMessage(), e);
        }
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
        failed.clear();
        failed.addAll(state.failed());
        if (state.eventsOccurred().length != occurred.length) throw new IllegalArgumentException("the snapshot has " + state.eventsOccurred().length
                + " timed events, the scenario " + occurred.length);
        System.arraycopy(state.eventsOccurred(), 0, occurred, 0, occurred.length);
        deliveries.clear();
        for (var d : state.deliveries()) {
            deliveries.add(new Delivery(d.atUs(), d.ecu(), d.rtcr(), d.images(), d.restore(), d.sequence()));
        }
        deliveriesSent = state.deliveriesSent();
        linkBusyUntil.clear();
        for (int i = 0; i < state.linkBusyUntil().length && i < scenario.links().size(); i++) {
            if (state.linkBusyUntil()[i] != 0) linkBusyUntil.put(scenario.links().get(i), state.linkBusyUntil()[i]);
        }
        images.clear();
        for (var image : state.images()) images.put(image.name(), decode(image.image()));
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
