package ecusim.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.CapSpace;
import ecusim.kernel.L4Error;
import ecusim.kernel.MappingDatabase;
import ecusim.kernel.Rights;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is the whole ECU: running on from one restored into a fresh ECU, or into the same ECU in place,
 * gives the log (with virtual times), every component's statistics and RAM of the run never interrupted.
 */
class EcuSnapshotTest {
    private static final long END = 12_000;
    private static final String CONFIG = """
            <config>
              <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="matrix"> <resource name="RAM" quantum="1M"/> <config n="32" iterations="2"/> <replication mode="dwc" pe_budget="3000"/> </start>
              <start name="walk"> <binary name="memwalk"/> <resource name="RAM" quantum="1M"/> <config pages="64" pattern="random" rounds="4"/> </start>
              <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="8"/> </start>
              <start name="server"> <binary name="pingpong-server"/> <resource name="RAM" quantum="256K"/> <provides> <service name="Ping"/> </provides> </start>
              <start name="client"> <binary name="pingpong-client"/> <resource name="RAM" quantum="256K"/> <config rounds="40"/>
                <route> <service name="Ping"> <child name="server"/> </service> <any-service> <parent/> </any-service> </route> </start>
              <start name="selfmod"> <resource name="RAM" quantum="256K"/> <config mode="reuse"/> </start>
              <start name="sessions"> <resource name="RAM" quantum="256K"/> </start>
            </config>""";

    private static final EcuConfig ECU = config();

    private static EcuConfig config() {
        try {
            return new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 32L << 20, 1000, CostModel.cortexA9(),
                    InitConfig.parse(XmlReader.parse("test", CONFIG)), name -> ComponentImages.load(name).orElse(null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The log so far, every component's statistics, the CPU's counters and RAM. */
    private static List<String> outcome(Ecu ecu, EventLog recorder) {
        List<String> out = new ArrayList<>(recorder.lines);
        for (Component c : ecu.components()) out.add(c.name() + " " + c.stats() + " alive " + c.alive());
        out.add("cycles " + ecu.kernel().now() + " instructions " + ecu.kernel().cpu().instructions());
        out.add("ram " + ecu.ramDigest());
        return out;
    }

    private static final List<String> UNINTERRUPTED = uninterrupted();

    private static List<String> uninterrupted() {
        EventLog r = new EventLog(List.of());
        try (Ecu ecu = new Ecu(ECU, r)) {
            ecu.boot();
            ecu.runUntil(END);
            return outcome(ecu, r);
        }
    }

    @Property(tries = 12, seed = "7")
    void aSnapshotRestoredIntoAFreshEcuRunsOnAsIfNeverInterrupted(@ForAll @LongRange(min = 1, max = END - 1) long at) throws Exception {
        EventLog first = new EventLog(List.of());
        EcuSnapshot snapshot;
        try (Ecu ecu = new Ecu(ECU, first)) {
            ecu.boot();
            ecu.runUntil(at);
            snapshot = ecu.snapshot();
        }
        EventLog second = new EventLog(first.lines);
        try (Ecu ecu = Ecu.restored(ECU, second, snapshot)) {
            ecu.runUntil(END);
            assertEquals(UNINTERRUPTED, outcome(ecu, second));
        }
    }

    @Property(tries = 12, seed = "11")
    void restoringInPlaceGivesTheSameContinuationAgain(@ForAll @LongRange(min = 1, max = END - 1) long at) throws Exception {
        EventLog r = new EventLog(List.of());
        try (Ecu ecu = new Ecu(ECU, r)) {
            ecu.boot();
            ecu.runUntil(at);
            List<String> prefix = List.copyOf(r.lines);
            EcuSnapshot snapshot = ecu.snapshot();
            ecu.runUntil(END);
            List<String> once = outcome(ecu, r);
            assertEquals(UNINTERRUPTED, once, "taking a snapshot changes nothing");
            for (int i = 0; i < 3; i++) {
                r.lines.clear();
                r.lines.addAll(prefix);
                ecu.restore(snapshot);
                ecu.runUntil(END);
                assertEquals(once, outcome(ecu, r), "continuation " + (i + 2));
            }
        }
    }

    private static final List<String> UNINTERRUPTED_CACHED = uninterruptedCached();

    private static List<String> uninterruptedCached() {
        EventLog r = new EventLog(List.of());
        try (Ecu ecu = new Ecu(ECU.withCacheModel(true), r)) {
            ecu.boot();
            ecu.runUntil(END);
            List<String> out = outcome(ecu, r);
            out.add("cache " + ecu.kernel().cpu().cacheStats());
            return out;
        }
    }

    /** With the cache model on, its tags are state too: a run restored from a snapshot has the same misses, hence the same clock. */
    @Property(tries = 6, seed = "5")
    void withTheCacheModelOnASnapshotRestoredIntoAFreshEcuRunsOnAsIfNeverInterrupted(@ForAll @LongRange(min = 1, max = END - 1) long at)
            throws Exception {
        EventLog first = new EventLog(List.of());
        EcuSnapshot snapshot;
        EcuConfig cached = ECU.withCacheModel(true);
        long missesThen;
        try (Ecu ecu = new Ecu(cached, first)) {
            ecu.boot();
            ecu.runUntil(at);
            snapshot = ecu.snapshot();
            missesThen = ecu.kernel().cpu().cacheStats().l2Misses();
        }
        EventLog second = new EventLog(first.lines);
        try (Ecu ecu = Ecu.restored(cached, second, snapshot)) {
            ecu.runUntil(END);
            List<String> out = outcome(ecu, second);
            List<String> expected = UNINTERRUPTED_CACHED.subList(0, UNINTERRUPTED_CACHED.size() - 1);
            assertEquals(expected, out);
            assertTrue(ecu.kernel().cpu().cacheStats().l2Misses() >= missesThen, "its counters are state too");
            assertEquals(UNINTERRUPTED_CACHED.getLast(), "cache " + ecu.kernel().cpu().cacheStats());
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(UNINTERRUPTED, UNINTERRUPTED_CACHED.subList(0, UNINTERRUPTED_CACHED.size() - 1),
                "misses cost the components time");
    }

    /**
     * A derivation tree across tasks whose children live in tasks before their parent's: after a restore (in
     * place and into a fresh ECU) each copy hangs under the same parent, siblings in the same order — the
     * order in which revocation reaches them.
     */
    @Test
    void aDerivationTreeAcrossTasksComesBackWithItsSiblingsInOrder() throws Exception {
        try (Ecu ecu = new Ecu(ECU, new EventLog(List.of()))) {
            ecu.boot();
            ecu.runUntil(500);
            MappingDatabase mapdb = ecu.kernel().mappingDatabase();
            CapSpace server = space(ecu, "server"), walk = space(ecu, "walk"), counter = space(ecu, "counter"), client = space(ecu, "sessions");
            int root = server.entries().stream().mapToInt(CapSpace.Entry::selector)
                    .filter(sel -> mapdb.derivationTree(server, sel).derived().isEmpty()).findFirst().orElseThrow();
            int p = free(client), s0 = free(walk), s1 = free(counter);
            assertEquals(L4Error.OK, mapdb.map(server, root, client, p, Rights.ALL));
            assertEquals(L4Error.OK, mapdb.map(client, p, walk, s0, Rights.ALL));
            assertEquals(L4Error.OK, mapdb.map(client, p, counter, s1, Rights.ALL));
            int s2 = free(walk);
            assertEquals(L4Error.OK, mapdb.map(client, p, walk, s2, Rights.ALL));
            String tree = describe(mapdb.derivationTree(server, root));
            assertEquals("server[" + root + "]{sessions[" + p + "]{walk[" + s0 + "]{}counter[" + s1 + "]{}walk[" + s2 + "]{}}}", tree);
            EcuSnapshot snapshot = ecu.snapshot();
            ecu.runUntil(1_000);
            ecu.restore(snapshot);
            assertEquals(tree, describe(ecu.kernel().mappingDatabase().derivationTree(space(ecu, "server"), root)), "in place");
            try (Ecu fresh = Ecu.restored(ECU, new EventLog(List.of()), snapshot)) {
                assertEquals(tree, describe(fresh.kernel().mappingDatabase().derivationTree(space(fresh, "server"), root)), "into a fresh ECU");
            }
        }
    }

    private static CapSpace space(Ecu ecu, String component) {
        return ecu.components().stream().filter(c -> c.name().equals(component)).findFirst().orElseThrow().task().capSpace();
    }

    private static int free(CapSpace space) {
        for (int sel = space.capacity() - 1; sel > 0; sel--) if (space.lookup(sel) == null) return sel;
        throw new IllegalStateException("no free selector in " + space);
    }

    private static String describe(MappingDatabase.Derivation d) {
        StringBuilder s = new StringBuilder(d.space().owner()).append('[').append(d.selector()).append("]{");
        for (MappingDatabase.Derivation child : d.derived()) s.append(describe(child));
        return s.append('}').toString();
    }
}
