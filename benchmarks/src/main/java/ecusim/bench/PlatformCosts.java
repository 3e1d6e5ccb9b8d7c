package ecusim.bench;

import ecusim.core.Component;
import ecusim.core.ComponentStats;
import ecusim.platform.Ecu;
import java.util.Locale;

/**
 * Prints the modeled (virtual) cost of an IPC round trip and of a page fault resolved through core, from the
 * workload pairs of {@link PlatformWorkloads}: deterministic, the same on every machine.
 */
public final class PlatformCosts {
    private record Run(long cycles, long ipcs, long faults) {}

    private PlatformCosts() {}

    public static void main(String[] args) {
        Run pingpong = run(PlatformWorkloads.PINGPONG), pingpong0 = run(PlatformWorkloads.PINGPONG_BASELINE);
        Run faults = run(PlatformWorkloads.FAULTS), faults0 = run(PlatformWorkloads.FAULTS_BASELINE);
        int n = PlatformWorkloads.OPERATIONS;
        System.out.printf(Locale.ROOT, "IPC round trip (guest call + guest reply-and-wait): %.1f cycles (%d IPC transfers per round trip)%n",
                (pingpong.cycles - pingpong0.cycles) / (double) n, (pingpong.ipcs - pingpong0.ipcs) / n);
        System.out.printf(Locale.ROOT, "page fault resolved through core (fault IPC, region-map lookup, map, retry): %.1f cycles per fault "
                + "(%d faults vs %d)%n", (faults.cycles - faults0.cycles) / (double) (faults.faults - faults0.faults), faults.faults, faults0.faults);
    }

    private static Run run(PlatformWorkloads workload) {
        try (Ecu ecu = workload.boot()) {
            long cycles = PlatformWorkloads.runToEnd(ecu);
            long ipcs = 0, faults = 0;
            for (Component c : ecu.components()) {
                ComponentStats s = c.stats();
                ipcs += s.ipcs();
                faults += s.pageFaults();
            }
            return new Run(cycles, ipcs, faults);
        }
    }
}
