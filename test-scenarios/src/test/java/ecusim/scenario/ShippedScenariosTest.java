package ecusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario in {@code test-scenarios/scenarios} is a test: all its expectations hold, and a second run
 * gives byte-identical log lines and metrics (determinism).
 */
class ShippedScenariosTest {
    static Stream<Path> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("scenarios"))) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
            assertFalse(list.isEmpty(), "no scenarios found in " + Path.of("scenarios").toAbsolutePath());
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyExpectationHoldsAndASecondRunIsByteIdentical(Path file) throws Exception {
        Scenario scenario = ScenarioReader.read(file);
        ScenarioRunner.Result first = ScenarioRunner.run(scenario, line -> { });
        StringBuilder failures = new StringBuilder();
        for (Verdict v : first.verdicts()) if (!v.holds()) failures.append(v.describe()).append('\n');
        assertTrue(first.passed(), () -> failures + "log:\n" + String.join("\n", first.lines()));

        ScenarioRunner.Result second = ScenarioRunner.run(scenario, line -> { });
        assertEquals(first.lines(), second.lines(), "log lines differ between two runs");
        var json = new ObjectMapper();
        assertEquals(json.writeValueAsString(first.metrics()), json.writeValueAsString(second.metrics()), "metrics differ between two runs");
    }
}
