package ecusim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ecusim.campaign.CampaignEngine;
import ecusim.campaign.CampaignPlan;
import ecusim.campaign.CampaignPlot;
import ecusim.campaign.CampaignRunner;
import ecusim.campaign.CampaignSpec;
import ecusim.campaign.DefUse;
import ecusim.campaign.Experiment;
import ecusim.campaign.ExperimentResult;
import ecusim.campaign.FaultSpace;
import ecusim.campaign.Outcome;
import ecusim.campaign.ResultStore;
import ecusim.campaign.Wilson;
import ecusim.config.ConfigException;
import ecusim.platform.SnapshotException;
import ecusim.scenario.Scenario;
import ecusim.scenario.ScenarioReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecusim campaign CAMPAIGN.xml}: a fault-injection campaign on one component of a one-ECU scenario. A
 * golden run, then the sampled experiments on every core (each worker a warm ECU fast-forwarded by in-place
 * restore), stored batch by batch in {@code results.duckdb}; a campaign stopped or killed resumes where its last
 * batch ended. Writes {@code results.csv} and {@code results.parquet} (by experiment id), {@code summary.json}
 * (rates, Wilson 95 %) and {@code outcomes.png}.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = {"Fault-injection campaign: single-bit flips (or stuck-at bits) in the registers (r0-r14, PC; or d0-d31) or writable memory of",
                "one component at uniformly sampled instruction counts, memory flips pruned by def/use, classified OK / SDC / DETECTED (DWC, TMR) /",
                "TRAP / TIMEOUT against a golden run. Results go to --out: results.duckdb (resumable), results.csv, results.parquet, summary.json, outcomes.png."})
final class CampaignCommand implements Callable<Integer> {
    private static final int BATCH = 64;

    @Parameters(index = "0", paramLabel = "CAMPAIGN.xml", description = "<campaign name scenario component experiments [seed] [snapshots] [space] [pruning] [fault] [duration]/>")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "where results go (default: ecusim-out/campaign-NAME)")
    Path out;

    @Option(names = "--jobs", paramLabel = "N", description = "worker threads, each with its own ECU (default: the cores)")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--stop-after", paramLabel = "N", description = "run at most N experiments now; the next run goes on from there")
    Integer stopAfter;

    @Option(names = "--from-boot", description = "boot a fresh ECU for every experiment instead of restoring a snapshot in place"
            + " (the same results, slower: for checking, and to measure what fast-forward saves)")
    boolean fromBoot;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only the experiments whose id modulo N is I (0 <= I < N): one job of a"
            + " batch scheduler's array (Slurm, HTCondor); each shard writes its own --out, and --merge puts them together")
    String shard;

    @Option(names = "--merge", paramLabel = "SHARD_DIR", description = "take the results of these shards' --out folders (repeatable), checked"
            + " against this campaign, before running whatever none of them ran")
    List<Path> merge = List.of();

    @Option(names = "--spark", paramLabel = "MASTER", description = "run the experiments on Apache Spark (the optional module) at this master URL:"
            + " local[N] on this machine, spark://HOST:PORT, yarn, k8s://...; every executor makes its own golden run")
    String spark;

    @Option(names = "--group-size", paramLabel = "N", description = "experiments per Spark task (default 200): each task boots an ECU and makes the golden run"
            + " before its experiments, so groups of 100-1,000 keep that a small share")
    int groupSize = 200;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        if (jobs < 1 || jobs > 256) {
            err.println("ecusim: --jobs " + jobs + ": 1 to 256");
            return Main.EXIT_INVALID_INPUT;
        }
        int shardIndex = 0, shards = 1;
        if (shard != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})/(\\d{1,6})").matcher(shard);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(1)) >= Integer.parseInt(m.group(2))) {
                err.println("ecusim: --shard " + PrintableArgs.escape(shard) + ": expected I/N with 0 <= I < N (e.g. 0/4)");
                return Main.EXIT_INVALID_INPUT;
            }
            shardIndex = Integer.parseInt(m.group(1));
            shards = Integer.parseInt(m.group(2));
        }
        CampaignSpec spec;
        Scenario scenario;
        try {
            spec = CampaignSpec.read(file);
            scenario = ScenarioReader.read(spec.scenario());
        } catch (ConfigException e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        }
        OutputFolder folder;
        try {
            folder = OutputFolder.prepare(out != null ? out : Path.of("ecusim-out", "campaign-" + spec.name()), List.of("results.csv", "results.parquet", "summary.json", "outcomes.png"));
        } catch (OutputFolder.Unusable e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        }
        CampaignEngine engine = null;
        if (spark != null) {
            engine = ServiceLoader.load(CampaignEngine.class).stream().map(ServiceLoader.Provider::get).filter(e -> e.name().equals("spark"))
                    .findFirst().orElse(null);
            if (engine == null) {
                err.println("ecusim: --spark: the optional Spark module is not on the class path (the launcher builds it when --spark is given;"
                        + " with Maven: mvn -Pspark package)");
                return Main.EXIT_INVALID_INPUT;
            }
        }
        if (groupSize < 1 || groupSize > 100_000) {
            err.println("ecusim: --group-size " + groupSize + ": 1 to 100,000");
            return Main.EXIT_INVALID_INPUT;
        }
        List<CampaignRunner> runners = Collections.synchronizedList(new ArrayList<>());
        try (ResultStore store = ResultStore.open(folder.path().resolve("results.duckdb"))) {
            CampaignRunner golden = CampaignRunner.prepare(scenario, spec.component(), spec.snapshots());
            runners.add(golden);
            CampaignPlan plan = CampaignPlan.of(spec, scenario, golden);
            try {
                plan = plan.withDefUse(spec, golden);
            } catch (IllegalStateException e) { // the traced run differed: every experiment runs
                if (spec.enumerate()) throw new ConfigException(spec.file(), 0, "experiments=\"all\": " + e.getMessage());
                err.println("ecusim: def/use pruning is off for this campaign: " + PrintableArgs.escape(String.valueOf(e.getMessage())));
            }
            FaultSpace space = plan.space();
            List<Experiment> sampled = plan.experiments();
            long seed = plan.seed();
            int index = shardIndex, of = shards;
            List<Experiment> experiments = sampled.stream().filter(e -> e.id() % of == index).toList();
            for (Path from : merge) mergeShard(from, spec.name(), experiments, store);
            // What an earlier run stored must be this campaign's: a file edited since (seed, scenario, count) is refused.
            Map<Integer, Experiment> all = new java.util.HashMap<>();
            for (Experiment e : sampled) all.put(e.id(), e);
            List<ResultStore.Row> earlier = store.rows(spec.name());
            for (ResultStore.Row r : earlier) checkRow(r, all, folder.path().resolve("results.duckdb").toString(), "resume");
            Set<Integer> done = store.done(spec.name());
            List<Experiment> todo = experiments.stream().filter(e -> !done.contains(e.id())).toList();
            if (stopAfter != null) todo = todo.subList(0, Math.min(todo.size(), Math.max(0, stopAfter)));
            Map<Integer, ExperimentResult> stored = new java.util.HashMap<>();
            if (plan.defUse().isPresent()) {
                for (ResultStore.Row r : earlier) stored.put(r.id(), new ExperimentResult(plan.experiment(r.id()), Outcome.valueOf(r.outcome()), r.detail()));
            }
            CampaignPlan.Schedule schedule = plan.schedule(todo, stored);
            for (int from = 0; from < schedule.known().size(); from += 10_000) {
                store.append(spec.name(), schedule.known().subList(from, Math.min(schedule.known().size(), from + 10_000)));
            }
            err.printf("[ecusim] campaign %s: %s in %s, %,d instructions, " + space.kind().name().toLowerCase(Locale.ROOT) + " fault space %,d; %,d experiments (seed %d%s), %,d stored, %,d to run on %d %s%s%n",
                    spec.name(), spec.component(), scenario.name(), golden.targetInstructions(), space.size(), experiments.size(), seed,
                    shards == 1 ? "" : ", shard " + shardIndex + "/" + shards, done.size(), todo.size(),
                    engine == null ? jobs : groupSize, engine == null ? (jobs == 1 ? "worker" : "workers") : "per Spark task on " + spark,
                    fromBoot ? ", each from a fresh boot" : "");
            if (plan.defUse().isPresent()) {
                err.printf("[ecusim] def/use: %,d of them known OK without a run (overwritten or never read after the flip), the other %,d in %,d classes, one run each%n",
                        schedule.known().size(), todo.size() - schedule.known().size(), schedule.runs().size());
            }
            long started = System.nanoTime();
            if (engine != null) runOnEngine(engine, plan.fingerprint(golden), schedule.runs(), store, spec, err);
            else runAll(schedule.runs(), store, spec, scenario, golden, runners, err);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!schedule.runs().isEmpty()) {
                err.printf(Locale.ROOT, "[ecusim] host: %,d runs for %,d experiments in %.1f s, %.0f runs per second%n", schedule.runs().size(), todo.size(),
                        seconds, schedule.runs().size() / seconds);
            }
            List<ResultStore.Row> rows = store.rows(spec.name());
            if (store.mostRowsPerKey() > 1) throw new IllegalStateException("an experiment is stored twice");
            Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) counts.put(o, 0L);
            for (ResultStore.Row r : rows) counts.merge(Outcome.valueOf(r.outcome()), 1L, Long::sum);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("results.csv", csv(rows, plan));
            files.put("results.parquet", store.parquet(spec.name(), folder.path().resolve(".results.parquet.part"),
                    plan.enumeration().isPresent() ? plan::weight : null));
            files.put("summary.json", summary(spec, scenario, plan, golden, experiments, rows.size(), counts, rows));
            files.put("outcomes.png", plan.enumeration().isPresent() ? CampaignPlot.shares(spec.name(), weighted(plan, rows), rows.size())
                    : CampaignPlot.outcomes(spec.name(), counts, rows.size()));
            folder.commit(files);
            printSummary(spec, plan, rows, experiments.size(), counts, folder, err);
            return counts.get(Outcome.PLATFORM) > 0 ? Main.EXIT_INTERNAL_ERROR : 0;
        } catch (ConfigException e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        } catch (SQLException e) {
            err.println("ecusim: " + PrintableArgs.escape(folder.path().resolve("results.duckdb") + ": " + e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        } catch (IOException e) {
            err.println("ecusim: " + PrintableArgs.escape(folder.path() + ": " + OutputFolder.reason(e)));
            return Main.EXIT_INVALID_INPUT;
        } catch (CampaignEngine.EngineException e) {
            err.println("ecusim: --spark " + PrintableArgs.escape(spark) + ": " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        } catch (SnapshotException e) {
            throw new IllegalStateException("the golden run cannot be snapshotted: " + e.getMessage(), e);
        } finally {
            for (CampaignRunner r : runners) r.close();
        }
    }

    /**
     * Stores the results a shard in {@code folder} holds for this campaign, each checked against the
     * experiment this campaign draws with that id (instruction, run, fault): a folder of another campaign, seed
     * or scenario is refused, not mixed in. Results already stored are left as they are.
     */
    private static void mergeShard(Path folder, String campaign, List<Experiment> experiments, ResultStore store) throws SQLException, ConfigException {
        Path file = folder.resolve("results.duckdb");
        if (!Files.isRegularFile(file)) throw new ConfigException(folder.toString(), 0, "--merge: no results.duckdb in it");
        java.util.Map<Integer, Experiment> byId = new java.util.HashMap<>();
        for (Experiment e : experiments) byId.put(e.id(), e);
        Set<Integer> have = store.done(campaign);
        List<ExperimentResult> taken = new ArrayList<>();
        try (ResultStore shardStore = ResultStore.open(file)) {
            for (ResultStore.Row r : shardStore.rows(campaign)) {
                Experiment e = checkRow(r, byId, file.toString(), "--merge");
                if (!have.contains(r.id())) taken.add(new ExperimentResult(e, Outcome.valueOf(r.outcome()), r.detail()));
            }
        }
        for (int from = 0; from < taken.size(); from += 10_000) store.append(campaign, taken.subList(from, Math.min(taken.size(), from + 10_000)));
    }

    /** The experiment {@code r} stores a result of, checked against this campaign's with that id; refused as another campaign's if it differs. */
    private static Experiment checkRow(ResultStore.Row r, Map<Integer, Experiment> byId, String file, String doing) throws ConfigException {
        Experiment e = byId.get(r.id());
        if (e == null || e.instruction() != r.instruction() || e.run() != r.run() || !e.location().equals(r.location()) || e.fault().bit() != r.bit()) {
            throw new ConfigException(file, 0, doing + ": experiment #" + r.id() + " is not this campaign's (" + r.location() + " bit " + r.bit() + " at "
                    + r.instruction() + "): results of another campaign file, seed or scenario");
        }
        try {
            Outcome.valueOf(r.outcome());
        } catch (IllegalArgumentException x) {
            throw new ConfigException(file, 0, doing + ": experiment #" + r.id() + " has the outcome \"" + PrintableArgs.escape(r.outcome()) + "\", which is none");
        }
        return e;
    }

    /** Runs {@code todo} in batches on {@code jobs} workers and stores each batch, in order, as it completes. */
    private void runAll(List<CampaignPlan.ClassRun> todo, ResultStore store, CampaignSpec spec, Scenario scenario, CampaignRunner golden,
                        List<CampaignRunner> runners, PrintStream err) throws SQLException {
        ThreadLocal<CampaignRunner> local = ThreadLocal.withInitial(() -> {
            try {
                CampaignRunner r = CampaignRunner.prepare(scenario, spec.component(), spec.snapshots());
                runners.add(r);
                return r;
            } catch (ConfigException | SnapshotException e) {
                throw new IllegalStateException(e); // the same scenario prepared once already
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "ecusim-campaign");
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = progressBar(spec, todo, err)) {
            List<Future<List<ExperimentResult>>> batches = new ArrayList<>();
            for (int from = 0; from < todo.size(); from += BATCH) {
                List<CampaignPlan.ClassRun> batch = todo.subList(from, Math.min(todo.size(), from + BATCH));
                batches.add(pool.submit(() -> {
                    CampaignRunner runner = jobs == 1 ? golden : local.get();
                    List<ExperimentResult> results = new ArrayList<>(batch.size());
                    for (CampaignPlan.ClassRun c : batch) {
                        results.addAll(c.results(runner.run(c.run(), !fromBoot)));
                        bar.stepBy(c.members().size());
                    }
                    return results;
                }));
            }
            for (Future<List<ExperimentResult>> f : batches) store.append(spec.name(), f.get());
        } catch (InterruptedException e) {
            java.lang.Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A progress bar over the experiments of {@code todo} (a class run steps it by its members). */
    private static ProgressBar progressBar(CampaignSpec spec, List<CampaignPlan.ClassRun> todo, PrintStream err) {
        return new ProgressBarBuilder().setTaskName("campaign " + spec.name()).setInitialMax(todo.stream().mapToInt(c -> c.members().size()).sum())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)).showSpeed().build();
    }

    /** Runs {@code todo} on {@code engine} and stores each group's results as it completes. */
    private void runOnEngine(CampaignEngine engine, String fingerprint, List<CampaignPlan.ClassRun> todo, ResultStore store, CampaignSpec spec, PrintStream err)
            throws SQLException, CampaignEngine.EngineException {
        java.util.Map<Integer, CampaignPlan.ClassRun> byId = new java.util.HashMap<>();
        for (CampaignPlan.ClassRun c : todo) byId.put(c.run().id(), c);
        try (ProgressBar bar = progressBar(spec, todo, err)) {
            List<CampaignEngine.Job> jobs = todo.stream().map(c -> new CampaignEngine.Job(c.run().id(), c.run().instruction())).toList();
            engine.run(spark, file.toAbsolutePath(), fingerprint, jobs, groupSize, !fromBoot, results -> {
                List<ExperimentResult> taken = new ArrayList<>(results.size());
                for (CampaignEngine.Result r : results) {
                    CampaignPlan.ClassRun c = byId.remove(r.id());
                    if (c == null) throw new IllegalStateException("the engine returned experiment #" + r.id() + ", which was not asked for or came twice");
                    taken.addAll(c.results(new ExperimentResult(c.run(), Outcome.valueOf(r.outcome()), r.detail())));
                    bar.stepBy(c.members().size());
                }
                store.append(spec.name(), taken);
            });
        } catch (SQLException | CampaignEngine.EngineException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Spark: " + e.getMessage(), e);
        }
    }

    /**
     * Each outcome's share of the points an enumerated campaign covers: the stored experiments' class sizes,
     * and the points known OK without a run; exact, no interval.
     */
    private static Map<Outcome, Long> weighted(CampaignPlan plan, List<ResultStore.Row> rows) {
        Map<Outcome, Long> w = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) w.put(o, 0L);
        w.merge(Outcome.OK, plan.enumeration().orElseThrow().knownOk(), Long::sum);
        for (ResultStore.Row r : rows) w.merge(Outcome.valueOf(r.outcome()), plan.weight(r.id()), Long::sum);
        return w;
    }

    private static byte[] csv(List<ResultStore.Row> rows, CampaignPlan plan) {
        boolean weights = plan.enumeration().isPresent();
        StringBuilder s = new StringBuilder("id,instruction,run,location,bit,outcome,detail" + (weights ? ",weight" : "") + "\n");
        for (ResultStore.Row r : rows) {
            s.append(r.id()).append(',').append(r.instruction()).append(',').append(r.run()).append(',').append(r.location()).append(',').append(r.bit()).append(',')
                    .append(r.outcome()).append(',').append('"').append(r.detail().replace("\"", "\"\"")).append('"');
            if (weights) s.append(',').append(plan.weight(r.id()));
            s.append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] summary(CampaignSpec spec, Scenario scenario, CampaignPlan plan, CampaignRunner golden, List<Experiment> experiments, int stored,
                                  Map<Outcome, Long> counts, List<ResultStore.Row> rows) throws IOException {
        FaultSpace space = plan.space();
        long seed = plan.seed();
        int sampled = experiments.size();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("campaign", spec.name());
        s.put("scenario", scenario.name());
        s.put("component", spec.component());
        s.put("seed", seed);
        s.put("target_instructions", golden.targetInstructions());
        s.put("fault_space", space.kind().name().toLowerCase(Locale.ROOT));
        s.put("fault_space_size", space.size());
        s.put("runs_per_instruction", space.runs());
        s.put("fault_model", space.model().toString());
        if (shard != null) s.put("shard", shard); // experiments below are this shard's
        s.put("experiments", sampled);
        if (plan.defUse().isPresent()) { // over all of them, however many runs this invocation made
            CampaignPlan.Schedule all = plan.schedule(experiments, Map.of());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("method", "def-use");
            p.put("known_ok_without_run", all.known().size());
            p.put("classes_run", all.runs().size());
            p.putAll(plan.defUse().get().traced());
            DefUse.Census census = plan.defUse().get().census(space.instructions());
            if (space.kind() == FaultSpace.Kind.MEMORY) {
                p.put("byte_classes_in_space", census.classes());
                p.put("runs_for_full_coverage", census.classes() * 8); // a class per byte and bit
            } else { // r0-r14; the PC's flips are not pruned
                p.put("register_classes_in_space", census.classes());
                p.put("runs_for_full_coverage", census.classes() * 32 + space.instructions() * 31);
            }
            // Every bit of a point (instruction, byte or register) alike; for registers the PC's unpruned bits count too.
            p.put("known_ok_share_of_space", (double) census.knownOkPoints() * (space.kind() == FaultSpace.Kind.MEMORY ? 8 : 32) / space.size());
            s.put("pruning", p);
        }
        s.put("completed", stored);
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (var e : counts.entrySet()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("count", e.getValue());
            if (stored > 0) {
                Wilson w = Wilson.of95(e.getValue(), stored);
                o.put("rate", w.rate());
                o.put("ci95_low", w.low());
                o.put("ci95_high", w.high());
            }
            outcomes.put(e.getKey().name(), o);
        }
        s.put("outcomes", outcomes);
        if (plan.enumeration().isPresent()) { // exact shares of the points covered: every class once, weighted by its size
            Map<Outcome, Long> w = weighted(plan, rows);
            long covered = w.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("space_points", space.size());
            e.put("covered_points", covered);
            e.put("coverage", (double) covered / space.size());
            e.put("known_ok_points", plan.enumeration().get().knownOk());
            Map<String, Object> shares = new LinkedHashMap<>();
            for (var o : w.entrySet()) shares.put(o.getKey().name(), covered == 0 ? 0.0 : (double) o.getValue() / covered);
            e.put("share_of_covered_points", shares);
            s.put("enumerated", e);
        }
        if (counts.get(Outcome.DETECTED) > 0) { // corrected: the restart or the vote gave the golden output
            long corrected = rows.stream().filter(r -> r.outcome().equals("DETECTED") && r.detail().startsWith("corrected (")).count();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("count", corrected);
            Wilson w = Wilson.of95(corrected, stored);
            c.put("rate", w.rate());
            c.put("ci95_low", w.low());
            c.put("ci95_high", w.high());
            c.put("of_detected", (double) corrected / counts.get(Outcome.DETECTED));
            s.put("detected_and_corrected", c);
        }
        s.put("golden_output", golden.golden());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(s);
    }

    private static void printSummary(CampaignSpec spec, CampaignPlan plan, List<ResultStore.Row> rows, int sampled, Map<Outcome, Long> counts,
                                     OutputFolder folder, PrintStream err) {
        int stored = rows.size();
        System.out.printf(Locale.ROOT, "[ecusim] campaign %s: %,d of %,d experiments done%n", spec.name(), stored, sampled);
        if (plan.enumeration().isPresent()) {
            Map<Outcome, Long> w = weighted(plan, rows);
            long covered = w.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "  every def/use class once: %.2f %% of the space's %,d points covered (%,d known OK without a run); exact shares:%n",
                    100.0 * covered / plan.space().size(), plan.space().size(), plan.enumeration().get().knownOk());
            for (var e : w.entrySet()) {
                System.out.printf(Locale.ROOT, "  %-8s %,8d runs  %6.2f %% of the points%n", e.getKey(), counts.get(e.getKey()), covered == 0 ? 0 : 100.0 * e.getValue() / covered);
            }
        } else if (stored > 0) {
            for (var e : counts.entrySet()) {
                Wilson w = Wilson.of95(e.getValue(), stored);
                System.out.printf(Locale.ROOT, "  %-8s %,8d  %6.2f %%  [%6.2f %%, %6.2f %%]%n", e.getKey(), e.getValue(), 100 * w.rate(), 100 * w.low(), 100 * w.high());
            }
        }
        if (stored == 0) return;
        System.out.println("[ecusim] results in " + PrintableArgs.escape(folder.path().toString())
                + " (results.duckdb, results.csv, results.parquet, summary.json, outcomes.png)");
        if (counts.get(Outcome.PLATFORM) > 0) err.println("ecusim: PLATFORM outcomes are failures of ecusim itself; their details are in results.csv");
    }
}
