package ecusim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Records how every capability was derived: a tree per kernel object, rooted where the object was created,
 * with a child for each map. Map copies a capability with reduced rights, grant moves it, and unmap revokes
 * everything derived from a capability, in every space, recursively (Fiasco.OC's mapdb).
 */
public final class MappingDatabase {
    /** A capability's place in its derivation tree. */
    static final class Node {
        CapSpace space;
        int selector;
        final Node parent;
        final List<Node> children = new ArrayList<>(); // in map order: revocation order is deterministic

        Node(CapSpace space, int selector, Node parent) {
            this.space = space;
            this.selector = selector;
            this.parent = parent;
        }
    }

    /** The parent node of {@code node}, or null for a root (a capture). */
    static Node parentOf(Node node) {
        return node.parent;
    }

    /** Where {@code node} stands among its parent's children (revocation order), 0 for a root. */
    static int childIndex(Node node) {
        return node.parent == null ? 0 : node.parent.children.indexOf(node);
    }

    /**
     * Puts {@code capability} at {@code space[selector]} as a child of {@code parent} (null: a root), keeping
     * it in the parent's children at its saved place (a restore; callers add siblings in index order).
     */
    static Node restore(CapSpace space, int selector, Capability capability, Node parent) {
        Node node = new Node(space, selector, parent);
        if (parent != null) parent.children.add(node);
        space.put(selector, new CapSpace.Slot(capability, node));
        return node;
    }

    /**
     * Installs {@code capability} at {@code to[toSelector]} as a copy derived from {@code from[fromSelector]},
     * so that revoking the source revokes it too (a parent installing a child's capability it holds itself).
     */
    public L4Error installDerived(CapSpace from, int fromSelector, CapSpace to, int toSelector, Capability capability) {
        CapSpace.Slot source = from.slot(fromSelector);
        if (source == null) return from.inRange(fromSelector) ? L4Error.NOT_FOUND : L4Error.RANGE;
        if (source.capability().object() != capability.object()) return L4Error.INVALID;
        L4Error free = checkFree(to, toSelector);
        if (free != L4Error.OK) return free;
        Node child = new Node(to, toSelector, source.node());
        source.node().children.add(child);
        to.put(toSelector, new CapSpace.Slot(new Capability(capability.object(), source.capability().rights().intersect(capability.rights())), child));
        return L4Error.OK;
    }

    /** One capability in a derivation tree: where it is, and everything derived from it, in map order. */
    public record Derivation(CapSpace space, int selector, Capability capability, List<Derivation> derived) {}

    /**
     * The derivation tree below the capability at {@code space[selector]} (it included), or null if the slot
     * is empty: who got a copy of it from whom (a parent's checkpoint of a child records this).
     */
    public Derivation derivationTree(CapSpace space, int selector) {
        CapSpace.Slot slot = space.slot(selector);
        return slot == null ? null : tree(slot.node());
    }

    /** Where the capability at {@code space[selector]} was derived from, or null for a root or an empty slot. */
    public Derivation derivedFrom(CapSpace space, int selector) {
        CapSpace.Slot slot = space.slot(selector);
        if (slot == null || slot.node().parent == null) return null;
        Node parent = slot.node().parent;
        return new Derivation(parent.space, parent.selector, parent.space.lookup(parent.selector), List.of());
    }

    private static Derivation tree(Node node) {
        List<Derivation> derived = new ArrayList<>(node.children.size());
        for (Node child : node.children) derived.add(tree(child));
        return new Derivation(node.space, node.selector, node.space.lookup(node.selector), List.copyOf(derived));
    }

    /** Installs a freshly created object's first capability (the root of its tree). */
    public L4Error insertRoot(CapSpace space, int selector, Capability capability) {
        L4Error free = checkFree(space, selector);
        if (free != L4Error.OK) return free;
        space.put(selector, new CapSpace.Slot(capability, new Node(space, selector, null)));
        return L4Error.OK;
    }

    /** Copies the capability at {@code from[fromSelector]} to {@code to[toSelector]} with rights reduced by {@code mask}. */
    public L4Error map(CapSpace from, int fromSelector, CapSpace to, int toSelector, Rights mask) {
        CapSpace.Slot source = from.slot(fromSelector);
        if (source == null) return from.inRange(fromSelector) ? L4Error.NOT_FOUND : L4Error.RANGE;
        L4Error free = checkFree(to, toSelector);
        if (free != L4Error.OK) return free;
        Node child = new Node(to, toSelector, source.node());
        source.node().children.add(child);
        Capability derived = new Capability(source.capability().object(), source.capability().rights().intersect(mask));
        to.put(toSelector, new CapSpace.Slot(derived, child));
        return L4Error.OK;
    }

    /** Moves the capability to {@code to[toSelector]} with rights reduced by {@code mask}; what was derived from it stays. */
    public L4Error grant(CapSpace from, int fromSelector, CapSpace to, int toSelector, Rights mask) {
        CapSpace.Slot source = from.slot(fromSelector);
        if (source == null) return from.inRange(fromSelector) ? L4Error.NOT_FOUND : L4Error.RANGE;
        if (from == to && fromSelector == toSelector) return L4Error.OK;
        L4Error free = checkFree(to, toSelector);
        if (free != L4Error.OK) return free;
        Node node = source.node();
        from.clear(fromSelector);
        node.space = to;
        node.selector = toSelector;
        Capability moved = new Capability(source.capability().object(), source.capability().rights().intersect(mask));
        to.put(toSelector, new CapSpace.Slot(moved, node));
        return L4Error.OK;
    }

    /**
     * Revokes every capability derived from the one at {@code space[selector]}, recursively and in every
     * space; with {@code includeSelf} also that capability itself. Returns how many were removed.
     */
    public int unmap(CapSpace space, int selector, boolean includeSelf) {
        CapSpace.Slot slot = space.slot(selector);
        if (slot == null) return 0;
        Node node = slot.node();
        int removed = revokeChildren(node);
        if (includeSelf) {
            node.space.clear(node.selector);
            if (node.parent != null) node.parent.children.remove(node);
            removed++;
        }
        return removed;
    }

    private static int revokeChildren(Node node) {
        int removed = 0;
        for (Node child : node.children) {
            removed += revokeChildren(child);
            child.space.clear(child.selector);
            removed++;
        }
        node.children.clear();
        return removed;
    }

    private static L4Error checkFree(CapSpace space, int selector) {
        if (!space.inRange(selector)) return L4Error.RANGE;
        if (space.slot(selector) != null) return L4Error.EXISTS;
        return L4Error.OK;
    }
}
