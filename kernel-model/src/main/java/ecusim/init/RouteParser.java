package ecusim.init;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the rules of a {@code <route>} or {@code <default-route>} node, and checks that every
 * {@code <child name=…>} target names a sibling that exists.
 */
final class RouteParser {
    private RouteParser() {}

    static List<Route> parse(XmlNode routing) throws ConfigException {
        routing.onlyAttributes();
        routing.onlyChildren("service", "any-service");
        List<Route> routes = new ArrayList<>();
        for (XmlNode rule : routing.children()) {
            Optional<String> service = Optional.empty(), label = Optional.empty();
            if (rule.name().equals("service")) {
                rule.onlyAttributes("name", "label");
                service = Optional.of(InitConfigParser.nonEmptyName(rule));
                label = rule.attribute("label");
            } else {
                rule.onlyAttributes();
            }
            routes.add(new Route(service, label, targets(rule)));
        }
        return routes;
    }

    private static List<RouteTarget> targets(XmlNode rule) throws ConfigException {
        rule.onlyChildren("parent", "child", "any-child");
        List<RouteTarget> targets = new ArrayList<>();
        for (XmlNode target : rule.children()) {
            target.onlyChildren();
            targets.add(switch (target.name()) {
                case "parent" -> {
                    target.onlyAttributes();
                    yield new RouteTarget.Parent();
                }
                case "child" -> {
                    target.onlyAttributes("name");
                    yield new RouteTarget.Child(InitConfigParser.nonEmptyName(target));
                }
                default -> {
                    target.onlyAttributes();
                    yield new RouteTarget.AnyChild();
                }
            });
        }
        return targets;
    }

    /**
     * Rejects {@code <child name=…>} targets below {@code routing} that name no start, or the start {@code self}
     * whose route it is (a child cannot be its own server).
     */
    static void checkChildTargets(XmlNode routing, Set<String> startNames, Optional<String> self)
            throws ConfigException {
        for (XmlNode rule : routing.children()) {
            for (XmlNode target : rule.children("child")) {
                String name = target.requireAttribute("name");
                if (!startNames.contains(name)) throw target.error("route to <child name=\"" + name
                        + "\">, but no <start> has that name");
                if (self.filter(name::equals).isPresent()) throw target.error("start '" + name
                        + "' routes a service to itself");
            }
        }
    }
}
