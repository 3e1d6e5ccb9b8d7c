package ecusim.cli;

import ecusim.experiment.CheckpointSweep;
import ecusim.experiment.DwcOverhead;
import ecusim.experiment.DwcPlots;
import ecusim.experiment.SweepPlots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecusim bench checkpoint}: seed 001's granularity trade-off as a sweep; {@code ecusim bench dwc}: seed
 * 004's DWC overhead and breakdown. CSV, JSON and plots.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Experiments that reproduce the thesis figures. 'checkpoint': memwalk under Rtcr, checkpointed at an interval, for",
                "designated dataspaces of G = 1..256 pages, write bits and full copies, per access pattern, footprint and interval;",
                "runtime overhead against checkpoint time. Writes results.csv and checkpoint-PATTERN.png/.svg to --out.",
                "'dwc': crc, matrix, counter and pingpong run once, under DWC (without and with a cache flush) and under TMR, and under",
                "DWC on an ECU with the cache model (where a flush's refills are paid as misses);",
                "overhead, processing elements and the time per phase. Writes dwc.csv, dwc.json, dwc-breakdown and dwc-overhead plots."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "checkpoint or dwc")
    String experiment;

    @Option(names = "--out", paramLabel = "DIR", description = "where results go (default: ecusim-out/bench-EXPERIMENT)")
    Path out;

    @Option(names = "--quick", description = "a small grid (G 1, 16, 256; one footprint and interval): a minute, not the full sweep")
    boolean quick;

    @Override
    public Integer call() {
        PrintStream stdout = System.out, err = System.err;
        if (!experiment.equals("checkpoint") && !experiment.equals("dwc")) {
            err.println("ecusim: bench " + PrintableArgs.escape(experiment) + ": the experiments are: checkpoint, dwc");
            return Main.EXIT_INVALID_INPUT;
        }
        Path folder = out != null ? out : Path.of("ecusim-out", "bench-" + experiment);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            err.println("ecusim: " + PrintableArgs.escape(folder + ": cannot be created: " + OutputFolder.reason(e)));
            return Main.EXIT_INVALID_INPUT;
        }
        if (experiment.equals("dwc")) return dwc(folder, stdout, err);
        CheckpointSweep.Grid grid = quick ? CheckpointSweep.Grid.quick() : CheckpointSweep.Grid.full();
        List<CheckpointSweep.Point> points;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("checkpoint sweep").setInitialMax(grid.configs().size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)).showSpeed().build()) {
            points = new CheckpointSweep(grid).run(p -> {
                bar.step();
                bar.setExtraMessage(p.config().pattern() + " " + p.config().label());
            });
        } catch (ecusim.rtcr.CheckpointException e) {
            err.println("ecusim: the sweep failed: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INTERNAL_ERROR;
        }
        try {
            Files.writeString(folder.resolve("results.csv"), CheckpointSweep.csv(points), StandardCharsets.UTF_8);
            List<Path> plots = SweepPlots.write(points, folder);
            stdout.printf(Locale.ROOT, "[ecusim] %d configurations; results.csv and %d plots in %s%n", points.size(), plots.size(),
                    PrintableArgs.escape(folder.toString()));
        } catch (IOException e) {
            err.println("ecusim: " + PrintableArgs.escape(folder + ": cannot write the results: " + OutputFolder.reason(e)));
            return Main.EXIT_INVALID_INPUT;
        }
        return 0;
    }

    private int dwc(Path folder, PrintStream stdout, PrintStream err) {
        List<DwcOverhead.Workload> workloads = quick ? DwcOverhead.WORKLOADS.subList(0, 1) : DwcOverhead.WORKLOADS;
        List<DwcOverhead.Row> rows;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("dwc").setInitialMax(DwcOverhead.runs(workloads, DwcOverhead.VARIANTS))
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)).build()) {
            rows = DwcOverhead.run(workloads, DwcOverhead.VARIANTS, run -> {
                bar.step();
                bar.setExtraMessage(run);
            });
        } catch (ecusim.config.ConfigException e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INTERNAL_ERROR;
        }
        try {
            Files.writeString(folder.resolve("dwc.csv"), DwcOverhead.csv(rows), StandardCharsets.UTF_8);
            Files.write(folder.resolve("dwc.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(rows));
            DwcPlots.write(rows, folder);
        } catch (IOException e) {
            err.println("ecusim: " + PrintableArgs.escape(folder + ": cannot write the results: " + OutputFolder.reason(e)));
            return Main.EXIT_INVALID_INPUT;
        }
        stdout.printf(Locale.ROOT, "%-10s %-28s %-8s %10s %8s %10s %7s %7s %7s %7s %7s %7s %s%n", "workload", "variant", "component", "overhead", "PEs",
                "mean PE", "1st", "restart", "flush", "2nd+", "verify", "rollbk", "output");
        boolean allEqual = true;
        for (DwcOverhead.Row r : rows) {
            var p = r.phasePercent();
            stdout.printf(Locale.ROOT, "%-10s %-28s %-8s %9.0f%% %8d %10.0f %6.1f%% %6.1f%% %6.1f%% %6.1f%% %6.1f%% %6.1f%% %s%n", r.workload(), r.variant(),
                    r.component(), r.overheadPercent(), r.pes(), r.meanPeInstructions(), p.get("first_run"), p.get("restart"), p.get("cache_flush"),
                    p.get("second_run"), p.get("verify_commit"), p.get("rollback"), r.outputEqual() ? "equal" : "DIFFERS");
            allEqual &= r.outputEqual();
        }
        stdout.println("[ecusim] dwc.csv, dwc.json and the dwc-breakdown and dwc-overhead plots in " + PrintableArgs.escape(folder.toString()));
        if (!allEqual) err.println("ecusim: a replicated run did not say what the run once said (output DIFFERS above): a defect of ecusim");
        return allEqual ? 0 : Main.EXIT_INTERNAL_ERROR;
    }
}
