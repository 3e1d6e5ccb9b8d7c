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

                @Override
                public void kernelFaultInjected(Thread thread, ecusim.kernel.KernelObjectFault fault, long instruction, boolean injected) {
                    injections.add("injected " + fault + " into " + thread.name() + " at " + instruction + " " + injected);
                }
            });
            ecu.boot();
            if (arm != null) arm.apply(ecu).run();
            ecu.runUntil(5_000);
            assertNull(ecu.kernel().pendingFault(), "the fault was reached");
            assertNull(ecu.kernel().pendingKernelFault(), "the kernel-object fault was reached");
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

    private static List<String> withoutInjections(List<String> log) {
        return log.stream().filter(l -> !l.startsWith("injected ")).toList();
    }

    /** A stuck-at fault that holds a bit at the value it has anyway changes nothing, timing included (crc never sets Q). */
    @Test
    void aStuckAtHoldingTheValueABitHasAnywayChangesNothingNotEvenTheTiming() throws Exception {
        List<String> held = run(ecu -> {
            Thread thread = crcThread(ecu);
            return () -> ecu.kernel().injectFault(thread, CRC_INSTRUCTIONS / 4, Fault.stuckAt(new FaultLocation.CpsrFlags(), 27, 0, 20_000));
        });
        assertEquals(run(null), withoutInjections(held));
        assertTrue(line(held, "injected").contains("stuck at 0 for 20000 instructions"), held.toString());
    }

    /**
     * Held for one instruction, a bit stuck at the value it does not have is a flip there; stuck at the value
     * it has, nothing: the two stuck-at runs of the PC's bit 30 (0 in crc's code) are the golden run and the
     * flipped one, which stops crc.
     */
    @Test
    void aStuckAtOfOneInstructionIsTheFlipOrNothing() throws Exception {
        FaultLocation pc = new FaultLocation.Pc();
        java.util.Set<List<String>> stuck = new java.util.HashSet<>();
        for (int value = 0; value <= 1; value++) {
            Fault fault = Fault.stuckAt(pc, 30, value, 1);
            stuck.add(withoutInjections(run(ecu -> {
                Thread thread = crcThread(ecu);
                return () -> ecu.kernel().injectFault(thread, CRC_INSTRUCTIONS / 3, fault);
            })));
        }
        List<String> flipped = withoutInjections(run(ecu -> {
            Thread thread = crcThread(ecu);
            return () -> ecu.kernel().injectFault(thread, CRC_INSTRUCTIONS / 3, new Fault(pc, 30));
        }));
        assertTrue(line(flipped, "crc stopped").contains("prefetch abort"), flipped.toString());
        assertEquals(java.util.Set.of(run(null), flipped), stuck);
    }

    /**
     * A bit stuck for good in crc's table after its self-check: the table is only read from then on, so one of
     * the two values is the golden run and the other the run with that bit flipped.
     */
    @Test
    void aPermanentStuckBitInCrcsTableIsTheFlipOrNothing() throws Exception {
        java.util.Set<List<String>> stuck = new java.util.HashSet<>();
        List<List<String>> flipped = new ArrayList<>();
        for (int value = -1; value <= 1; value++) {
            int v = value;
            List<String> log = withoutInjections(run(ecu -> {
                int table = ecu.init().component("crc").symbols().lookup("table").orElseThrow().value();
                FaultLocation at = new FaultLocation.MemoryByte(table + 4 * 0x5A);
                Fault fault = v < 0 ? new Fault(at, 3) : Fault.stuckAt(at, 3, v, Fault.PERMANENT);
                Thread thread = crcThread(ecu);
                return () -> ecu.kernel().injectFault(thread, CRC_INSTRUCTIONS * 3 / 4, fault);
            }));
            if (v < 0) flipped.add(log);
            else stuck.add(log);
        }
        assertEquals(java.util.Set.of(run(null), flipped.getFirst()), stuck);
    }

    /**
     * Kernel-object faults: a capability's right flipped at the count is flipped from then on (seen by the
     * kernel's own lookup), and the ECU runs on: crc ends, the counter logs as without the fault.
     */
    @Test
    void aCapabilityRightsFaultFlipsTheRightFromItsCountOn() throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> faulted = run(ecu -> {
            Thread thread = crcThread(ecu);
            var entry = thread.task().capSpace().entries().stream().filter(e -> e.capability().rights().has(ecusim.kernel.Rights.W)).findFirst().orElseThrow();
            ecu.kernel().addListener(new KernelListener() {
                @Override
                public void kernelFaultInjected(Thread t, ecusim.kernel.KernelObjectFault fault, long instruction, boolean injected) {
                    seen.add(entry.capability().rights() + " -> " + t.task().capSpace().lookup(entry.selector()).rights() + " at " + instruction);
                }
            });
            return () -> ecu.kernel().injectKernelFault(thread, CRC_INSTRUCTIONS / 2,
                    new ecusim.kernel.KernelObjectFault.CapabilityRights(entry.selector(), ecusim.kernel.Rights.W));
        });
        assertEquals(1, seen.size(), faulted.toString());
        String[] rights = seen.getFirst().split(" -> | at ");
        assertEquals(ecusim.kernel.Rights.W, ecusim.kernel.Rights.parse(rights[0].replace("-", "")).bits() ^ ecusim.kernel.Rights.parse(rights[1].replace("-", "")).bits(),
                seen.toString());
        assertEquals(String.valueOf(CRC_INSTRUCTIONS / 2), rights[2]);
        assertTrue(faulted.contains("crc exited 0") || faulted.stream().anyMatch(l -> l.contains("crc exited")), faulted.toString());
        assertEquals(4, faulted.stream().filter(l -> l.contains("counter: ")).count(), faulted.toString());
    }

    /** A page-table entry of crc's data that loses its write permission stops crc at its next store there; the rest runs on. */
    @Test
    void aPageTableEntryThatLosesItsWritePermissionStopsTheComponentAtItsNextStore() throws Exception {
        List<String> faulted = run(ecu -> {
            int table = ecu.init().component("crc").symbols().lookup("table").orElseThrow().value();
            Thread thread = crcThread(ecu);
            // Early: crc fills its table after this.
            return () -> ecu.kernel().injectKernelFault(thread, 200, new ecusim.kernel.KernelObjectFault.PageTableEntry(table & ~0xFFF, false));
        });
        assertTrue(line(faulted, "injected pte[").endsWith(" true"), faulted.toString());
        assertTrue(!withoutInjections(faulted).equals(run(null)), faulted.toString());
        assertEquals(4, faulted.stream().filter(l -> l.contains("counter: ")).count(), faulted.toString());
    }

    /**
     * A fault at a PC: from count 100 on, crc steps until it enters crc32, and the flip goes in there, at the
     * count at which it is entered; asked for again from past that count, at its next entry.
     */
    @Test
    void aFaultAtAPcGoesInWhereTheThreadFirstReachesItFromItsCount() throws Exception {
        int[] entry = new int[1];
        List<String> first = run(ecu -> {
            entry[0] = ecu.init().component("crc").symbols().lookup("crc32").orElseThrow().value();
            Thread thread = crcThread(ecu);
            return () -> ecu.kernel().injectFaultAtPc(thread, 100, entry[0], CRC_INSTRUCTIONS, new Fault(new FaultLocation.CoreRegister(12), 0));
        });
        String injected = line(first, "injected r12 bit 0");
        assertTrue(injected.contains(" pc " + Integer.toHexString(entry[0]) + " true"), injected);
        long at = Long.parseLong(injected.replaceAll(".* at (\\d+) pc .*", "$1"));
        assertTrue(at >= 100, injected);
        List<String> second = run(ecu -> {
            Thread thread = crcThread(ecu);
            return () -> ecu.kernel().injectFaultAtPc(thread, at + 1, entry[0], CRC_INSTRUCTIONS, new Fault(new FaultLocation.CoreRegister(12), 0));
        });
        String again = line(second, "injected r12 bit 0");
        long next = Long.parseLong(again.replaceAll(".* at (\\d+) pc .*", "$1"));
        assertTrue(next > at + 1 && again.contains(" pc " + Integer.toHexString(entry[0]) + " "), again);
        List<String> never = run(ecu -> {
            Thread thread = crcThread(ecu);
            return () -> ecu.kernel().injectFaultAtPc(thread, next + 1, entry[0], 50, new Fault(new FaultLocation.CoreRegister(12), 0));
        });
        assertTrue(line(never, "injected r12 bit 0").endsWith(" false"), never.toString());
    }
}
