package ecusim.experiment;

import ecusim.config.XmlReader;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
import ecusim.rtcr.CheckpointException;
import ecusim.rtcr.CheckpointStats;
import ecusim.rtcr.Rtcr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Seed 001's granularity trade-off as an experiment: memwalk (a periodic task that touches a sixteenth of its
 * footprint per round in a pattern, going on where the last round stopped, then sleeps 1 ms) runs under Rtcr, which checkpoints it at a fixed interval of virtual time, for each
 * memory mode — designated dataspaces of G pages, write bits, full copies — and each pattern, footprint and
 * interval (write bits with the image encoded after the group resumes, buffered, and while it is frozen,
 * direct). Each point is compared with the same run without checkpoints, and with the task started by init
 * itself, without Rtcr: the runtime overhead (how much later the task finishes) against what a checkpoint
 * costs (frozen time, bytes). Deterministic: the same
 * sweep gives the same numbers on any machine.
 */
public final class CheckpointSweep {
    /** One configuration of the sweep. */
    /** {@code direct}: the image is encoded while the group is frozen (else after it resumes: buffered). */
    public record Config(String pattern, int footprintPages, long intervalUs, String mode, int granularity, boolean direct) {
        public String label() {
            return (mode.equals("designated") ? "designated G=" + granularity : mode) + (direct ? " (direct)" : "");
        }
    }

    /** What it gave. Times in µs of virtual time. */
    public record Point(Config config, long baselineUs, long finishUs, double overheadPercent, int checkpoints, double meanFrozenUs,
                        double meanImageBytes, double meanPagesWritten, long trackingFaults, long withoutRtcrUs, double overheadAgainstNoRtcrPercent) {}

    /** Grid of the sweep. */
    public record Grid(List<Integer> granularities, List<String> patterns, List<Integer> footprints, List<Long> intervalsUs, int rounds,
                       long pauseUs) {
        public static Grid full() {
            return new Grid(List.of(1, 2, 4, 8, 16, 32, 64, 128, 256), List.of("sequential", "strided", "random", "hotset"), List.of(64, 512),
                    List.of(5_000L, 20_000L), 40, 1_000);
        }

        public static Grid quick() {
            return new Grid(List.of(1, 16, 256), List.of("sequential", "strided", "random", "hotset"), List.of(512), List.of(5_000L), 12, 1_000);
        }

        public List<Config> configs() {
            List<Config> out = new ArrayList<>();
            for (String p : patterns) {
                for (int f : footprints) {
                    for (long i : intervalsUs) {
                        for (int g : granularities) out.add(new Config(p, f, i, "designated", g, false));
                        out.add(new Config(p, f, i, "write-bit", 1, false));
                        out.add(new Config(p, f, i, "write-bit", 1, true));
                        out.add(new Config(p, f, i, "full", 1, false));
                    }
                }
            }
            return out;
        }
    }

    /** The sweep's ECU clock. */
    static final long CLOCK_HZ = 666_000_000L;

    private final Grid grid;
    private final Map<String, Long> baselines = new java.util.HashMap<>(), withoutRtcr = new java.util.HashMap<>();

    public CheckpointSweep(Grid grid) {
        this.grid = grid;
    }

    /** Runs every configuration in order, telling {@code progress} after each. */
    public List<Point> run(Consumer<Point> progress) throws CheckpointException {
        List<Point> out = new ArrayList<>();
        for (Config c : grid.configs()) {
            Point p = run(c);
            out.add(p);
            progress.accept(p);
        }
        return out;
    }

    Point run(Config c) throws CheckpointException {
        String key = c.pattern() + "/" + c.footprintPages();
        String mode = key + "/" + c.mode() + "/" + c.granularity(); // tracking costs even without checkpoints (first touches)
        Long baseline = baselines.get(mode);
        if (baseline == null) {
            baseline = finish(c, false, true).finishUs;
            baselines.put(mode, baseline);
        }
        Long alone = withoutRtcr.get(key);
        if (alone == null) {
            alone = finish(c, false, false).finishUs;
            withoutRtcr.put(key, alone);
        }
        Run r = finish(c, true, true);
        List<CheckpointStats> stats = r.stats;
        double frozen = 0, bytes = 0, pages = 0;
        long faults = 0;
        for (CheckpointStats s : stats) {
            frozen += s.frozenCycles() * 1e6 / CLOCK_HZ;
            bytes += s.imageBytes();
            pages += s.pagesWritten();
            faults += s.trackingFaults();
        }
        int n = Math.max(1, stats.size());
        return new Point(c, baseline, r.finishUs, 100.0 * (r.finishUs - baseline) / baseline, stats.size(), frozen / n, bytes / n, pages / n, faults,
                alone, 100.0 * (r.finishUs - alone) / alone);
    }

    private record Run(long finishUs, List<CheckpointStats> stats) {}

    /** Runs memwalk to its end, under Rtcr (checkpointing at the interval if asked) or started by init itself; when it finished. */
    private Run finish(Config c, boolean checkpoint, boolean underRtcr) throws CheckpointException {
        String rtcr = String.format(Locale.ROOT, "<config mode=\"%s\" granularity=\"%d\" serialize=\"%s\"> <start name=\"walk\"> <binary name=\"memwalk\"/>"
                        + " <resource name=\"RAM\" quantum=\"%dK\"/> <config pages=\"%d\" pattern=\"%s\" rounds=\"%d\" pause_us=\"%d\" hot=\"%d\""
                        + " per_round=\"%d\"/> </start> </config>",
                c.mode(), c.granularity(), c.direct() ? "direct" : "buffered", 256 + c.footprintPages() * 4 * 2, c.footprintPages(), c.pattern(), grid.rounds(), grid.pauseUs(),
                Math.max(1, c.footprintPages() / 8), Math.max(1, c.footprintPages() / 16));
        String init = "<config> <parent-provides> <service name=\"LOG\"/> <service name=\"Timer\"/> <service name=\"ROM\"/> </parent-provides>"
                + " <default-route> <any-service> <parent/> </any-service> </default-route>"
                + (underRtcr ? " <start name=\"rtcr\"> <binary name=\"rtcr\"/> <resource name=\"RAM\" quantum=\"16M\"/>" + rtcr + "</start> </config>"
                : rtcr.substring(rtcr.indexOf("<start name="), rtcr.lastIndexOf("</config>")) + "</config>");
        long[] finished = {-1};
        EcuEvents events = new EcuEvents() {
            @Override
            public void log(String ecu, String component, long timeMicros, String text) {
                if (text.startsWith("pattern=")) finished[0] = timeMicros;
            }

            @Override
            public void exited(String ecu, String component, long timeMicros, int code) {}

            @Override
            public void stopped(String ecu, String component, long timeMicros, String reason) {
                throw new IllegalStateException(component + " stopped in the sweep: " + reason);
            }
        };
        EcuConfig config;
        try {
            config = new EcuConfig("sweep", CpuModel.CORTEX_A9, CLOCK_HZ, 64L << 20, 1000, CostModel.cortexA9(),
                    InitConfig.parse(XmlReader.parse("sweep", init)), name -> ComponentImages.load(name).orElse(null), Map.of(Rtcr.BINARY, Rtcr::new));
        } catch (ecusim.config.ConfigException e) {
            throw new IllegalStateException("the sweep's own configuration: " + e.getMessage(), e);
        }
        try (Ecu ecu = new Ecu(config, events)) {
            ecu.boot();
            Rtcr r = underRtcr ? (Rtcr) ecu.init().javaComponent("rtcr") : null;
            long limit = 60_000_000; // a minute of virtual time: far beyond any configuration's end
            for (long t = c.intervalUs(); finished[0] < 0 && t < limit; t += c.intervalUs()) {
                ecu.runUntil(t);
                if (finished[0] < 0 && checkpoint) r.checkpoint(true);
            }
            if (finished[0] < 0) throw new IllegalStateException("memwalk did not finish in " + c);
            return new Run(finished[0], r == null ? List.of() : r.checkpointStats());
        }
    }

    /** The points as CSV, one row each, with a header. */
    public static String csv(List<Point> points) {
        StringBuilder out = new StringBuilder("pattern,footprint_pages,interval_us,mode,granularity_pages,serialize,baseline_us,finish_us,overhead_percent,"
                + "checkpoints,mean_frozen_us,mean_image_bytes,mean_pages_written,page_faults,without_rtcr_us,overhead_against_no_rtcr_percent\n");
        for (Point p : points) {
            Config c = p.config();
            out.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%s,%d,%d,%.3f,%d,%.2f,%.0f,%.1f,%d,%d,%.3f%n", c.pattern(), c.footprintPages(), c.intervalUs(),
                    c.mode(), c.granularity(), c.direct() ? "direct" : "buffered", p.baselineUs(), p.finishUs(), p.overheadPercent(), p.checkpoints(), p.meanFrozenUs(), p.meanImageBytes(),
                    p.meanPagesWritten(), p.trackingFaults(), p.withoutRtcrUs(), p.overheadAgainstNoRtcrPercent()));
        }
        return out.toString();
    }
}
