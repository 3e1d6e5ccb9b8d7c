package ecusim.platform;

import ecusim.emulator.bare.BareMachine;
import ecusim.emulator.cost.CostKey;
import ecusim.kernel.KernelCost;
import java.util.ArrayList;
import java.util.List;

/** Every named cost some part of the platform charges: what a user's cost file may give. */
public final class PlatformCosts {
    private PlatformCosts() {}

    public static List<CostKey> keys() {
        List<CostKey> keys = new ArrayList<>(KernelCost.keys());
        keys.add(BareMachine.SYSTEM_CALL);
        keys.addAll(ecusim.rtcr.RtcrCost.keys());
        keys.addAll(ecusim.emulator.cpu.CacheModel.keys());
        return List.copyOf(keys);
    }
}
