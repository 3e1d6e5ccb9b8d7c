package ecusim.bench;

import ecusim.campaign.CampaignRunner;
import ecusim.campaign.Experiment;
import ecusim.campaign.FaultSpace;
import ecusim.scenario.Scenario;
import ecusim.scenario.ScenarioReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Campaign throughput, side by side: experiments per second on a number of workers (each a warm ECU of its
 * own, as {@code ecusim campaign} runs them) for crc hashing 64 KiB (1.13 M instructions), fast-forwarded by
 * in-place restore of the nearest snapshot against booting a fresh ECU for every experiment, and
 * fast-forwarded with crc under DWC. The three run in turn within each repetition, so a host whose speed
 * drifts moves them alike; the summary gives the median of each and of the ratio fast-forward / boot.
 *
 * <p>Usage: {@code benchmarks/run-campaign-throughput.sh [repetitions [experiments [workers]]]} (5, 400, 2).
 * Writes {@code benchmarks/target/campaign-throughput.csv} and {@code .json}.
 */
public final class CampaignThroughput {
    private CampaignThroughput() {}

    private static final String SCENARIO = """
            <scenario name="crc-campaign" seed="7">
              <ecu name="ecu0">
                <config>
                  <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                  <default-route> <any-service> <parent/> </any-service> </default-route>
                  <start name="crc"> <resource name="RAM" quantum="1M"/> <config bytes="65536" seed="1"/> %s </start>
                </config>
              </ecu>
              <run until_ms="%d"/>
            </scenario>
            """;

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Scenario plain = ScenarioReader.read("crc.xml", SCENARIO.formatted("", 20));
        Scenario dwc = ScenarioReader.read("crc-dwc.xml", SCENARIO.formatted("<replication mode=\"dwc\"/>", 40));
        List<CampaignRunner> fast = prepare(plain, workers), replicated = prepare(dwc, workers);
        FaultSpace space = new FaultSpace(FaultSpace.Kind.REGISTERS, fast.getFirst().targetInstructions(), List.of(), 1);
        FaultSpace dwcSpace = new FaultSpace(FaultSpace.Kind.REGISTERS, replicated.getFirst().targetInstructions(), List.of(), 2);
        System.out.printf(Locale.ROOT, "[campaign-throughput] crc, %,d instructions; %d repetitions (the first is warm-up) of %d experiments on %d workers:"
                + " fast-forward, from boot (a tenth as many), fast-forward under DWC%n", space.instructions(), repetitions, count, workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        StringBuilder csv = new StringBuilder("repetition,mode,experiments,seconds,per_second\n");
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int rep = 0; rep < repetitions; rep++) {
            List<Experiment> sample = space.sample(rep, count);
            double ff = measure(pool, fast, sample, true), boot = measure(pool, fast, sample.subList(0, Math.max(workers, count / 10)), false);
            double d = measure(pool, replicated, dwcSpace.sample(rep, count), true);
            double[] values = {ff, boot, d};
            String[] modes = {"fast-forward", "boot", "fast-forward-dwc"};
            int[] sizes = {count, Math.max(workers, count / 10), count};
            for (int i = 0; i < 3; i++) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%d,%.3f,%.1f%n", rep, modes[i], sizes[i], sizes[i] / values[i], values[i]));
            }
            System.out.printf(Locale.ROOT, "  repetition %d%s: fast-forward %.0f/s, from boot %.1f/s (ratio %.1f), fast-forward under DWC %.0f/s%n",
                    rep, rep == 0 ? " (warm-up)" : "", ff, boot, ff / boot, d);
            if (rep == 0) continue;
            rates.computeIfAbsent("fast_forward_per_s", k -> new ArrayList<>()).add(ff);
            rates.computeIfAbsent("boot_per_s", k -> new ArrayList<>()).add(boot);
            rates.computeIfAbsent("ratio_fast_forward_to_boot", k -> new ArrayList<>()).add(ff / boot);
            rates.computeIfAbsent("fast_forward_dwc_per_s", k -> new ArrayList<>()).add(d);
        }
        pool.shutdown();
        for (CampaignRunner r : fast) r.close();
        for (CampaignRunner r : replicated) r.close();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("workers", workers);
        summary.put("experiments_per_repetition", count);
        summary.put("target_instructions", space.instructions());
        for (var e : rates.entrySet()) summary.put(e.getKey() + "_median", median(e.getValue()));
        Path target = Path.of("benchmarks", "target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("campaign-throughput.csv"), csv.toString(), StandardCharsets.UTF_8);
        Files.writeString(target.resolve("campaign-throughput.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary), StandardCharsets.UTF_8);
        System.out.println("[campaign-throughput] medians: " + summary + " -> benchmarks/target/campaign-throughput.{csv,json}");
    }

    private static List<CampaignRunner> prepare(Scenario scenario, int workers) throws Exception {
        List<CampaignRunner> out = new ArrayList<>();
        for (int i = 0; i < workers; i++) out.add(CampaignRunner.prepare(scenario, "crc", 16));
        return out;
    }

    /** Experiments per second of {@code sample} split over the workers, each on its own runner. */
    private static double measure(ExecutorService pool, List<CampaignRunner> runners, List<Experiment> sample, boolean fastForward) throws Exception {
        long start = System.nanoTime();
        List<Future<?>> parts = new ArrayList<>();
        for (int w = 0; w < runners.size(); w++) {
            CampaignRunner runner = runners.get(w);
            int worker = w;
            parts.add(pool.submit(() -> {
                for (int i = worker; i < sample.size(); i += runners.size()) runner.run(sample.get(i), fastForward);
            }));
        }
        for (Future<?> f : parts) f.get();
        return sample.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
