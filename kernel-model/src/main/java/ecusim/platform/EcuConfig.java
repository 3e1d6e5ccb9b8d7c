package ecusim.platform;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.init.InitConfig;
import ecusim.init.JavaComponent;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything that defines one simulated ECU: its name, CPU model and clock, RAM size, scheduler time
 * slice, cost model, init's configuration, the ROM modules (images by name) core offers, the components
 * implemented in Java that init can start by name, and whether its CPU models its caches (off: every access
 * costs what the instruction classes say).
 */
public record EcuConfig(String name, CpuModel cpu, long clockHz, long ramBytes, long quantumMicros, CostModel costs,
        InitConfig init, Function<String, byte[]> romModules, Map<String, Supplier<JavaComponent>> javaComponents, boolean cacheModel) {
    /** An ECU without the cache model. */
    public EcuConfig(String name, CpuModel cpu, long clockHz, long ramBytes, long quantumMicros, CostModel costs, InitConfig init,
                     Function<String, byte[]> romModules, Map<String, Supplier<JavaComponent>> javaComponents) {
        this(name, cpu, clockHz, ramBytes, quantumMicros, costs, init, romModules, javaComponents, false);
    }

    /** The same ECU with the cache model on or off. */
    public EcuConfig withCacheModel(boolean on) {
        return new EcuConfig(name, cpu, clockHz, ramBytes, quantumMicros, costs, init, romModules, javaComponents, on);
    }

    /** An ECU whose init starts ELF images only. */
    public EcuConfig(String name, CpuModel cpu, long clockHz, long ramBytes, long quantumMicros, CostModel costs, InitConfig init,
                     Function<String, byte[]> romModules) {
        this(name, cpu, clockHz, ramBytes, quantumMicros, costs, init, romModules, Map.of());
    }

    public EcuConfig {
        javaComponents = Map.copyOf(javaComponents);
        if (ramBytes < 4L << 20 || ramBytes > 1L << 30 || (ramBytes & 0xfff) != 0) {
            throw new IllegalArgumentException(name + ": RAM of " + ramBytes + " bytes outside 4 MiB..1 GiB or not page aligned");
        }
        if (clockHz <= 0) throw new IllegalArgumentException(name + ": clock must be positive");
        if (quantumMicros <= 0) throw new IllegalArgumentException(name + ": time slice must be positive");
    }
}
