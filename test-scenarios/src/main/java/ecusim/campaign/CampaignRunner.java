package ecusim.campaign;

import ecusim.config.ConfigException;
import ecusim.kernel.Thread;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
import ecusim.platform.EcuSnapshot;
import ecusim.platform.SnapshotException;
import ecusim.scenario.Scenario;
import ecusim.scenario.ScenarioRunner;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the experiments of a campaign on one warm ECU: the golden run is followed by in-place snapshots at
 * even steps of the time the target was alive; an experiment restores the last one taken before its instruction (or boots a fresh ECU,
 * to check that fast-forwarding changes nothing), arms the fault, runs to the scenario's end and is classified
 * by what every component logged and how it ended, times left out, and, for a target still alive at the end,
 * by its final registers and writable memory (the same output with another state is a latent SDC).
 */
public final class CampaignRunner implements AutoCloseable {
    /** An in-place snapshot of the golden run, where the target stood then and what had been recorded by then. */
    private record Checkpoint(EcuSnapshot snapshot, long targetInstructions, List<String> recorded) {}

    private final EcuConfig config;
    private final String target;
    private final long untilUs;
    private final Recorder recorder = new Recorder();
    private final Ecu ecu;
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final List<String> golden;
    private final long targetInstructions;
    private final List<Integer> writablePages = new ArrayList<>();
    /** The target's registers and writable memory at the scenario's end, if it is alive then (else null). */
    private final byte[] finalState;

    private CampaignRunner(Scenario scenario, String target, int snapshots) throws ConfigException, SnapshotException {
        if (scenario.ecus().size() != 1) throw new ConfigException(scenario.file(), 0, "a campaign runs a scenario of one ECU, this one has " + scenario.ecus().size());
        if (!scenario.events().isEmpty() || !scenario.links().isEmpty()) {
            throw new ConfigException(scenario.file(), 0, "a campaign runs a scenario without <event>s and links");
        }
        this.config = ScenarioRunner.configure(scenario).getFirst();
        if (config.init().starts().stream().noneMatch(s -> s.name().equals(target))) {
            throw new ConfigException(scenario.file(), 0, "no component \"" + target + "\" to inject faults into");
        }
        this.target = target;
        this.untilUs = scenario.untilUs();
        this.ecu = new Ecu(config, recorder);
        ecu.boot();
        var component = ecu.init().component(target);
        if (component == null || component.threads().isEmpty()) {
            ecu.close();
            throw new ConfigException(scenario.file(), 0, "component \"" + target + "\" did not start" + (recorder.lines.isEmpty() ? "" : ": " + recorder.lines));
        }
        Thread targetThread = component.threads().getFirst();
        java.util.TreeSet<Integer> pages = new java.util.TreeSet<>();
        long[] endedAt = {-1};
        ecu.kernel().addListener(new ecusim.kernel.KernelListener() {
            @Override
            public void threadExited(Thread thread) { // its pages as it ends: all it ever mapped, short of unmaps
                if (thread != targetThread) return;
                addWritablePages(thread.task(), pages);
                endedAt[0] = ecu.now();
            }
        });
        // The golden run, from a snapshot at boot; then the snapshots for fast-forward, at even steps of the
        // time the target was alive (not of the whole scenario: a component that ends early would otherwise
        // have one or two), taken on a second pass from the boot snapshot.
        checkpoints.add(new Checkpoint(ecu.snapshot(), targetThread.instructions(), List.copyOf(recorder.lines)));
        for (int i = 1; i <= snapshots; i++) { // pages seen along the way: a page unmapped before the end counts too
            ecu.runUntil(untilUs * i / snapshots);
            addWritablePages(targetThread.task(), pages);
        }
        this.golden = List.copyOf(recorder.lines);
        this.targetInstructions = targetThread.instructions();
        this.finalState = finalState(ecu);
        writablePages.addAll(pages);
        long alive = endedAt[0] >= 0 ? Math.max(1, endedAt[0]) : untilUs;
        ecu.restore(checkpoints.getFirst().snapshot());
        recorder.reset(checkpoints.getFirst().recorded());
        Thread again = targetThread(ecu);
        for (int i = 1; i < snapshots; i++) {
            ecu.runUntil(alive * i / snapshots);
            checkpoints.add(new Checkpoint(ecu.snapshot(), again.instructions(), List.copyOf(recorder.lines)));
        }
    }

    /**
     * A digest of what a fault could leave behind in the target without its output showing it: the registers
     * of its threads and its writable memory, while it is alive (an ended target's state is gone); null then.
     */
    private byte[] finalState(Ecu on) {
        var component = on.init().component(target);
        if (component == null || !component.alive() || component.threads().isEmpty() || component.task().deleted()) return null;
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.nio.ByteBuffer word = java.nio.ByteBuffer.allocate(8);
        for (Thread t : component.threads()) {
            ecusim.emulator.cpu.RegisterFile r = on.kernel().registersOf(t);
            for (int g : r.gpr()) sha.update(word.clear().putInt(g).array(), 0, 4);
            for (long d : r.vfp()) sha.update(word.clear().putLong(d).array(), 0, 8);
            sha.update(word.clear().putInt(r.cpsr()).putInt(r.fpscr()).array(), 0, 8);
        }
        byte[] page = new byte[4096];
        java.util.TreeSet<Integer> pages = new java.util.TreeSet<>(Integer::compareUnsigned);
        addWritablePages(component.task(), pages);
        for (int va : pages) {
            if (!on.kernel().readTaskMemory(component.task(), va, page)) continue;
            sha.update(word.clear().putInt(va).array(), 0, 4);
            sha.update(page);
        }
        return sha.digest();
    }

    /** Whether the target is still alive at the scenario's end in the golden run (its final state is then compared). */
    public boolean aliveAtEnd() {
        return finalState != null;
    }

    private static void addWritablePages(ecusim.kernel.Task task, java.util.Set<Integer> into) {
        if (task.deleted()) return;
        task.addressSpace().forEachPage((va, frame, writable, executable) -> {
            if (writable) into.add(va);
        });
    }

    /** Boots the scenario's ECU and makes the golden run, with {@code snapshots} snapshots for fast-forward. */
    public static CampaignRunner prepare(Scenario scenario, String target, int snapshots) throws ConfigException, SnapshotException {
        if (snapshots < 1) throw new IllegalArgumentException("at least one snapshot (the one at boot)");
        return new CampaignRunner(scenario, target, snapshots);
    }

    /** The instructions the target's thread retired in the golden run: the span of the fault space. */
    public long targetInstructions() {
        return targetInstructions;
    }

    /** How many times the target runs each instruction: 2 under DWC, 3 under TMR, else 1. */
    public int runs() {
        ecusim.kernel.Replication r = config.init().starts().stream().filter(st -> st.name().equals(target)).findFirst()
                .flatMap(ecusim.init.StartSpec::replication).orElse(null);
        return r == null ? 1 : r.mode().runs();
    }

    /** The pages the target's task had mapped writable in the golden run (as it ended, or at its end), ascending. */
    public List<Integer> writablePages() {
        return List.copyOf(writablePages);
    }

    /**
     * Traces the golden run again, on an ECU of its own, for def/use pruning of memory faults; fails
     * ({@link IllegalStateException}) if the traced run differs from the golden one.
     */
    public DefUse traceDefUse() {
        Recorder traced = new Recorder();
        DefUse defUse = DefUse.trace(config, traced, target, untilUs, writablePages, targetInstructions, aliveAtEnd());
        if (!traced.lines.equals(golden)) throw new IllegalStateException("the traced run's output differs from the golden run's");
        return defUse;
    }

    /** As {@link #traceDefUse}, for flips of the target's core registers. */
    public RegisterDefUse traceRegisterDefUse() {
        Recorder traced = new Recorder();
        RegisterDefUse defUse = RegisterDefUse.trace(config, traced, target, untilUs, targetInstructions, aliveAtEnd());
        if (!traced.lines.equals(golden)) throw new IllegalStateException("the traced run's output differs from the golden run's");
        return defUse;
    }

    /** What every component logged and how it ended in the golden run, without times. */
    public List<String> golden() {
        return golden;
    }

    /** Runs one experiment: fast-forwarded from the nearest snapshot, or from a fresh boot. */
    public ExperimentResult run(Experiment experiment, boolean fastForward) {
        try {
            if (!fastForward) {
                Recorder fresh = new Recorder();
                try (Ecu booted = new Ecu(config, fresh)) {
                    booted.boot();
                    return runArmed(booted, fresh, experiment);
                }
            }
            Checkpoint from = checkpoints.getFirst();
            for (Checkpoint c : checkpoints) if (c.targetInstructions() <= experiment.instruction()) from = c;
            ecu.restore(from.snapshot());
            recorder.reset(from.recorded()); // what the golden run had recorded by then, not what the last experiment did
            return runArmed(ecu, recorder, experiment);
        } catch (SnapshotException | RuntimeException e) {
            return new ExperimentResult(experiment, Outcome.PLATFORM, String.valueOf(e));
        }
    }

    private ExperimentResult runArmed(Ecu on, Recorder recorded, Experiment experiment) {
        on.kernel().injectFault(targetThread(on), experiment.instruction(), experiment.run(), experiment.fault());
        on.runUntil(untilUs);
        if (on.kernel().pendingFault() != null) {
            on.kernel().dropPendingFault();
            return new ExperimentResult(experiment, Outcome.PLATFORM, "the target never reached instruction " + experiment.instruction());
        }
        // The kernel's reports of differing runs are the replication's, not the component's output.
        String differed = "kernel: \"" + target + "\": the runs of processing element ";
        List<String> lines = new ArrayList<>(recorded.lines.size());
        int differences = 0;
        for (String l : recorded.lines) {
            if (l.startsWith(differed)) differences++;
            else lines.add(l);
        }
        String stop = target + " stopped: ";
        if (differences > 0) {
            String fate = lines.stream().filter(l -> l.startsWith(stop)).findFirst().map(l -> "not corrected: " + l.substring(stop.length()))
                    .orElse(!lines.equals(golden) ? "corrected, yet the output differs: " + firstDifference(lines)
                            : finalState != null && !java.util.Arrays.equals(finalState, finalState(on)) ? "corrected, yet the final state differs" : "corrected");
            return new ExperimentResult(experiment, Outcome.DETECTED, fate + " (" + differences + (differences == 1 ? " mismatch)" : " mismatches)"));
        }
        for (String l : lines) if (l.startsWith(stop)) return new ExperimentResult(experiment, Outcome.TRAP, l.substring(stop.length()));
        String exit = target + " exited ";
        boolean goldenEnded = golden.stream().anyMatch(l -> l.startsWith(exit));
        if (goldenEnded && lines.stream().noneMatch(l -> l.startsWith(exit))) {
            return new ExperimentResult(experiment, Outcome.TIMEOUT, "not ended after " + untilUs + " us");
        }
        if (!lines.equals(golden)) return new ExperimentResult(experiment, Outcome.SDC, firstDifference(lines));
        if (finalState != null && !java.util.Arrays.equals(finalState, finalState(on))) {
            return new ExperimentResult(experiment, Outcome.SDC, "latent: the same output, but " + target + "'s registers or memory differ at the end");
        }
        return new ExperimentResult(experiment, Outcome.OK, "");
    }

    private String firstDifference(List<String> lines) {
        for (int i = 0; i < Math.max(lines.size(), golden.size()); i++) {
            String got = i < lines.size() ? lines.get(i) : "(nothing)", want = i < golden.size() ? golden.get(i) : "(nothing)";
            if (!got.equals(want)) return "line " + (i + 1) + ": \"" + got + "\" instead of \"" + want + "\"";
        }
        return "";
    }

    private Thread targetThread(Ecu on) {
        var component = on.init().component(target);
        if (component == null || component.threads().isEmpty()) throw new IllegalStateException("component " + target + " has no thread");
        return component.threads().getFirst();
    }

    /** The rate of each outcome with its Wilson 95 % interval. */
    public static Map<Outcome, Wilson> rates(List<ExperimentResult> results) {
        Map<Outcome, Wilson> out = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            long k = results.stream().filter(r -> r.outcome() == o).count();
            out.put(o, Wilson.of95(k, results.size()));
        }
        return out;
    }

    @Override
    public void close() {
        ecu.close();
    }

    /** What the ECU reports, without times: the record that experiments are classified by. */
    private static final class Recorder implements EcuEvents {
        final List<String> lines = new ArrayList<>();

        void reset(List<String> to) {
            lines.clear();
            lines.addAll(to);
        }

        @Override
        public void log(String e, String component, long time, String text) {
            lines.add(component + ": " + text);
        }

        @Override
        public void exited(String e, String component, long time, int code) {
            lines.add(component + " exited " + code);
        }

        @Override
        public void stopped(String e, String component, long time, String reason) {
            lines.add(component + " stopped: " + reason);
        }
    }
}
