package ecusim.cli;

import ecusim.experiment.CheckpointSweep;
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

/** {@code ecusim bench checkpoint}: seed 001's granularity trade-off as a sweep, with CSV and plots. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Experiments that reproduce the thesis figures. 'checkpoint': memwalk under Rtcr, checkpointed at an interval, for",
                "designated dataspaces of G = 1..256 pages, write bits and full copies, per access pattern, footprint and interval;",
                "runtime overhead against checkpoint time. Writes results.csv and checkpoint-PATTERN.png/.svg to --out."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "checkpoint")
    String experiment;

    @Option(names = "--out", paramLabel = "DIR", description = "where results go (default: ecusim-out/bench-checkpoint)")
    Path out;

    @Option(names = "--quick", description = "a small grid (G 1, 16, 256; one footprint and interval): a minute, not the full sweep")
    boolean quick;

    @Override
    public Integer call() {
        PrintStream stdout = System.out, err = System.err;
        if (!experiment.equals("checkpoint")) {
            err.println("ecusim: bench " + PrintableArgs.escape(experiment) + ": the experiments are: checkpoint");
            return Main.EXIT_INVALID_INPUT;
        }
        Path folder = out != null ? out : Path.of("ecusim-out", "bench-checkpoint");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            err.println("ecusim: " + PrintableArgs.escape(folder + ": cannot be created: " + OutputFolder.reason(e)));
            return Main.EXIT_INVALID_INPUT;
        }
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
}
