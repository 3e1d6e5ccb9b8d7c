package ecusim.experiment;

import ecusim.config.ConfigException;
import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.PePhase;
import ecusim.kernel.ReplicationStats;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What DWC (and TMR) cost, in the terms of Tokponnon and Lobelle's FOSDEM 2017 slides: each workload runs
 * once as it is, then with its components replicated — DWC without and with a cache flush before the second
 * run, and TMR — and each replicated component's cycles are set against its cycles run once (the overhead),
 * with its processing elements, their mean length and the share of each phase (first run, restart, cache
 * flush, second run, verification and commit, rollback). Each replicated run must say exactly what the run
 * once said, component by component — but for the figure of a time the component measured itself
 * ({@code elapsed_us=N}: replication takes time, that is the point) — and retire the same instructions (unless
 * it printed such a time: formatting another number takes other instructions); a
 * difference is reported, not hidden. Deterministic: the same numbers on any machine.
 */
public final class DwcOverhead {
    /** A workload: components started by init, {@code %s} where each start's replication goes. */
    public record Workload(String name, String starts) {}

    /**
     * A way of running it: replication as init's {@code <replication>} says, on an ECU with or without the
     * cache model; its overhead is against the run once on the same ECU.
     */
    public record Variant(String name, String replication, boolean cacheModel) {}

    /** One replicated component of one workload in one variant. */
    public record Row(String workload, String variant, String component, long instructions, long cyclesOnce, long cycles,
                      double overheadPercent, long pes, double meanPeInstructions, long pagesCopied, Map<String, Long> phaseCycles,
                      Map<String, Double> phasePercent, boolean outputEqual) {}

    public static final List<Workload> WORKLOADS = List.of(
            new Workload("crc", "<start name=\"crc\"> <resource name=\"RAM\" quantum=\"1M\"/> <config bytes=\"65536\" seed=\"1\"/> %s </start>"),
            new Workload("matrix", "<start name=\"matrix\"> <resource name=\"RAM\" quantum=\"1M\"/> <config n=\"32\" iterations=\"4\"/> %s </start>"),
            new Workload("counter", "<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"1\" limit=\"20\"/> %s </start>"),
            // Seed 004's worst case: PEs that end at a system call every few hundred instructions.
            new Workload("pingpong", "<start name=\"server\"> <binary name=\"pingpong-server\"/> <resource name=\"RAM\" quantum=\"256K\"/>"
                    + " <provides> <service name=\"Ping\"/> </provides> %s </start>"
                    + "<start name=\"client\"> <binary name=\"pingpong-client\"/> <resource name=\"RAM\" quantum=\"256K\"/> <config rounds=\"200\"/>"
                    + " <route> <service name=\"Ping\"> <child name=\"server\"/> </service> <any-service> <parent/> </any-service> </route> %s </start>"));

    public static final List<Variant> VARIANTS = List.of(
            new Variant("dwc", "<replication mode=\"dwc\"/>", false),
            new Variant("dwc+cache-flush", "<replication mode=\"dwc\" cache_flush=\"yes\"/>", false),
            new Variant("tmr", "<replication mode=\"tmr\"/>", false),
            // With the cache model, a flush's refills are paid where they happen: in the second run.
            new Variant("dwc/cache-model", "<replication mode=\"dwc\"/>", true),
            new Variant("dwc+cache-flush/cache-model", "<replication mode=\"dwc\" cache_flush=\"yes\"/>", true));

    private static final java.util.regex.Pattern MEASURED_TIME = java.util.regex.Pattern.compile("elapsed_us=\\d+");

    /** Virtual time each run may take: every workload has ended long before. */
    private static final long UNTIL_US = 400_000;

    private DwcOverhead() {}

    /** The number of runs {@link #run} makes for {@code workloads} and {@code variants} (for a progress bar). */
    public static int runs(List<Workload> workloads, List<Variant> variants) {
        return workloads.size() * (variants.size() + (int) variants.stream().map(Variant::cacheModel).distinct().count());
    }

    /** Runs every workload once and in every variant; {@code done} hears of each run finished. */
    public static List<Row> run(List<Workload> workloads, List<Variant> variants, Consumer<String> done) throws ConfigException {
        List<Row> rows = new ArrayList<>();
        for (Workload w : workloads) {
            Map<Boolean, Result> baselines = new java.util.HashMap<>();
            for (Variant v : variants) {
                if (baselines.containsKey(v.cacheModel())) continue;
                baselines.put(v.cacheModel(), runOnce(w, "", v.cacheModel()));
                done.accept(w.name() + " once" + (v.cacheModel() ? "/cache-model" : ""));
            }
            for (Variant v : variants) {
                Result once = baselines.get(v.cacheModel());
                Result replicated = runOnce(w, v.replication(), v.cacheModel());
                done.accept(w.name() + " " + v.name());
                for (var e : replicated.stats().entrySet()) {
                    String component = e.getKey();
                    ComponentRun r = e.getValue(), base = once.stats().get(component);
                    ReplicationStats s = r.replication();
                    Map<String, Long> phases = new LinkedHashMap<>();
                    Map<String, Double> percent = new LinkedHashMap<>();
                    long total = s.totalCycles();
                    for (PePhase p : PePhase.values()) {
                        phases.put(p.key(), s.cycles(p));
                        percent.put(p.key(), total == 0 ? 0 : 100.0 * s.cycles(p) / total);
                    }
                    List<String> said = once.output().getOrDefault(component, List.of());
                    // Formatting a different measured time takes a different number of instructions.
                    boolean measures = said.stream().anyMatch(l -> l.contains("elapsed_us=(measured)"));
                    boolean equal = said.equals(replicated.output().getOrDefault(component, List.of())) && (measures || base.instructions() == r.instructions());
                    rows.add(new Row(w.name(), v.name(), component, r.instructions(), base.cycles(), r.cycles(),
                            100.0 * (r.cycles() - base.cycles()) / base.cycles(), s.pes(), s.pes() == 0 ? 0 : (double) s.instructions() / s.pes(),
                            s.pagesCopied(), phases, percent, equal));
                }
            }
        }
        return rows;
    }

    private record ComponentRun(long instructions, long cycles, ReplicationStats replication) {}

    private record Result(Map<String, List<String>> output, Map<String, ComponentRun> stats) {}

    private static Result runOnce(Workload w, String replication, boolean cacheModel) throws ConfigException {
        String starts = w.starts().replace("%s", replication);
        String init = "<config> <parent-provides> <service name=\"LOG\"/> <service name=\"Timer\"/> <service name=\"ROM\"/> </parent-provides>"
                + " <default-route> <any-service> <parent/> </any-service> </default-route>" + starts + "</config>";
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 32L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("dwc-" + w.name(), init)), name -> ComponentImages.load(name).orElse(null)).withCacheModel(cacheModel);
        Map<String, List<String>> output = new TreeMap<>();
        EcuEvents events = new EcuEvents() {
            @Override
            public void log(String ecu, String component, long time, String text) {
                output.computeIfAbsent(component, k -> new ArrayList<>()).add(MEASURED_TIME.matcher(text).replaceAll("elapsed_us=(measured)"));
            }

            @Override
            public void exited(String ecu, String component, long time, int code) {
                output.computeIfAbsent(component, k -> new ArrayList<>()).add("exited " + code);
            }

            @Override
            public void stopped(String ecu, String component, long time, String reason) {
                output.computeIfAbsent(component, k -> new ArrayList<>()).add("stopped: " + reason);
            }

            @Override
            public void deadlocked(String ecu, long time, List<String> waits) {
                output.computeIfAbsent("kernel", k -> new ArrayList<>()).add("deadlock " + waits);
            }
        };
        Map<String, ComponentRun> stats = new TreeMap<>();
        try (Ecu ecu = new Ecu(config, events)) {
            ecu.boot();
            ecu.runUntil(UNTIL_US);
            for (Component c : ecu.components()) {
                var s = c.stats();
                ReplicationStats r = new ReplicationStats();
                if (!s.replication().isEmpty()) r = ReplicationStats.of(s.replication());
                stats.put(c.name(), new ComponentRun(s.instructions(), s.cycles(), r));
            }
        }
        output.remove("init"); // init's lines name exits, which each component's own lines already say
        return new Result(output, stats);
    }

    /** The rows as CSV, one per replicated component and variant. */
    public static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("workload,variant,component,instructions,cycles_once,cycles,overhead_percent,pes,mean_pe_instructions,pages_copied");
        for (PePhase p : PePhase.values()) b.append(',').append(p.key()).append("_cycles");
        for (PePhase p : PePhase.values()) b.append(',').append(p.key()).append("_percent");
        b.append(",output_equal\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.2f,%d,%.1f,%d", r.workload(), r.variant(), r.component(), r.instructions(),
                    r.cyclesOnce(), r.cycles(), r.overheadPercent(), r.pes(), r.meanPeInstructions(), r.pagesCopied()));
            for (long c : r.phaseCycles().values()) b.append(',').append(c);
            for (double p : r.phasePercent().values()) b.append(String.format(Locale.ROOT, ",%.2f", p));
            b.append(',').append(r.outputEqual()).append('\n');
        }
        return b.toString();
    }
}
