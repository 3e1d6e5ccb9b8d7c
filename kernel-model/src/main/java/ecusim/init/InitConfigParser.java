package ecusim.init;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import ecusim.kernel.Replication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns a {@code <config>} node into an {@link InitConfig}, rejecting anything init would not understand. */
final class InitConfigParser {
    private InitConfigParser() {}

    static InitConfig parse(XmlNode config) throws ConfigException {
        if (!config.name().equals("config")) throw config.error("expected <config>, found " + config.tag());
        config.onlyAttributes();
        config.onlyChildren("parent-provides", "default-route", "start");

        List<String> parentProvides = new ArrayList<>();
        Optional<XmlNode> provided = config.uniqueChild("parent-provides");
        if (provided.isPresent()) parentProvides = serviceNames(provided.get());

        Map<String, XmlNode> startNodes = new LinkedHashMap<>();
        List<StartSpec> starts = new ArrayList<>();
        for (XmlNode node : config.children("start")) {
            StartSpec start = start(node);
            XmlNode earlier = startNodes.putIfAbsent(start.name(), node);
            if (earlier != null) throw node.error("duplicate start name '" + start.name() + "' (first used at line "
                    + earlier.line() + ")");
            starts.add(start);
        }
        Set<String> names = startNodes.keySet();
        for (XmlNode node : startNodes.values()) {
            Optional<XmlNode> route = node.uniqueChild("route");
            if (route.isPresent()) RouteParser.checkChildTargets(route.get(), names, node.attribute("name"));
        }

        List<Route> defaultRoute = List.of();
        Optional<XmlNode> defaults = config.uniqueChild("default-route");
        if (defaults.isPresent()) {
            defaultRoute = RouteParser.parse(defaults.get());
            RouteParser.checkChildTargets(defaults.get(), names, Optional.empty());
        }
        return new InitConfig(parentProvides, defaultRoute, starts);
    }

    private static StartSpec start(XmlNode node) throws ConfigException {
        node.onlyAttributes("name", "priority");
        node.onlyChildren("binary", "resource", "provides", "route", "config", "replication");
        String name = nonEmptyName(node);
        long priority = node.uintAttribute("priority", StartSpec.DEFAULT_PRIORITY);
        if (priority > StartSpec.MAX_PRIORITY) throw node.error("start '" + name + "': priority " + priority
                + " is out of range 0.." + StartSpec.MAX_PRIORITY);

        String binary = name;
        Optional<XmlNode> binaryNode = node.uniqueChild("binary");
        if (binaryNode.isPresent()) {
            binaryNode.get().onlyAttributes("name");
            binaryNode.get().onlyChildren();
            binary = nonEmptyName(binaryNode.get());
        }

        List<String> provides = List.of();
        Optional<XmlNode> providesNode = node.uniqueChild("provides");
        if (providesNode.isPresent()) provides = serviceNames(providesNode.get());

        List<Route> routes = List.of();
        Optional<XmlNode> route = node.uniqueChild("route");
        if (route.isPresent()) routes = RouteParser.parse(route.get());

        Optional<Replication> replication = Optional.empty();
        Optional<XmlNode> replicationNode = node.uniqueChild("replication");
        if (replicationNode.isPresent()) replication = Optional.of(replication(replicationNode.get()));

        return new StartSpec(name, binary, ramQuantum(node, name), (int) priority, provides, routes,
                node.uniqueChild("config"), node.line(), replication);
    }

    /** {@code <replication mode="dwc|tmr" pe_budget="1048576" retries="3" cache_flush="no"/>}: all but mode optional. */
    private static Replication replication(XmlNode node) throws ConfigException {
        node.onlyAttributes("mode", "pe_budget", "retries", "cache_flush");
        node.onlyChildren();
        String mode = node.requireAttribute("mode");
        Replication.Mode m = switch (mode) {
            case "dwc" -> Replication.Mode.DWC;
            case "tmr" -> Replication.Mode.TMR;
            default -> throw node.error("replication mode '" + mode + "': expected \"dwc\" or \"tmr\"");
        };
        long budget = node.uintAttribute("pe_budget", Replication.DEFAULT_PE_BUDGET);
        if (budget < 1 || budget > 1L << 40) throw node.error("pe_budget " + budget + " is out of range 1.." + (1L << 40) + " instructions");
        long retries = node.uintAttribute("retries", Replication.DEFAULT_RETRIES);
        if (retries > 1000) throw node.error("retries " + retries + " is out of range 0..1000");
        String flush = node.attribute("cache_flush").orElse("no");
        if (!flush.equals("yes") && !flush.equals("no")) throw node.error("cache_flush '" + flush + "': expected \"yes\" or \"no\"");
        return new Replication(m, budget, (int) retries, flush.equals("yes"));
    }

    /** The single {@code <resource name="RAM" quantum=…/>}; init cannot start a child without RAM. */
    private static long ramQuantum(XmlNode start, String name) throws ConfigException {
        XmlNode ram = null;
        for (XmlNode resource : start.children("resource")) {
            resource.onlyAttributes("name", "quantum");
            resource.onlyChildren();
            String kind = resource.requireAttribute("name");
            if (!kind.equals("RAM")) throw resource.error("unknown resource '" + kind + "' (known: RAM)");
            if (ram != null) throw resource.error("start '" + name + "' has a second RAM resource");
            ram = resource;
        }
        if (ram == null) throw start.error("start '" + name + "' lacks <resource name=\"RAM\" quantum=\"…\"/>");
        return ram.sizeAttribute("quantum");
    }

    /** The names of the {@code <service name=…/>} children of a {@code <parent-provides>} or {@code <provides>}. */
    private static List<String> serviceNames(XmlNode list) throws ConfigException {
        list.onlyAttributes();
        list.onlyChildren("service");
        Set<String> names = new LinkedHashSet<>();
        for (XmlNode service : list.children()) {
            service.onlyAttributes("name");
            service.onlyChildren();
            String name = nonEmptyName(service);
            if (!names.add(name)) throw service.error("service '" + name + "' is listed twice in " + list.tag());
        }
        return List.copyOf(names);
    }

    static String nonEmptyName(XmlNode node) throws ConfigException {
        String name = node.requireAttribute("name");
        if (name.isBlank()) throw node.error(node.tag() + " has an empty name");
        return name;
    }
}
