package ecusim.campaign;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a campaign's experiments on a cluster engine instead of this JVM's worker threads; implementations are
 * found with {@link java.util.ServiceLoader} (the optional Spark module, {@code test-scenarios/spark}). Each
 * group of jobs goes to one {@link CampaignWorker}; results come back as (id, outcome, detail).
 */
public interface CampaignEngine {
    /** One experiment to run, as it crosses the engine: its id and the instruction to inject at (its def/use class's). */
    record Job(int id, long instruction) implements java.io.Serializable {}

    /** One result, as it crosses the engine. */
    record Result(int id, String outcome, String detail) implements java.io.Serializable {}

    /** Takes each completed group's results, in order, on the caller's thread. */
    @FunctionalInterface
    interface Sink {
        void accept(List<Result> results) throws Exception;
    }

    /** The engine could not run the experiments (an unusable master URL, an executor that cannot start a worker); says why. */
    final class EngineException extends Exception {
        public EngineException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The engine's name, as {@code --engine} names it. */
    String name();

    /**
     * Runs the experiments {@code jobs} of the campaign in {@code campaignFile} on {@code master} (Spark: a
     * master URL such as {@code local[2]} or {@code spark://host:7077}), {@code groupSize} per task, handing results
     * to {@code sink} as groups complete. Every worker checks its golden run against {@code fingerprint}
     * ({@link CampaignPlan#fingerprint}).
     */
    void run(String master, Path campaignFile, String fingerprint, List<Job> jobs, int groupSize, boolean fastForward, Sink sink)
            throws EngineException, Exception;
}
