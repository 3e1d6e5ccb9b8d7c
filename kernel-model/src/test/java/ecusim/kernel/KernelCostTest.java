package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ecusim.emulator.cost.CostKey;
import ecusim.emulator.cost.CostModel;
import ecusim.platform.PlatformCosts;
import org.junit.jupiter.api.Test;

/** The shipped cost table and the keys' own defaults agree, so a user's file that leaves a figure out gets the shipped one. */
class KernelCostTest {
    @Test
    void theShippedTableGivesEveryPlatformCostItsDefault() {
        CostModel shipped = CostModel.cortexA9();
        for (CostKey key : PlatformCosts.keys()) {
            assertEquals(key.defaultCycles(), shipped.cycles(key), key.name());
            assertEquals(key.source(), shipped.source(key.name()), key.name());
        }
    }
}
