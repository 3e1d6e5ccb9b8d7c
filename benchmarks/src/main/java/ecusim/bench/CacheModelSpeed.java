package ecusim.bench;

import ecusim.platform.Ecu;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the cache model costs in host speed, side by side: the ecuload component (real compiled C) run to its
 * end on an ECU without and with the cache model, in turn within each repetition; MIPS of each and their ratio
 * per repetition, and the medians. The model calls the shim for every load and store (a Unicorn memory hook)
 * and at every block for its instruction lines.
 *
 * <p>Usage: {@code benchmarks/run-cache-model-speed.sh [repetitions [rounds]]} (6, 3000 rounds: about 100 M
 * instructions).
 */
public final class CacheModelSpeed {
    private CacheModelSpeed() {}

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        List<Double> ratios = new ArrayList<>(), off = new ArrayList<>(), on = new ArrayList<>();
        for (int rep = 0; rep < repetitions; rep++) {
            double plain = mips(rounds, false), cached = mips(rounds, true);
            System.out.printf(Locale.ROOT, "  repetition %d%s: without the cache model %.0f MIPS, with it %.0f MIPS (ratio %.2f)%n", rep,
                    rep == 0 ? " (warm-up)" : "", plain, cached, cached / plain);
            if (rep == 0) continue;
            off.add(plain);
            on.add(cached);
            ratios.add(cached / plain);
        }
        System.out.printf(Locale.ROOT, "[cache-model-speed] medians: without %.0f MIPS, with %.0f MIPS, ratio %.2f%n", median(off), median(on), median(ratios));
    }

    private static double mips(int rounds, boolean cacheModel) {
        try (Ecu ecu = PlatformWorkloads.boot("ecuload", "<start name=\"ecuload\"> <resource name=\"RAM\" quantum=\"256K\"/> <config rounds=\""
                + rounds + "\"/> </start>", cacheModel)) {
            long start = System.nanoTime(), before = ecu.kernel().cpu().instructions();
            PlatformWorkloads.runToEnd(ecu);
            return (ecu.kernel().cpu().instructions() - before) / ((System.nanoTime() - start) / 1e3);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
