package ecusim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ecusim.config.ConfigException;
import ecusim.platform.EcuConfig;
import ecusim.scenario.Scenario;
import ecusim.scenario.ScenarioReader;
import ecusim.platform.SnapshotException;
import ecusim.platform.SnapshotFormatException;
import ecusim.scenario.ScenarioRun;
import ecusim.scenario.ScenarioRunner;
import ecusim.scenario.ScenarioSnapshot;
import ecusim.scenario.Verdict;
import ecusim.scenario.VirtualTimes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecusim run SCENARIO}: runs a scenario headless and checks its expectations. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a scenario headless: its ECUs boot core and init, which start the guest components.",
                "SCENARIO is a scenario file, or the name of one in test-scenarios/scenarios (e.g. counter, pingpong).",
                "Prints the guests' log lines as [ECU SECONDS] COMPONENT: TEXT; writes log.txt and metrics.json to --out.",
                "--snapshot-at saves the whole run at those instants (SCENARIO-at-TIMEus.snapshot); --resume goes on from such a file,",
                "with the same outcome as the run that was never stopped.",
                "Exit code: 0 every expectation holds; 1 one fails (named on stderr); 2 invalid input or an unusable --out;",
                "70 internal error (the log so far and metrics marked aborted are written, the stack trace to internal-error.txt)."})
final class RunCommand implements Callable<Integer> {
    /** Exit code when an expectation does not hold. */
    static final int EXIT_EXPECTATION_FAILED = 1;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "scenario file or shipped scenario name")
    String scenario;

    @Option(names = "--out", paramLabel = "DIR", description = "where log.txt and metrics.json go (default: ecusim-out/<scenario name>)")
    Path outDir;

    @Option(names = {"-q", "--quiet"}, description = "do not print log lines, only the outcome")
    boolean quiet;

    @Option(names = "--allow-outside-files", description = "let the scenario read ROM modules and cost tables outside its own folder")
    boolean allowOutsideFiles;

    @Option(names = "--snapshot-at", split = ",", paramLabel = "TIME",
            description = "save a snapshot of the run at these virtual times (e.g. 40ms,80ms; units us, ms, s)")
    List<String> snapshotAt = List.of();

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "where snapshots go (default: the --out folder)")
    Path snapshotDir;

    @Option(names = "--resume", paramLabel = "FILE", description = "go on from a snapshot of a run of this scenario")
    Path resume;

    @Option(names = "--gdb", paramLabel = "HOST:PORT",
            description = "wait for GDB on HOST:PORT before running (port 0: any free one); debug --gdb-component in virtual time")
    String gdb;

    @Option(names = "--gdb-component", paramLabel = "NAME", description = "the component GDB debugs (ECU/NAME with several ECUs)")
    String gdbComponent;

    /** What a command built on this one does to the run before it goes (serve delivers the images it received). */
    java.util.function.Consumer<ScenarioRun> beforeRun = run -> {};

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out, err = System.err;
        Scenario parsed;
        List<EcuConfig> ecus;
        OutputFolder folder;
        OutputFolder snapshots;
        List<Long> snapshotTimes;
        ScenarioSnapshot resumeFrom = null;
        try {
            parsed = ScenarioReader.read(resolve());
            ecus = ScenarioRunner.configure(parsed, new ScenarioRunner.Options(allowOutsideFiles));
            if (resume != null) resumeFrom = readSnapshot(resume);
            snapshotTimes = snapshotTimes(parsed, resumeFrom);
            folder = OutputFolder.prepare(outDir != null ? outDir : Path.of("ecusim-out", parsed.name()),
                    List.of("log.txt", "metrics.json", "checkpoints.csv", "internal-error.txt"));
            snapshots = snapshotTimes.isEmpty() ? null : snapshotDir == null ? folder
                    : OutputFolder.prepare(snapshotDir, snapshotTimes.stream().map(t -> snapshotName(parsed, t)).toList());
        } catch (ConfigException | InvalidInput | OutputFolder.Unusable e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        }
        List<String> lines = new ArrayList<>(); // also what an aborted run leaves behind
        long hostStart = System.nanoTime(); // host time for the user's information only, never simulated time
        ScenarioRunner.Result result;
        java.util.function.Consumer<String> print = line -> {
            lines.add(line);
            if (!quiet) out.println(line);
        };
        ScenarioRun run;
        try {
            run = resumeFrom == null ? ScenarioRun.start(parsed, ecus, print) : ScenarioRun.resume(parsed, ecus, resumeFrom, print);
        } catch (SnapshotException e) {
            err.println("ecusim: " + PrintableArgs.escape(resume + ": cannot resume from it: " + e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError | ExceptionInInitializerError e) {
            return internalError(parsed, folder, lines, e, err);
        }
        long hostBooted = System.nanoTime();
        long instructionsBefore = guestInstructions(run);
        long guestInstructions;
        GdbSession gdbSession;
        try {
            gdbSession = GdbSession.open(gdb, gdbComponent, run, err);
        } catch (GdbSession.Unusable e) {
            run.close();
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        }
        try (run; gdbSession) {
            beforeRun.accept(run);
            lines.addAll(0, run.lines());
            if (resumeFrom != null) out.printf("[ecusim] resumed at %s from %s%n", VirtualTimes.format(run.at()), PrintableArgs.escape(resume.toString()));
            for (long t : snapshotTimes) {
                run.runTo(t);
                if (run.at() < t) {
                    out.printf("[ecusim] no snapshot at %s: nothing could run any more after %s%n", VirtualTimes.format(t), VirtualTimes.format(run.at()));
                    break;
                }
                String name = snapshotName(parsed, t);
                byte[] bytes;
                try {
                    bytes = run.snapshot().encode();
                } catch (SnapshotException e) {
                    err.println("ecusim: " + PrintableArgs.escape("no snapshot at " + VirtualTimes.format(t) + ": " + e.getMessage()));
                    return Main.EXIT_INVALID_INPUT;
                }
                try {
                    snapshots.commit(Map.of(name, bytes));
                } catch (IOException e) {
                    err.println("ecusim: " + PrintableArgs.escape(snapshots.path() + ": cannot write snapshot " + name + ": " + OutputFolder.reason(e)));
                    return Main.EXIT_INVALID_INPUT;
                }
                out.printf("[ecusim] snapshot at %s: %s (%d bytes)%n", VirtualTimes.format(t), PrintableArgs.escape(snapshots.path().resolve(name).toString()), bytes.length);
            }
            result = run.finish();
            guestInstructions = guestInstructions(run) - instructionsBefore;
            if (gdbSession != null) gdbSession.ended(result.ends());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError | ExceptionInInitializerError e) {
            return internalError(parsed, folder, lines, e, err);
        }
        long hostNanos = System.nanoTime() - hostStart;
        try {
            writeResults(folder, lines, result.metrics(), result.checkpointsCsv(), List.of("internal-error.txt"));
            if (!result.images().isEmpty()) {
                Path images = folder.path().resolve("images");
                Files.createDirectories(images);
                for (var image : result.images().entrySet()) image.getValue().write(images.resolve(image.getKey()));
                try (Stream<Path> old = Files.list(images)) { // a previous run's images are not this run's
                    for (Path p : old.toList()) {
                        String name = p.getFileName().toString();
                        if (name.endsWith(".ckpt") && !result.images().containsKey(name)) Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            err.println("ecusim: " + PrintableArgs.escape(folder.path() + ": cannot write the results: " + OutputFolder.reason(e)));
            return Main.EXIT_INVALID_INPUT;
        }
        int failed = 0;
        for (Verdict v : result.verdicts()) {
            if (v.holds()) continue;
            failed++;
            err.println("ecusim: expectation failed: " + PrintableArgs.escape(v.expectation().describe() + ": " + v.detail()));
        }
        for (var d : result.deadlocks()) {
            out.printf("[ecusim] %s: deadlock at %s: %d blocked %s nothing can wake (the kernel's lines in the log say who waits for what)%n",
                    d.ecu(), VirtualTimes.format(d.timeUs()), d.waits().size(), d.waits().size() == 1 ? "thread" : "threads");
        }
        out.printf("[ecusim] scenario %s: %d of %d expectations hold; %s of virtual time; log and metrics in %s%n", parsed.name(),
                result.verdicts().size() - failed, result.verdicts().size(), VirtualTimes.format(result.endMicros()), PrintableArgs.escape(folder.path().toString()));
        long bootNanos = hostBooted - hostStart, runNanos = hostNanos - bootNanos;
        err.printf("[ecusim] host: %.1f ms (building and booting the ECUs %.1f ms, running %.1f ms: %,d guest instructions, %s MIPS)%n",
                hostNanos / 1e6, bootNanos / 1e6, runNanos / 1e6, guestInstructions, mips(guestInstructions, runNanos));
        return failed == 0 ? 0 : EXIT_EXPECTATION_FAILED;
    }

    /** Two significant figures at least: a short run (mostly idle virtual time) is well below 1 MIPS. */
    static String mips(long instructions, long nanos) {
        double mips = instructions * 1e3 / Math.max(1, nanos);
        return mips >= 10 || mips == 0 ? String.format(java.util.Locale.ROOT, "%.1f", mips) : new java.math.BigDecimal(mips).round(new java.math.MathContext(2)).toPlainString();
    }

    /**
     * The simulator itself failed (a bug, never the guests' doing): the log so far and metrics marked as
     * aborted go to the output folder, the stack trace to internal-error.txt, and one line to stderr.
     */
    /** Instructions the ECUs' CPUs have executed so far (for the host figures, never part of results). */
    private static long guestInstructions(ScenarioRun run) {
        return run.ecus().stream().mapToLong(e -> e.kernel().cpu().instructions()).sum();
    }

    private static int internalError(Scenario scenario, OutputFolder folder, List<String> lines, Throwable thrown, PrintStream err) {
        Throwable e = thrown instanceof ExceptionInInitializerError && thrown.getCause() != null ? thrown.getCause() : thrown;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("scenario", scenario.name());
        metrics.put("seed", scenario.seed());
        metrics.put("aborted", "internal error: " + e);
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        String where;
        try {
            writeResults(folder, lines, metrics, null, List.of());
            folder.commit(Map.of("internal-error.txt", trace.toString().getBytes(StandardCharsets.UTF_8)));
            where = "; the log so far and metrics marked aborted are in " + folder.path() + ", the stack trace in internal-error.txt";
        } catch (IOException | RuntimeException writeFailure) {
            where = "; writing the results failed as well: " + writeFailure.getMessage();
        }
        err.println("ecusim: internal error (a bug in ecusim, please report it): " + PrintableArgs.escape(e + where));
        return Main.EXIT_INTERNAL_ERROR;
    }

    /**
     * log.txt and metrics.json (and checkpoints.csv, one row per Rtcr checkpoint, if there was any) as one unit;
     * the metrics name the log's SHA-256, so a reader can tell they belong together.
     */
    private static void writeResults(OutputFolder folder, List<String> lines, Map<String, Object> metrics, String checkpointsCsv, List<String> stale)
            throws IOException {
        byte[] log = (String.join("\n", lines) + (lines.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> withDigest = new LinkedHashMap<>(metrics);
        withDigest.put("log_sha256", sha256(log));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("log.txt", log);
        files.put("metrics.json", metricsJson(withDigest).getBytes(StandardCharsets.UTF_8));
        List<String> gone = new ArrayList<>(stale);
        if (checkpointsCsv != null) files.put("checkpoints.csv", checkpointsCsv.getBytes(StandardCharsets.UTF_8));
        else gone.add("checkpoints.csv"); // a previous run's rows would not be this run's
        folder.commit(files, gone);
    }

    /** The metrics of a run as JSON, fields in a fixed order (identical runs give identical bytes). */
    static String metricsJson(ScenarioRunner.Result result) throws IOException {
        return metricsJson(result.metrics());
    }

    private static String metricsJson(Map<String, Object> metrics) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics) + "\n";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** {@code counter-at-40000us.snapshot}: the scenario and the virtual time. */
    private static String snapshotName(Scenario scenario, long micros) {
        return scenario.name() + "-at-" + micros + "us.snapshot";
    }

    /** The --snapshot-at times in order: each inside the run (after a resumed snapshot's time, before the end). */
    private List<Long> snapshotTimes(Scenario scenario, ScenarioSnapshot from) throws InvalidInput {
        java.util.TreeSet<Long> times = new java.util.TreeSet<>();
        long after = from == null ? 0 : from.runner().atMicros();
        for (String text : snapshotAt) {
            long t;
            try {
                t = VirtualTimes.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("--snapshot-at: " + e.getMessage());
            }
            if (t <= after || t >= scenario.untilUs()) {
                throw new InvalidInput("--snapshot-at: " + VirtualTimes.format(t) + " lies outside the run (" + VirtualTimes.format(after) + " to "
                        + VirtualTimes.format(scenario.untilUs()) + ", both excluded)");
            }
            times.add(t);
        }
        return List.copyOf(times);
    }

    private static ScenarioSnapshot readSnapshot(Path file) throws InvalidInput {
        try {
            return ScenarioSnapshot.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInput(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInput(file + ": cannot read it: " + OutputFolder.reason(e));
        } catch (SnapshotFormatException e) {
            throw new InvalidInput(file + ": not a usable snapshot: " + e.getMessage());
        }
    }

    private Path resolve() throws InvalidInput {
        if (scenario.isEmpty()) throw new InvalidInput("the scenario is an empty path");
        Path path;
        try {
            path = Path.of(scenario);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidInput(PrintableArgs.quote(scenario) + ": not a valid path: " + e.getReason());
        }
        if (Files.exists(path) || scenario.contains("/")) return path; // the reader says what is wrong with it
        Path shipped = scenarioDirectory().resolve(scenario + ".xml");
        if (Files.isRegularFile(shipped)) return shipped;
        throw new InvalidInput(scenario + ": no such file, and no shipped scenario of that name (shipped: " + String.join(", ", shippedNames()) + ")");
    }

    /** The shipped scenarios: {@code test-scenarios/scenarios} of the installation (the launcher says where). */
    static Path scenarioDirectory() {
        String home = System.getProperty("ecusim.home", ".");
        return Path.of(home, "test-scenarios", "scenarios");
    }

    private static List<String> shippedNames() {
        try (Stream<Path> files = Files.list(scenarioDirectory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static final class InvalidInput extends Exception {
        InvalidInput(String message) {
            super(message);
        }
    }
}
