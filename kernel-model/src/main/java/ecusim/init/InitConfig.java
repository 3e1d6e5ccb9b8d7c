package ecusim.init;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import java.util.List;
import java.util.Optional;

/**
 * Init's configuration: the services its parent provides, the default routing rules, and the children to start
 * in document order.
 */
public record InitConfig(List<String> parentProvides, List<Route> defaultRoute, List<StartSpec> starts) {
    public InitConfig {
        parentProvides = List.copyOf(parentProvides);
        defaultRoute = List.copyOf(defaultRoute);
        starts = List.copyOf(starts);
    }

    /** Parses and validates a {@code <config>} node; every rejection names the file and line. */
    public static InitConfig parse(XmlNode config) throws ConfigException {
        return InitConfigParser.parse(config);
    }

    /** The start named {@code name}, if any. */
    public Optional<StartSpec> start(String name) {
        return starts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The targets for a session request of {@code start} for {@code service} without a label of its own. */
    public List<RouteTarget> routeFor(StartSpec start, String service) {
        return routeFor(start, service, "");
    }

    /**
     * The targets of the first rule matching {@code service} and the session label: the start's own rules
     * first, then the default route; an empty list when nothing matches (or the matching rule has no target),
     * meaning the request is denied.
     *
     * @param label the label the client chose ({@code ""} if none). A rule's {@code label=} matches it as given
     *              (Genode's convention in a start's route, {@code label="config"}) or as init prefixes it with
     *              the start name ({@code "client -> config"}, or just {@code "client"} for an empty label)
     */
    public List<RouteTarget> routeFor(StartSpec start, String service, String label) {
        String prefixed = label.isEmpty() ? start.name() : start.name() + " -> " + label;
        return firstMatch(start.routes(), service, label, prefixed)
                .or(() -> firstMatch(defaultRoute, service, label, prefixed))
                .map(Route::targets)
                .orElse(List.of());
    }

    private static Optional<Route> firstMatch(List<Route> routes, String service, String label, String prefixed) {
        return routes.stream().filter(r -> r.matches(service, label) || r.matches(service, prefixed)).findFirst();
    }
}
