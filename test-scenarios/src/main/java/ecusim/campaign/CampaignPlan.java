package ecusim.campaign;

import ecusim.config.ConfigException;
import ecusim.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a campaign runs, derived from its file, its scenario and the golden run alone: the fault space, the
 * experiments drawn from it with the seed (the campaign's, else the scenario's) or, for {@code experiments="all"},
 * enumerated, and, for memory and register flips in a target that runs once, their def/use classes
 * ({@link DefUse}, {@link RegisterDefUse}). Every worker, thread or Spark executor, derives the same
 * experiments, so that they travel as (id, instruction).
 */
public record CampaignPlan(FaultSpace space, long seed, List<Experiment> experiments, Optional<FaultClasses> defUse, Optional<Enumeration> enumeration) {
    public CampaignPlan {
        experiments = List.copyOf(experiments);
    }

    /** The most runs {@code experiments="all"} may enumerate. */
    public static final int MOST_ENUMERATED = 10_000_000;

    /**
     * Every def/use class of the space run once: experiment {@code id} stands for {@code weights[id]} points of
     * the space; {@code knownOk} points are OK without a run. The weights and knownOk add up to the space.
     */
    public record Enumeration(long[] weights, long knownOk) {
        public long weight(int id) {
            return weights[id];
        }
    }

    /** Each experiment's share of the space: its class's size when enumerated, else 1 (a uniform sample). */
    public long weight(int id) {
        return enumeration.map(e -> e.weight(id)).orElse(1L);
    }

    /** The runs {@code todo} needs: results known without a run, and one run per def/use class with its members. */
    public record Schedule(List<ExperimentResult> known, List<ClassRun> runs) {
        public int experiments() {
            return known.size() + runs.stream().mapToInt(r -> r.members().size()).sum();
        }
    }

    /**
     * One run for a def/use class: {@code run} (the first member's id, injected at the class's representative
     * instruction) stands for every member; without pruning, the member itself.
     */
    public record ClassRun(Experiment run, List<Experiment> members) {
        /** Each member's result: the run's outcome and detail. */
        public List<ExperimentResult> results(ExperimentResult of) {
            if (of.experiment().id() != run.id()) throw new IllegalArgumentException("the result of #" + of.experiment().id() + ", not of #" + run.id());
            return members.stream().map(m -> new ExperimentResult(m, of.outcome(), of.detail())).toList();
        }
    }

    /** The plan of {@code spec} on the golden run {@code golden} of its {@code scenario}, without def/use classes. */
    public static CampaignPlan of(CampaignSpec spec, Scenario scenario, CampaignRunner golden) throws ConfigException {
        FaultSpace space;
        try {
            if (spec.model().stuckAt() && golden.runs() > 1) {
                throw new IllegalArgumentException("is replicated: stuck-at faults go into components that run once");
            }
            space = new FaultSpace(spec.space(), golden.targetInstructions(), golden.writablePages(), golden.runs(), spec.model());
        } catch (IllegalArgumentException e) { // the component ran no instruction, or mapped no writable page
            throw new ConfigException(spec.file(), 0, "component \"" + spec.component() + "\": " + e.getMessage());
        }
        long seed = spec.seed().orElse(scenario.seed());
        return new CampaignPlan(space, seed, spec.enumerate() ? List.of() : space.sample(seed, spec.experiments()), Optional.empty(), Optional.empty());
    }

    /**
     * The same plan with def/use classes when the campaign asks for them (memory faults) and the target runs
     * once; a replicated target keeps every experiment (its runs' copy-on-write frames are not the golden run's).
     */
    public CampaignPlan withDefUse(CampaignSpec spec, CampaignRunner golden) {
        if (!spec.defUsePruning() || space.kind() == FaultSpace.Kind.VFP || space.runs() != 1 || space.model().stuckAt()) {
            if (spec.enumerate()) throw new IllegalStateException("experiments=\"all\" needs memory flips into a component that runs once");
            return this;
        }
        if (space.kind() == FaultSpace.Kind.REGISTERS) {
            if (spec.enumerate()) throw new IllegalStateException("experiments=\"all\" enumerates memory flips only");
            return new CampaignPlan(space, seed, experiments, Optional.of(golden.traceRegisterDefUse()), Optional.empty());
        }
        DefUse defUse = golden.traceDefUse();
        if (!spec.enumerate()) return new CampaignPlan(space, seed, experiments, Optional.of(defUse), Optional.empty());
        long runs = defUse.census(space.instructions()).classes() * 8;
        if (runs > MOST_ENUMERATED) {
            throw new IllegalStateException("experiments=\"all\": " + runs + " def/use classes to run, more than " + MOST_ENUMERATED + "; sample instead");
        }
        List<Experiment> all = new ArrayList<>((int) runs);
        long[] weights = new long[(int) runs];
        long[] knownOk = {0};
        defUse.walk(space.instructions(), new DefUse.ClassVisitor() {
            @Override
            public void live(int va, long at, long span) {
                for (int bit = 0; bit < 8; bit++) {
                    weights[all.size()] = span;
                    all.add(new Experiment(all.size(), at, 0, new ecusim.emulator.fault.Fault(new ecusim.emulator.fault.FaultLocation.MemoryByte(va), bit)));
                }
            }

            @Override
            public void dead(long span) {
                knownOk[0] += span * 8;
            }
        });
        return new CampaignPlan(space, seed, all, Optional.of(defUse), Optional.of(new Enumeration(weights, knownOk[0])));
    }

    /**
     * What a worker away from the driver must have derived too: a digest of the golden run (the target's
     * instructions, every component's output, its writable pages) and of this plan (seed, fault space, count).
     */
    public String fingerprint(CampaignRunner golden) {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String of = golden.targetInstructions() + "\n" + String.join("\n", golden.golden()) + "\n" + golden.writablePages() + "\n" + seed + "\n"
                + space.kind() + " " + space.runs() + " " + space.model() + " " + experiments.size();
        return java.util.HexFormat.of().formatHex(sha.digest(of.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The experiment with this id. */
    public Experiment experiment(int id) {
        Experiment e = experiments.get(id);
        if (e.id() != id) throw new IllegalStateException("experiment " + id + " is not at its index");
        return e;
    }

    /**
     * Groups {@code todo} by def/use class. A class with a member in {@code stored} (id to outcome and detail,
     * from an earlier run of this campaign) takes its result from there.
     */
    public Schedule schedule(List<Experiment> todo, Map<Integer, ExperimentResult> stored) {
        List<ExperimentResult> known = new ArrayList<>();
        if (defUse.isEmpty()) return new Schedule(known, todo.stream().map(e -> new ClassRun(e, List.of(e))).toList());
        FaultClasses d = defUse.get();
        Map<List<Object>, List<Experiment>> classes = new LinkedHashMap<>(); // (instruction, location, bit) -> members, first id first
        Map<List<Object>, ExperimentResult> classResult = new LinkedHashMap<>();
        for (Experiment e : experiments) { // the stored members of each class, whether in todo or not
            ExperimentResult r = stored.get(e.id());
            if (r != null && d.verdict(e.instruction(), e.fault().location()) instanceof DefUse.Represented rep) classResult.putIfAbsent(key(rep, e), r);
        }
        for (Experiment e : todo) {
            switch (d.verdict(e.instruction(), e.fault().location())) {
                case DefUse.Unread u -> known.add(new ExperimentResult(e, Outcome.OK, "def/use: " + u.why() + ", not run"));
                case DefUse.Represented rep -> {
                    List<Object> key = key(rep, e);
                    ExperimentResult r = classResult.get(key);
                    if (r != null) known.add(new ExperimentResult(e, r.outcome(), r.detail()));
                    else classes.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
                }
            }
        }
        List<ClassRun> runs = new ArrayList<>();
        for (var c : classes.entrySet()) {
            Experiment first = c.getValue().getFirst();
            runs.add(new ClassRun(new Experiment(first.id(), (Long) c.getKey().getFirst(), first.run(), first.fault()), List.copyOf(c.getValue())));
        }
        return new Schedule(known, runs);
    }

    private static List<Object> key(DefUse.Represented rep, Experiment e) {
        return List.of(rep.instruction(), e.fault().location(), e.fault().bit());
    }
}
