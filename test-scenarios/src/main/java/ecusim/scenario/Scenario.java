package ecusim.scenario;

import java.util.List;
import java.util.Optional;

/**
 * A parsed scenario file.
 *
 * @param file         the file's display name or path, for messages
 * @param name         the scenario's name
 * @param seed         the seed for everything random in the run, so a run is repeatable
 * @param ecus         the ECUs in document order, names unique
 * @param untilUs      the virtual time at which the run ends, in microseconds
 * @param expectations what must be observed, in document order
 */
public record Scenario(String file, String name, long seed, List<EcuSpec> ecus, long untilUs,
                       List<Expectation> expectations) {
    public Scenario {
        ecus = List.copyOf(ecus);
        expectations = List.copyOf(expectations);
    }

    /** The ECU named {@code ecuName}, if any. */
    public Optional<EcuSpec> ecu(String ecuName) {
        return ecus.stream().filter(e -> e.name().equals(ecuName)).findFirst();
    }
}
