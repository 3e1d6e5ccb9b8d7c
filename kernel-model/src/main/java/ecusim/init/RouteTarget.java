package ecusim.init;

/** Where a routed session request goes, as in Genode's {@code <parent/>}, {@code <child name=…/>}, {@code <any-child/>}. */
public sealed interface RouteTarget {
    /** Init's parent (core), for the services listed in {@code <parent-provides>}. */
    record Parent() implements RouteTarget {}

    /** The sibling started as {@code name}. */
    record Child(String name) implements RouteTarget {}

    /** Whichever sibling announces the service. */
    record AnyChild() implements RouteTarget {}
}
