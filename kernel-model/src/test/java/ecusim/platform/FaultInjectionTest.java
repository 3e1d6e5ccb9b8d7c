package ecusim.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.fault.Fault;
import ecusim.emulator.fault.FaultLocation;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.KernelListener;
import ecusim.kernel.Thread;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Faults injected into a component's thread at an exact count of its own instructions, with real guests:
 * the component sees the flipped bit, the rest of the ECU runs on, and the same injection gives the same run.
 */
class FaultInjectionTest {
    private static final String CONFIG = """
            <config>
              <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="crc"> <resource name="RAM" quantum="1M"/> <config bytes="4096" seed="1"/> </start>
              <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="3"/> </start>
            </config>""";

    /** The log of a 5 ms run in which {@code arm} (if not null) sets a fault once crc's thread exists; injections last. */
    private static List<String> run(Function<Ecu, Runnable> arm) throws Exception {
        EventLog log = new EventLog();
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 32L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("test", CONFIG)), name -> ComponentImages.load(name).orElse(null));
        List<String> injections = new ArrayList<>();
        try (Ecu ecu = new Ecu(config, log)) {
            ecu.kernel().addListener(new KernelListener() {
                @Override
                public void faultInjected(Thread thread, Fault fault, long instruction, int pc, boolean injected) {
                    injections.add("injected " + fault + " into " + thread.name() + " at " + instruction + " pc " + Integer.toHexString(pc) + " " + injected);
                }
            });
            ecu.boot();
            if (arm != null) arm.apply(ecu).run();
            ecu.runUntil(5_000);
            assertNull(ecu.kernel().pendingFault(), "the fault was reached");
            injections.add("crc instructions " + crcThread(ecu).instructions());
        }
        List<String> out = new ArrayList<>(log.lines);
        out.addAll(injections);
        return out;
    }

    private static Thread crcThread(Ecu ecu) {
        return ecu.init().component("crc").threads().getFirst();
    }

    /** crc's own instruction count in the run without a fault. */
    private static final long CRC_INSTRUCTIONS;

    static {
        try {
            CRC_INSTRUCTIONS = Long.parseLong(line(run(null), "crc instructions").substring("crc instructions ".length()));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static String line(List<String> log, String prefix) {
        return log.stream().filter(l -> l.contains(prefix)).findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in " + log));
    }

    /**
     * crc checks its table against the standard check value, then uses it: a flip in the table after the
     * check (at three quarters of crc's instructions: past the check, with a quarter of the buffer's CRC to
     * go) leaves the check line and changes the result, and the counter next to it logs exactly as without
     * the fault.
     */
    @Test
    void aFlipInCrcsTableAfterItsSelfCheckChangesItsResultAndNothingElse() throws Exception {
        List<String> golden = run(null);
        List<String> faulted = run(ecu -> {
            Component crc = ecu.init().component("crc");
            int table = crc.symbols().lookup("table").orElseThrow().value();
            Thread thread = crcThread(ecu);
            return () -> ecu.kernel().injectFault(thread, CRC_INSTRUCTIONS * 3 / 4, new Fault(new FaultLocation.MemoryByte(table + 4 * 0x5A), 3));
        });
        assertEquals(line(golden, "crc: check"), line(faulted, "crc: check"));
        assertNotEquals(line(golden, "crc32="), line(faulted, "crc32="));
        assertEquals(golden.stream().filter(l -> l.contains("counter")).toList(), faulted.stream().filter(l -> l.contains("counter")).toList());
        assertTrue(line(faulted, "injected").startsWith("injected mem[0x"), faulted.toString());
        assertTrue(line(faulted, "injected").contains(" at " + CRC_INSTRUCTIONS * 3 / 4 + " "), faulted.toString());
    }

    @Test
    void aFlippedPcStopsTheComponentAndTheRestOfTheEcuRunsOn() throws Exception {
        List<String> faulted = run(ecu -> {
            Thread thread = crcThread(ecu);
            return () -> ecu.kernel().injectFault(thread, CRC_INSTRUCTIONS / 2, new Fault(new FaultLocation.Pc(), 30));
        });
        assertTrue(line(faulted, "crc stopped").contains("prefetch abort"), faulted.toString());
        assertEquals(4, faulted.stream().filter(l -> l.contains("counter: ")).count(), faulted.toString());
    }

    @Test
    void theSameInjectionGivesTheSameRun() throws Exception {
        Function<Ecu, Runnable> arm = ecu -> {
            Thread thread = crcThread(ecu);
            return () -> ecu.kernel().injectFault(thread, CRC_INSTRUCTIONS / 3, new Fault(new FaultLocation.CoreRegister(3), 17));
        };
        assertEquals(run(arm), run(arm));
    }

    /** A fault armed and then overtaken by a restore is dropped: the restored run is the run without it. */
    @Test
    void aRestoreDropsAPendingFault() throws Exception {
        List<String> restored = run(ecu -> {
            try {
                EcuSnapshot start = ecu.snapshot();
                ecu.kernel().injectFault(crcThread(ecu), CRC_INSTRUCTIONS / 2, new Fault(new FaultLocation.Pc(), 30));
                ecu.restore(start);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return () -> { };
        });
        assertEquals(run(null), restored);
    }
}
