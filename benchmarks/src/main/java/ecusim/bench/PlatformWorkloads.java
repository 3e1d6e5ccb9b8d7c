package ecusim.bench;

import ecusim.config.ConfigException;
import ecusim.config.XmlReader;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;

/**
 * The ECU workloads of the platform benchmarks, in pairs that differ only in the operation measured: an IPC
 * round trip (pingpong with N rounds vs 0) and a page fault resolved through core (memwalk touching N fresh
 * pages once vs touching one page N times: the same touches, N - 1 fewer faults).
 */
public enum PlatformWorkloads {
    PINGPONG(pingpong(PlatformWorkloads.OPERATIONS)),
    PINGPONG_BASELINE(pingpong(0)),
    FAULTS(memwalk(PlatformWorkloads.OPERATIONS, 1)),
    FAULTS_BASELINE(memwalk(1, PlatformWorkloads.OPERATIONS));

    /** Round trips, or pages faulted in, per run. */
    public static final int OPERATIONS = 16384;

    private static final String PROVIDES = "<parent-provides> <service name=\"LOG\"/> <service name=\"Timer\"/> <service name=\"ROM\"/> </parent-provides>"
            + "<default-route> <any-service> <parent/> </any-service> </default-route>";

    private final String starts;

    PlatformWorkloads(String starts) {
        this.starts = starts;
    }

    private static String pingpong(int rounds) {
        return "<start name=\"server\" priority=\"110\"> <binary name=\"pingpong-server\"/> <resource name=\"RAM\" quantum=\"512K\"/>"
                + " <provides> <service name=\"Ping\"/> </provides> </start>"
                + "<start name=\"client\"> <binary name=\"pingpong-client\"/> <resource name=\"RAM\" quantum=\"512K\"/>"
                + " <route> <service name=\"Ping\"> <child name=\"server\"/> </service> <any-service> <parent/> </any-service> </route>"
                + " <config rounds=\"" + rounds + "\"/> </start>";
    }

    private static String memwalk(int pages, int rounds) {
        return "<start name=\"memwalk\"> <resource name=\"RAM\" quantum=\"72M\"/> <config pages=\"" + pages + "\" rounds=\"" + rounds + "\"/> </start>";
    }

    /** A booted ECU running this workload; run it with {@code runUntil} until it returns false. */
    public Ecu boot() {
        return boot(name(), starts);
    }

    /** A booted ECU running pingpong with {@code rounds} round trips. */
    public static Ecu pingpongEcu(int rounds) {
        return boot("PINGPONG_" + rounds, pingpong(rounds));
    }

    /** A booted ECU (128 MiB, 666 MHz, 1 ms slices) whose init starts {@code starts} with LOG, Timer and ROM from core. */
    static Ecu boot(String name, String starts) {
        return boot(name, starts, false);
    }

    /** The same, on an ECU with the cache model on or off. */
    static Ecu boot(String name, String starts, boolean cacheModel) {
        InitConfig init;
        try {
            init = InitConfig.parse(XmlReader.parse(name, "<config>" + PROVIDES + starts + "</config>"));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
        EcuConfig config = new EcuConfig(name, CpuModel.CORTEX_A9, 666_000_000L, 128L << 20, 1000, CostModel.cortexA9(), init,
                n -> ComponentImages.load(n).orElse(null)).withCacheModel(cacheModel);
        Ecu ecu = new Ecu(config, new EcuEvents() {
            @Override
            public void log(String e, String component, long time, String text) { }

            @Override
            public void exited(String e, String component, long time, int code) {
                if (code != 0) throw new IllegalStateException(component + " exited with " + code);
            }

            @Override
            public void stopped(String e, String component, long time, String reason) {
                throw new IllegalStateException(component + " stopped: " + reason);
            }
        });
        ecu.boot();
        return ecu;
    }

    /** Runs the workload to its end; returns the virtual time it took in cycles. */
    public static long runToEnd(Ecu ecu) {
        while (ecu.runUntil(ecu.now() + 100_000)) { }
        return ecu.kernel().now();
    }
}
