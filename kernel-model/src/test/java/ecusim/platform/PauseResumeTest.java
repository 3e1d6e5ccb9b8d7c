package ecusim.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.Thread;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Pausing every thread of a component (or of all) and resuming them at the same instant is invisible: the
 * log (with its virtual times) and every component's statistics are those of the run without it.
 */
class PauseResumeTest {
    private static final String CONFIG = """
            <config>
              <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="matrix"> <resource name="RAM" quantum="1M"/> <config n="48" iterations="2"/> </start>
              <start name="crc"> <resource name="RAM" quantum="1M"/> <config bytes="65536" seed="1"/> </start>
              <start name="walk"> <binary name="memwalk"/> <resource name="RAM" quantum="1M"/> <config pages="64" pattern="random" rounds="4"/> </start>
              <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="3"/> </start>
            </config>""";

    /** Runs to 4 ms; at {@code pauseAtMicros} (if not negative) pauses and resumes the threads of {@code component} (null: all). */
    private static List<String> run(long pauseAtMicros, String component) throws Exception {
        EventLog log = new EventLog();
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 32L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("test", CONFIG)), name -> ComponentImages.load(name).orElse(null));
        try (Ecu ecu = new Ecu(config, log)) {
            ecu.boot();
            if (pauseAtMicros >= 0) {
                ecu.runUntil(pauseAtMicros);
                List<Thread> threads = component == null ? ecu.kernel().threads() : ecu.init().component(component).threads();
                for (Thread t : threads) ecu.kernel().pause(t);
                for (Thread t : threads) ecu.kernel().resume(t);
            }
            ecu.runUntil(4_000);
            for (Component c : ecu.components()) log.lines.add(c.name() + " " + c.stats());
            log.lines.add("cycles " + ecu.kernel().now() + " instructions " + ecu.kernel().cpu().instructions());
        }
        return log.lines;
    }

    private static final List<String> UNINTERRUPTED;

    static {
        try {
            UNINTERRUPTED = run(-1, null);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Property(tries = 16, seed = "42")
    void pausingAndResumingAComponentAtOneInstantChangesNothing(@ForAll @LongRange(min = 1, max = 3_000) long atMicros,
            @ForAll("components") String component) throws Exception {
        assertEquals(UNINTERRUPTED, run(atMicros, component));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> components() {
        return net.jqwik.api.Arbitraries.of("matrix", "crc", "walk", "counter", "all").map(c -> c.equals("all") ? null : c);
    }

    @org.junit.jupiter.api.Test
    void theMatrixCaseOfTheReviewAt300Microseconds() throws Exception {
        assertEquals(UNINTERRUPTED, run(300, "matrix"));
    }
}
