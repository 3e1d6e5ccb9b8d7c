package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Capability map, grant and recursive revocation, as Fiasco.OC's mapping database does them. */
class MappingDatabaseTest {
    private record Gate(ObjectId id) implements KernelObject {
        @Override
        public String kind() {
            return "Ipc_gate";
        }
    }

    private final MappingDatabase mapdb = new MappingDatabase();
    private final CapSpace core = new CapSpace("core", 64), init = new CapSpace("init", 64), child = new CapSpace("child", 64);
    private final Gate gate = new Gate(new ObjectId(7));

    private void createGateInCore() {
        assertEquals(L4Error.OK, mapdb.insertRoot(core, 5, new Capability(gate, Rights.ALL)));
    }

    @Test
    void mapCopiesTheCapabilityWithReducedRights() {
        createGateInCore();
        assertEquals(L4Error.OK, mapdb.map(core, 5, init, 10, Rights.RW));
        assertSame(gate, init.lookup(10).object());
        assertEquals(Rights.RW, init.lookup(10).rights());
        assertEquals(Rights.ALL, core.lookup(5).rights(), "the source keeps its rights");
    }

    @Test
    void mappingCannotAddRights() {
        createGateInCore();
        mapdb.map(core, 5, init, 10, Rights.parse("r"));
        mapdb.map(init, 10, child, 3, Rights.ALL);
        assertEquals(Rights.parse("r"), child.lookup(3).rights());
    }

    @Test
    void mappingFromAnEmptySelectorIsNotFound() {
        assertEquals(L4Error.NOT_FOUND, mapdb.map(core, 5, init, 10, Rights.ALL));
        assertEquals(L4Error.RANGE, mapdb.map(core, 99, init, 10, Rights.ALL));
    }

    @Test
    void mappingOntoAnOccupiedSelectorIsRefused() {
        createGateInCore();
        mapdb.map(core, 5, init, 10, Rights.ALL);
        assertEquals(L4Error.EXISTS, mapdb.map(core, 5, init, 10, Rights.ALL));
        assertEquals(L4Error.RANGE, mapdb.map(core, 5, init, 64, Rights.ALL));
    }

    @Test
    void grantMovesTheCapabilityAndKeepsWhatWasDerivedFromIt() {
        createGateInCore();
        mapdb.map(core, 5, init, 10, Rights.ALL);
        mapdb.map(init, 10, child, 1, Rights.RW);
        assertEquals(L4Error.OK, mapdb.grant(init, 10, child, 2, Rights.ALL));
        assertNull(init.lookup(10));
        assertSame(gate, child.lookup(2).object());
        // The granted capability is still the parent of the one derived before: revoking it removes both.
        assertEquals(2, mapdb.unmap(child, 2, true));
        assertNull(child.lookup(1));
    }

    @Test
    void unmapRevokesEverythingDerivedRecursivelyInEverySpace() {
        createGateInCore();
        mapdb.map(core, 5, init, 10, Rights.ALL);
        mapdb.map(init, 10, child, 1, Rights.ALL);
        mapdb.map(child, 1, child, 2, Rights.RW);
        mapdb.map(core, 5, child, 3, Rights.RW);
        assertEquals(4, mapdb.unmap(core, 5, false));
        assertSame(gate, core.lookup(5).object(), "unmap without self keeps the source");
        assertEquals(0, init.size());
        assertEquals(0, child.size());
    }

    @Test
    void unmapIncludingSelfRemovesTheCapabilityButNotItsAncestors() {
        createGateInCore();
        mapdb.map(core, 5, init, 10, Rights.ALL);
        mapdb.map(init, 10, child, 1, Rights.ALL);
        assertEquals(2, mapdb.unmap(init, 10, true));
        assertSame(gate, core.lookup(5).object());
        assertNull(init.lookup(10));
        assertNull(child.lookup(1));
        assertEquals(L4Error.OK, mapdb.map(core, 5, init, 10, Rights.ALL), "the selector is free again");
    }

    @Test
    void entriesEnumerateSelectorsInOrderWithObjectAndRights() {
        createGateInCore();
        mapdb.map(core, 5, init, 30, Rights.parse("r"));
        mapdb.map(core, 5, init, 2, Rights.RW);
        List<CapSpace.Entry> entries = init.entries();
        assertEquals(List.of(2, 30), entries.stream().map(CapSpace.Entry::selector).toList());
        assertEquals(Rights.parse("r"), entries.get(1).capability().rights());
        assertEquals(new ObjectId(7), entries.get(0).capability().object().id());
    }

    @Test
    void theDerivationTreeShowsWhoGotACopyFromWhomInMapOrder() {
        createGateInCore();
        mapdb.map(core, 5, init, 10, Rights.RW);
        mapdb.map(core, 5, child, 2, Rights.parse("r"));
        mapdb.map(init, 10, child, 3, Rights.RW);
        MappingDatabase.Derivation tree = mapdb.derivationTree(core, 5);
        assertEquals(2, tree.derived().size());
        assertSame(init, tree.derived().get(0).space());
        assertEquals(10, tree.derived().get(0).selector());
        assertEquals(3, tree.derived().get(0).derived().getFirst().selector());
        assertSame(child, tree.derived().get(1).space());
        assertEquals(2, tree.derived().get(1).selector());
        assertSame(init, mapdb.derivedFrom(child, 3).space());
        assertNull(mapdb.derivedFrom(core, 5), "a root comes from nowhere");
        assertNull(mapdb.derivationTree(core, 6), "an empty slot has no tree");
    }

    @Test
    void aCopyInstalledAsDerivedIsRevokedWithItsSource() {
        createGateInCore();
        assertEquals(L4Error.OK, mapdb.installDerived(core, 5, child, 4, new Capability(gate, Rights.ALL)));
        assertEquals(Rights.ALL, child.lookup(4).rights());
        mapdb.unmap(core, 5, false);
        assertNull(child.lookup(4));
    }
}
