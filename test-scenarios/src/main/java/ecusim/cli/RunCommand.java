package ecusim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ecusim.config.ConfigException;
import ecusim.scenario.Scenario;
import ecusim.scenario.ScenarioReader;
import ecusim.scenario.ScenarioRunner;
import ecusim.scenario.Verdict;
import ecusim.scenario.VirtualTimes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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
                "Exit code: 0 every expectation holds; 1 one fails (named on stderr); 2 invalid input."})
final class RunCommand implements Callable<Integer> {
    /** Exit code when an expectation does not hold. */
    static final int EXIT_EXPECTATION_FAILED = 1;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "scenario file or shipped scenario name")
    String scenario;

    @Option(names = "--out", paramLabel = "DIR", description = "where log.txt and metrics.json go (default: ecusim-out/<scenario name>)")
    Path outDir;

    @Option(names = {"-q", "--quiet"}, description = "do not print log lines, only the outcome")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out, err = System.err;
        Scenario parsed;
        try {
            parsed = ScenarioReader.read(resolve());
        } catch (ConfigException | InvalidInput e) {
            err.println("ecusim: " + e.getMessage());
            return Main.EXIT_INVALID_INPUT;
        }
        long hostStart = System.nanoTime(); // host time for the user's information only, never simulated time
        ScenarioRunner.Result result;
        try {
            result = ScenarioRunner.run(parsed, line -> {
                if (!quiet) out.println(line);
            });
        } catch (ConfigException e) {
            err.println("ecusim: " + e.getMessage());
            return Main.EXIT_INVALID_INPUT;
        }
        long hostNanos = System.nanoTime() - hostStart;
        Path dir = outDir != null ? outDir : Path.of("ecusim-out", parsed.name());
        writeAtomically(dir.resolve("log.txt"), String.join("\n", result.lines()) + (result.lines().isEmpty() ? "" : "\n"));
        writeAtomically(dir.resolve("metrics.json"), metricsJson(result));
        int failed = 0;
        for (Verdict v : result.verdicts()) {
            if (v.holds()) continue;
            failed++;
            err.println("ecusim: expectation failed: " + v.expectation().describe() + ": " + v.detail());
        }
        out.printf("[ecusim] scenario %s: %d of %d expectations hold; %s of virtual time; log and metrics in %s%n", parsed.name(),
                result.verdicts().size() - failed, result.verdicts().size(), VirtualTimes.format(result.endMicros()), dir);
        err.printf("[ecusim] host: %.1f ms%n", hostNanos / 1e6);
        return failed == 0 ? 0 : EXIT_EXPECTATION_FAILED;
    }

    /** The metrics of a run as JSON, fields in a fixed order (identical runs give identical bytes). */
    static String metricsJson(ScenarioRunner.Result result) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result.metrics()) + "\n";
    }

    private Path resolve() throws InvalidInput {
        Path path = Path.of(scenario);
        if (Files.isRegularFile(path)) return path;
        Path shipped = scenarioDirectory().resolve(scenario + ".xml");
        if (!scenario.contains("/") && Files.isRegularFile(shipped)) return shipped;
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

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    static void writeAtomically(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final class InvalidInput extends Exception {
        InvalidInput(String message) {
            super(message);
        }
    }
}
