package ecusim.campaign.spark;

import ecusim.campaign.CampaignEngine;
import ecusim.campaign.CampaignWorker;
import ecusim.campaign.ExperimentResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Campaign experiments on Apache Spark. Jobs (id, instruction) go out in groups, one Spark task per group;
 * each task prepares a {@link CampaignWorker} from the campaign file (a boot and the golden run, checked
 * against the driver's fingerprint) and runs its group on that warm ECU, so groups of hundreds keep the
 * preparation a small share. Groups are submitted in waves of twice the default
 * parallelism and each wave's results are handed back as it completes, so that a campaign killed on a cluster
 * keeps what its finished waves stored. The campaign file and the scenario must be readable at the same path
 * on every executor (a shared file system), with Unicorn 2.1 at {@code ECUSIM_UNICORN_LIB}
 * ({@code spark.executorEnv.ECUSIM_UNICORN_LIB}) and {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class SparkCampaignEngine implements CampaignEngine {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void run(String master, Path campaignFile, String fingerprint, List<Job> jobs, int groupSize, boolean fastForward, Sink sink) throws Exception {
        if (jobs.isEmpty()) return;
        List<ArrayList<Job>> groups = new ArrayList<>();
        for (int from = 0; from < jobs.size(); from += groupSize) groups.add(new ArrayList<>(jobs.subList(from, Math.min(jobs.size(), from + groupSize))));
        SparkConf conf = new SparkConf().setAppName("ecusim campaign " + campaignFile.getFileName()).setMaster(master)
                .setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.ui.showConsoleProgress", "false");
        if (!master.startsWith("local") && !conf.contains("spark.jars")) {
            // Not under spark-submit: executors elsewhere get ecusim's jars (Spark's own are theirs).
            List<String> jars = applicationJars();
            if (!jars.isEmpty()) conf.set("spark.jars", String.join(",", jars));
        }
        String file = campaignFile.toString();
        JavaSparkContext context;
        try {
            context = new JavaSparkContext(conf);
        } catch (Exception e) { // SparkException (bad master URL, no cluster there), checked yet undeclared
            throw new EngineException(reason(e), e);
        }
        try (JavaSparkContext spark = context) {
            spark.setLogLevel("WARN");
            int wave = Math.max(1, 2 * spark.defaultParallelism());
            for (int from = 0; from < groups.size(); from += wave) {
                List<ArrayList<Job>> these = groups.subList(from, Math.min(groups.size(), from + wave));
                List<List<Result>> done;
                try {
                    done = spark.parallelize(these, these.size()).map(group -> runGroup(file, fingerprint, group, fastForward)).collect();
                } catch (Exception e) { // a task failed on every attempt: its worker could not be prepared there
                    throw new EngineException(reason(e), e);
                }
                for (List<Result> results : done) sink.accept(results);
            }
        }
    }

    /** This module's jar and, beside it in {@code app-lib/}, ecusim's runtime jars without Spark's (the build puts them there). */
    private static List<String> applicationJars() {
        try {
            Path jar = Path.of(SparkCampaignEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.resolveSibling("app-lib");
            if (!java.nio.file.Files.isRegularFile(jar) || !java.nio.file.Files.isDirectory(lib)) return List.of();
            List<String> out = new ArrayList<>();
            out.add(jar.toString());
            try (var files = java.nio.file.Files.list(lib)) {
                files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> out.add(f.toString()));
            }
            return out;
        } catch (java.net.URISyntaxException | java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The innermost message: Spark wraps an executor's failure in layers of job and stage. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? m : m + " (" + e.getClass().getSimpleName() + ")";
    }

    /** One Spark task: a worker's golden run, then its group of experiments. */
    static List<Result> runGroup(String campaignFile, String fingerprint, List<Job> jobs, boolean fastForward) throws Exception {
        try (CampaignWorker worker = CampaignWorker.prepare(Path.of(campaignFile), fingerprint)) {
            List<Result> out = new ArrayList<>(jobs.size());
            for (ExperimentResult r : worker.run(jobs, fastForward)) out.add(new Result(r.experiment().id(), r.outcome().name(), r.detail()));
            return out;
        }
    }
}
