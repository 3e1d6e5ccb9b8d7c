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

    /** Every ECU's cycles are its idle cycles, its components' and the platform's, none negative. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void anEcusCyclesAreIdlePlusComponentsPlusPlatform(Path file) throws Exception {
        ScenarioRunner.Result result = ScenarioRunner.run(ScenarioReader.read(file), line -> { });
        for (Object o : (List<?>) result.metrics().get("ecus")) {
            var ecu = (java.util.Map<?, ?>) o;
            long cycles = (Long) ecu.get("cycles"), idle = (Long) ecu.get("cycles_idle");
            long components = (Long) ecu.get("cycles_components"), platform = (Long) ecu.get("cycles_platform");
            long sum = ((List<?>) ecu.get("components")).stream().mapToLong(c -> (Long) ((java.util.Map<?, ?>) c).get("cycles")).sum();
            String name = file.getFileName() + "/" + ecu.get("name");
            assertEquals(sum, components, name + ": cycles_components is the components' sum");
            assertEquals(cycles, idle + components + platform, name);
            assertTrue(idle >= 0 && platform >= 0, name + ": idle " + idle + ", platform " + platform);
        }
    }
}
