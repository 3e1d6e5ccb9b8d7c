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

    /**
     * The folder the scenario's own files (ROM modules, cost tables) must lie in unless the user allows
     * others: the scenario file's folder, or the working directory for a scenario that is no file.
     */
    public java.nio.file.Path folder() {
        try {
            java.nio.file.Path parent = java.nio.file.Path.of(file).toAbsolutePath().normalize().getParent();
            return parent != null ? parent : java.nio.file.Path.of("").toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            return java.nio.file.Path.of("").toAbsolutePath();
        }
    }

    /** The ECU named {@code ecuName}, if any. */
    public Optional<EcuSpec> ecu(String ecuName) {
        return ecus.stream().filter(e -> e.name().equals(ecuName)).findFirst();
    }
}
