package ecusim.rtcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.core.Component;
import ecusim.kernel.CapSpace;
import ecusim.kernel.MappingDatabase;
import ecusim.kernel.Rights;
import ecusim.platform.Ecu;
import ecusim.platform.EventLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restored group's capability spaces are the checkpointed ones — every selector with the same kind of
 * object, rights and derivation, pingpong's private gate included (mapped by the server to the client with
 * the invoke right only) — and the derivation is real: the server revoking its gate revokes the client's
 * restored copy.
 */
class RtcrCapabilityTest {
    private static final String PINGPONG = "<config mode=\"full\">" + RtcrRestoreEquivalenceTest.WORKLOADS.get(5).starts() + "</config>";

    @Test
    void theCapabilityTablesAfterARestoreAreTheCheckpointedOnesAndAServerSideUnmapRevokesTheClientsCopy() throws Exception {
        try (Ecu ecu = RtcrTest.boot(PINGPONG, new EventLog())) {
            int derived = -1;
            for (long at = 600; at < 2_000 && derived < 0; at++) {
                ecu.runUntil(at);
                derived = derivedSelector(ecu, child(ecu, "client"));
            }
            assertTrue(derived >= 0, "the client got the private gate at some instant");
            List<String> before = table(ecu);
            RtcrTest.rtcr(ecu).restore(List.of(RtcrTest.rtcr(ecu).checkpoint(false)));
            assertEquals(before, table(ecu));

            Component client = child(ecu, "client"), server = child(ecu, "server");
            MappingDatabase mapdb = ecu.kernel().mappingDatabase();
            var source = mapdb.derivedFrom(client.task().capSpace(), derived);
            assertNotNull(source, "the restored copy is derived again");
            assertEquals(server.task().capSpace(), source.space());
            assertEquals(new Rights(Rights.W), client.task().capSpace().lookup(derived).rights(), "with the invoke right only");
            mapdb.unmap(source.space(), source.selector(), false);
            assertNull(client.task().capSpace().lookup(derived), "the server's unmap revoked the client's restored copy");
        }
    }

    static Component child(Ecu ecu, String name) {
        return ecu.core().components().stream().filter(c -> c.name().equals("rtcr -> " + name) && !c.destroyed()).findFirst().orElseThrow();
    }

    /** A selector of {@code c} whose capability was mapped from another space, or -1. */
    static int derivedSelector(Ecu ecu, Component c) {
        for (CapSpace.Entry e : c.task().capSpace().entries()) {
            if (ecu.kernel().mappingDatabase().derivedFrom(c.task().capSpace(), e.selector()) != null) return e.selector();
        }
        return -1;
    }

    /** Each child's capabilities: selector, kind of object, rights, and the child and selector it was derived from. */
    static List<String> table(Ecu ecu) {
        List<String> out = new ArrayList<>();
        for (String name : List.of("server", "client")) {
            Component c = child(ecu, name);
            for (CapSpace.Entry e : c.task().capSpace().entries()) {
                var from = ecu.kernel().mappingDatabase().derivedFrom(c.task().capSpace(), e.selector());
                out.add(name + "[" + e.selector() + "] " + e.capability().object().kind() + " " + e.capability().rights()
                        + (from == null ? "" : " from " + from.space().owner() + "[" + from.selector() + "]"));
            }
        }
        return out;
    }
}
