package ecusim.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.core.Dataspace;
import ecusim.core.RegionMap;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.IpcWait;
import ecusim.kernel.Irq;
import ecusim.kernel.PageBits;
import ecusim.kernel.Thread;
import ecusim.kernel.ThreadState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A snapshot taken while threads are in the middle of something — asleep in a call to the Timer, sending
 * behind a busy server, in an open wait, waiting for a signal or with one pending, waiting for a managed
 * dataspace's handler to resolve their page fault, or back from a call with the reply not yet read from
 * their message registers — goes on exactly as the run that was never stopped: in place and in a fresh ECU.
 * Each case steps the ECU a microsecond at a time until the state is there, so the snapshot is taken in it.
 */
class PendingStateSnapshotTest {
    private static final String PROVIDES = """
            <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
            <default-route> <any-service> <parent/> </any-service> </default-route>
            """;
    private static final String PINGPONG = """
            <start name="server"> <binary name="pingpong-server"/> <resource name="RAM" quantum="256K"/> <provides> <service name="Ping"/> </provides> </start>
            <start name="a"> <binary name="pingpong-client"/> <resource name="RAM" quantum="256K"/> <config rounds="60"/>
              <route> <service name="Ping"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route> </start>
            <start name="b"> <binary name="pingpong-client"/> <resource name="RAM" quantum="256K"/> <config rounds="60"/>
              <route> <service name="Ping"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route> </start>
            """;
    /** Where the managed dataspace is attached in "peek", the address it reads, and when the test gives it memory. */
    private static final int MANAGED_AT = 0x5000_0000, RESOLVE_AT_MICROS = 3_000;
    private static final String HANDLER = "test handler";

    /**
     * One case: the children, how long to run, the state to take the snapshot in, what to do right after boot
     * (on the ECU the snapshot is taken of), before a restore into a fresh ECU, and at every microsecond.
     */
    record Case(String name, String starts, long end, Predicate<Ecu> state, Consumer<Ecu> afterBoot, Consumer<Ecu> beforeRestore,
                Consumer<Ecu> everyStep) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Consumer<Ecu> nothing = ecu -> { };
        return Stream.of(
                new Case("sleeping on a timer", "<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"1\" limit=\"4\"/> </start>",
                        6_000, ecu -> waits(ecu, "counter", IpcWait.AWAITING_SERVER), nothing, nothing, nothing),
                new Case("sending behind a busy server", PINGPONG, 3_000, ecu -> anyWaits(ecu, IpcWait.SENDING), nothing, nothing, nothing),
                new Case("in an open wait", PINGPONG, 3_000, ecu -> waits(ecu, "server", IpcWait.RECEIVING_OPEN)
                        && ecu.init().component("server").threads().getFirst().stats().ipcs() > 10, nothing, nothing, nothing),
                new Case("waiting for a signal", """
                        <start name="control"> <resource name="RAM" quantum="256K"/> <config period_us="200" periods="20"/> </start>
                        """, 6_000, ecu -> waits(ecu, "control", IpcWait.RECEIVING_IRQ), nothing, nothing, nothing),
                new Case("a signal pending while its thread is kept off the CPU", """
                        <start name="control"> <resource name="RAM" quantum="256K"/> <config period_us="50" periods="80"/> </start>
                        <start name="matrix"> <resource name="RAM" quantum="1M"/> <config n="48" iterations="3"/> </start>
                        """, 8_000, ecu -> ecu.kernel().objects().stream().anyMatch(o -> o instanceof Irq irq && irq.pending() > 0), nothing, nothing, nothing),
                new Case("waiting for a managed dataspace's handler", """
                        <start name="peek"> <resource name="RAM" quantum="512K"/> <config address="0x50002010"/> </start>
                        <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="4"/> </start>
                        """, 6_000, ecu -> waits(ecu, "peek", IpcWait.AWAITING_SERVER) && ecu.now() < RESOLVE_AT_MICROS,
                        PendingStateSnapshotTest::attachManaged, ecu -> ecu.core().registerFaultHandler(HANDLER, (map, offset, write) -> { }),
                        PendingStateSnapshotTest::resolveManaged),
                new Case("back from a call, the reply not yet read", PINGPONG, 3_000, PendingStateSnapshotTest::justReturnedFromACall, nothing, nothing, nothing));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aSnapshotInThisStateGoesOnAsIfNeverTaken(Case c) throws Exception {
        EcuConfig config = config(c.starts());
        EventLog whole = new EventLog(List.of());
        List<String> expected;
        try (Ecu ecu = new Ecu(config, whole)) {
            ecu.boot();
            c.afterBoot().accept(ecu);
            expected = runTo(ecu, c, c.end(), whole);
        }
        EventLog first = new EventLog(List.of());
        try (Ecu ecu = new Ecu(config, first)) {
            ecu.boot();
            c.afterBoot().accept(ecu);
            long at = 0;
            while (at < c.end() && !c.state().test(ecu)) {
                ecu.runUntil(++at);
                c.everyStep().accept(ecu);
            }
            assertTrue(c.state().test(ecu), "the run never reached the state: " + c.name());
            List<String> prefix = List.copyOf(first.lines);
            EcuSnapshot snapshot = ecu.snapshot();
            assertEquals(expected, runTo(ecu, c, c.end(), first), "taking the snapshot at " + at + " us changed the run");

            first.lines.clear();
            first.lines.addAll(prefix);
            ecu.restore(snapshot);
            assertEquals(expected, runTo(ecu, c, c.end(), first), "restored in place at " + at + " us");

            EventLog fresh = new EventLog(prefix);
            try (Ecu other = new Ecu(config, fresh)) {
                c.beforeRestore().accept(other);
                other.restore(snapshot);
                assertEquals(expected, runTo(other, c, c.end(), fresh), "restored into a fresh ECU at " + at + " us");
            }
        }
    }

    /** Runs on a microsecond at a time to {@code end}; the log, every component's statistics and RAM. */
    private static List<String> runTo(Ecu ecu, Case c, long end, EventLog recorder) {
        for (long t = ecu.now() + 1; t <= end; t++) {
            ecu.runUntil(t);
            c.everyStep().accept(ecu);
        }
        List<String> out = new ArrayList<>(recorder.lines);
        for (Component comp : ecu.components()) out.add(comp.name() + " " + comp.stats());
        out.add("cycles " + ecu.kernel().now() + " instructions " + ecu.kernel().cpu().instructions() + " ram " + ecu.ramDigest());
        return out;
    }

    private static boolean waits(Ecu ecu, String component, IpcWait wait) {
        Component c = ecu.init().component(component);
        return c != null && !c.destroyed() && c.threads().getFirst().state() == ThreadState.BLOCKED && c.threads().getFirst().ipcWait() == wait;
    }

    private static boolean anyWaits(Ecu ecu, IpcWait wait) {
        return ecu.kernel().threads().stream().anyMatch(t -> t.state() == ThreadState.BLOCKED && t.ipcWait() == wait);
    }

    /** A ready thread, not on the CPU, whose next instruction follows an {@code svc}: its call returned, the reply waits in its UTCB. */
    private static boolean justReturnedFromACall(Ecu ecu) {
        for (Thread t : ecu.kernel().threads()) {
            // The thread on the CPU has its registers there (registersOf reads them live), not in its saved state.
            if (t.state() != ThreadState.READY || t.registers() == null || ecu.kernel().registersOf(t) != t.registers()) continue;
            RegisterFile r = t.registers();
            int at = r.pc() - (r.thumb() ? 2 : 4);
            PageBits page = t.task().addressSpace().page(at);
            if (page == null || t.stats().systemCalls() == 0) continue;
            int word = ecu.kernel().cpu().ram().readInt(page.frame() + (at & 0xFFC));
            boolean svc = r.thumb() ? ((at & 2) == 0 ? word & 0xFFFF : word >>> 16) >>> 8 == 0xDF : (word & 0x0F00_0000) == 0x0F00_0000;
            if (svc) return true;
        }
        return false;
    }

    private static void attachManaged(Ecu ecu) {
        Component peek = ecu.init().component("peek");
        Dataspace managed = ecu.core().createManagedDataspace(64 * 1024, HANDLER, (map, offset, write) -> { });
        assertEquals(ecusim.kernel.L4Error.OK, ecu.core().attach(peek.regionMap(), managed, MANAGED_AT, true, false).error());
    }

    /** At {@link #RESOLVE_AT_MICROS}, memory with a known word comes into the managed dataspace, and peek reads it. */
    private static void resolveManaged(Ecu ecu) {
        if (ecu.now() != RESOLVE_AT_MICROS) return;
        Component peek = ecu.init().component("peek");
        RegionMap map = peek.regionMap().regionAt(MANAGED_AT).dataspace().managed();
        Dataspace ram = ecu.core().allocateRam(peek, 4096);
        ecu.kernel().cpu().ram().writeInt(ram.frame(0) + 0x10, 0x1234_5678);
        ecu.core().attach(map, ram, 0x2000, true, false);
    }

    private static EcuConfig config(String starts) throws Exception {
        InitConfig init = InitConfig.parse(XmlReader.parse("test", "<config>" + PROVIDES + starts + "</config>"));
        return new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 32L << 20, 1000, CostModel.cortexA9(), init,
                name -> ComponentImages.load(name).orElse(null));
    }
}
