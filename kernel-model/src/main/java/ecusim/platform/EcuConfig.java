package ecusim.platform;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.init.InitConfig;
import java.util.function.Function;

/**
 * Everything that defines one simulated ECU: its name, CPU model and clock, RAM size, scheduler time
 * slice, cost model, init's configuration, and the ROM modules (images by name) core offers.
 */
public record EcuConfig(String name, CpuModel cpu, long clockHz, long ramBytes, long quantumMicros, CostModel costs,
        InitConfig init, Function<String, byte[]> romModules) {
    public EcuConfig {
        if (ramBytes < 4L << 20 || ramBytes > 1L << 30 || (ramBytes & 0xfff) != 0) {
            throw new IllegalArgumentException(name + ": RAM of " + ramBytes + " bytes outside 4 MiB..1 GiB or not page aligned");
        }
        if (clockHz <= 0) throw new IllegalArgumentException(name + ": clock must be positive");
        if (quantumMicros <= 0) throw new IllegalArgumentException(name + ": time slice must be positive");
    }
}
