package ecusim.emulator.cpu;

import ecusim.emulator.cost.CostKey;
import java.util.List;

/**
 * The geometry and miss costs of the optional cache model ({@link ArmCpu#enableCacheModel}): L1 I and L1 D in
 * front of a unified L2, physically indexed, set-associative with LRU replacement, 32-byte lines. A miss in
 * L1 costs {@link #L1_MISS}, one in L2 {@link #L2_MISS} more; the instruction-class costs of the cost model
 * stay what they are (they price an instruction whose data is in L1).
 */
public record CacheModel(int l1iSets, int l1iWays, int l1dSets, int l1dWays, int l2Sets, int l2Ways) {
    public static final int LINE_BYTES = 32;
    public static final CostKey L1_MISS = new CostKey("cache.l1_miss", 12, 2,
            "[TRM] Cortex-A9 L1 miss served by the PL310 L2: about 12 cycles more than an L1 hit");
    public static final CostKey L2_MISS = new CostKey("cache.l2_miss", 90, 2,
            "[EST] an L2 miss served by DDR at 666 MHz core clock: about 90 cycles more than an L2 hit");

    public CacheModel {
        for (int sets : new int[] {l1iSets, l1dSets, l2Sets}) {
            if (Integer.bitCount(sets) != 1) throw new IllegalArgumentException("sets must be a power of two: " + sets);
        }
        for (int ways : new int[] {l1iWays, l1dWays, l2Ways}) if (ways < 1 || ways > 32) throw new IllegalArgumentException("ways 1..32: " + ways);
    }

    /** A Cortex-A9 with 32 KiB 4-way L1 I and D and a 512 KiB 8-way L2 (PL310). */
    public static CacheModel cortexA9() {
        return new CacheModel(256, 4, 256, 4, 2048, 8);
    }

    /** The cost keys of the model, for cost files. */
    public static List<CostKey> keys() {
        return List.of(L1_MISS, L2_MISS);
    }

    /** Misses so far, per level, and the data accesses seen. */
    public record Stats(long l1iMisses, long l1dMisses, long l2Misses, long dataAccesses) {}
}
