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
 * @param links        the network links between ECUs
 * @param events       timed events (checkpoints, restores, failures, migrations), in document order
 */
public record Scenario(String file, String name, long seed, List<EcuSpec> ecus, long untilUs,
                       List<Expectation> expectations, List<Link> links, List<ScenarioEvent> events) {
    public Scenario {
        ecus = List.copyOf(ecus);
        expectations = List.copyOf(expectations);
        links = List.copyOf(links);
        events = List.copyOf(events);
    }

    /** A scenario without links or timed events. */
    public Scenario(String file, String name, long seed, List<EcuSpec> ecus, long untilUs, List<Expectation> expectations) {
        this(file, name, seed, ecus, untilUs, expectations, List.of(), List.of());
    }

    /** The link between ECUs {@code a} and {@code b}, if any. */
    public Optional<Link> link(String a, String b) {
        return links.stream().filter(l -> l.joins(a, b)).findFirst();
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
