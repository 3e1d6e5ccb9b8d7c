package ecusim.init;

import ecusim.config.XmlNode;
import ecusim.kernel.Replication;
import java.util.List;
import java.util.Optional;

/**
 * One {@code <start>} node: a child init will create.
 *
 * @param name       the child's name, unique within the configuration (also its session label)
 * @param binary     the ROM module to load; the start name unless {@code <binary name=…>} says otherwise
 * @param ramQuantum bytes of RAM init transfers to the child
 * @param priority   the scheduling priority, 0..255, default 100
 * @param provides   the services the child announces
 * @param routes     the child's own routing rules, in order
 * @param config     the child's {@code <config>} node, free-form; its raw text becomes the child's config ROM
 * @param line       the line of the {@code <start>} tag, for errors found later (e.g. an unknown binary)
 * @param replication how the child's threads are replicated ({@code <replication mode="dwc|tmr" …/>}), or empty
 */
public record StartSpec(String name, String binary, long ramQuantum, int priority, List<String> provides,
                        List<Route> routes, Optional<XmlNode> config, int line, Optional<Replication> replication) {
    /** Priority when a start names none. */
    public static final int DEFAULT_PRIORITY = 100;
    /** The highest priority (Fiasco.OC's 0..255 range). */
    public static final int MAX_PRIORITY = 255;

    public StartSpec {
        provides = List.copyOf(provides);
        routes = List.copyOf(routes);
    }

    /** A start whose child runs once, as usual. */
    public StartSpec(String name, String binary, long ramQuantum, int priority, List<String> provides, List<Route> routes,
                     Optional<XmlNode> config, int line) {
        this(name, binary, ramQuantum, priority, provides, routes, config, line, Optional.empty());
    }
}
