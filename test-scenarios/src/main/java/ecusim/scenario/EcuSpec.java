package ecusim.scenario;

import ecusim.config.XmlNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One simulated ECU of a scenario.
 *
 * @param name       unique within the scenario
 * @param cpu        one of {@link #CPUS}
 * @param clockHz    the CPU clock, which turns cycles into virtual time
 * @param ramBytes   the size of physical RAM
 * @param quantumUs  the scheduler's time slice, in microseconds of virtual time
 * @param costs      a cycle cost table to use instead of the CPU's shipped one, resolved against the scenario
 *                   file's directory (not checked for existence here)
 * @param initConfig the {@code <config>} node for init, kept as XML so the runner parses it with
 *                   {@link ecusim.init.InitConfig#parse} and its errors keep their {@code file:line}
 * @param line       the line of the {@code <ecu>} tag
 * @param cacheModel whether its CPU models its caches ({@code cache_model="on"})
 */
public record EcuSpec(String name, String cpu, long clockHz, long ramBytes, long quantumUs, Optional<Path> costs,
                      XmlNode initConfig, int line, List<RomFile> roms, boolean cacheModel) {
    /** A ROM module from a file ({@code <rom name="..." file="..."/>}): the user's own component images. */
    public record RomFile(String name, Path file, int line) {}

    public EcuSpec {
        roms = List.copyOf(roms);
    }

    /** An ECU whose ROM holds only the shipped images. */
    public EcuSpec(String name, String cpu, long clockHz, long ramBytes, long quantumUs, Optional<Path> costs, XmlNode initConfig, int line) {
        this(name, cpu, clockHz, ramBytes, quantumUs, costs, initConfig, line, List.of(), false);
    }

    /** The CPU models the emulator offers. */
    public static final Set<String> CPUS = Set.of("cortex-a9", "cortex-a15");
    public static final String DEFAULT_CPU = "cortex-a9";
    public static final long DEFAULT_CLOCK_MHZ = ecusim.emulator.cpu.CpuModel.DEFAULT_CLOCK_HZ / 1_000_000;
    public static final long DEFAULT_RAM_BYTES = 64L << 20;
    public static final long DEFAULT_QUANTUM_US = 1000;
    /** What an ECU may be given: RAM from 4 MiB to 1 GiB in whole MiB, a clock up to 10 GHz, slices up to 10 s. */
    public static final long MIN_RAM_BYTES = 4L << 20, MAX_RAM_BYTES = 1L << 30, MAX_CLOCK_MHZ = 10_000, MAX_QUANTUM_US = 10_000_000;
}
