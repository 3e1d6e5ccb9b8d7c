package ecusim.scenario;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import ecusim.config.XmlReader;
import ecusim.init.InitConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates a scenario file. Everything that can be checked without the simulator is checked here,
 * including each ECU's init configuration, so a broken scenario fails at load time with {@code file:line}
 * rather than midway through a run. Binary names are left to the runner, which knows the image index.
 */
public final class ScenarioReader {
    /** A scenario's name: it becomes a folder name, so nothing that could leave the output folder. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** ECUs one scenario may have: each costs an emulator engine (tens of MiB of host memory) besides its RAM. */
    public static final int MAX_ECUS = 64;

    private ScenarioReader() {}

    /** Reads a scenario file; {@code costs} paths are resolved against its directory. */
    public static Scenario read(Path file) throws ConfigException {
        return read(XmlReader.parse(file), Optional.of(file));
    }

    /**
     * Reads scenario text; {@code source} names it in errors, and if it is a path, {@code costs} paths are
     * resolved against its directory.
     */
    public static Scenario read(String source, String text) throws ConfigException {
        return read(XmlReader.parse(source, text), asPath(source));
    }

    private static Optional<Path> asPath(String source) {
        try {
            return Optional.of(Path.of(source));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Scenario read(XmlNode root, Optional<Path> file) throws ConfigException {
        if (!root.name().equals("scenario")) throw root.error("expected <scenario>, found " + root.tag());
        root.onlyAttributes("name", "seed");
        root.onlyChildren("ecu", "run", "expect", "link", "at");
        String name = root.requireAttribute("name");
        if (!NAME.matcher(name).matches()) {
            throw root.error("<scenario> name \"" + name + "\" must be a plain file name: letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit, at most 100 characters (it names the output folder)");
        }
        long seed = root.uintAttribute("seed", 0);

        List<EcuSpec> ecus = new ArrayList<>();
        Map<String, InitConfig> inits = new LinkedHashMap<>();
        List<ScenarioEvent> policies = new ArrayList<>();
        Map<String, java.util.Set<String>> components = new LinkedHashMap<>(); // for expectations: init's children and Rtcr's
        for (XmlNode node : root.children("ecu")) {
            EcuSpec ecu = EcuReader.read(node, file);
            Optional<EcuSpec> earlier = ecus.stream().filter(e -> e.name().equals(ecu.name())).findFirst();
            if (earlier.isPresent()) throw node.error("duplicate ecu name '" + ecu.name() + "' (first used at line "
                    + earlier.get().line() + ")");
            ecus.add(ecu);
            InitConfig init = InitConfig.parse(ecu.initConfig());
            inits.put(ecu.name(), init);
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            components.put(ecu.name(), names);
            for (var start : init.starts()) {
                names.add(start.name());
                if (start.binary().equals(ecusim.rtcr.Rtcr.BINARY)) { // Rtcr's own config names its children: checked now, with its line
                    var config = start.config().orElseThrow(() -> new ConfigException(root.source(), start.line(), "start \"" + start.name()
                            + "\": Rtcr needs a <config> naming its children"));
                    var rtcr = ecusim.rtcr.RtcrConfig.parse(config);
                    for (var child : rtcr.children()) names.add(start.name() + " -> " + child.name());
                    long interval = rtcr.intervalUs();
                    if (interval > 0) {
                        policies.add(new ScenarioEvent(interval, interval, ScenarioEvent.Kind.POLICY, ecu.name(), start.name(), Optional.empty(), start.line()));
                    }
                }
            }
        }
        if (ecus.isEmpty()) throw root.error("<scenario> has no <ecu>");
        if (ecus.size() > MAX_ECUS) throw root.error("<scenario> has " + ecus.size() + " ECUs; at most " + MAX_ECUS + " run in one process");

        XmlNode run = root.uniqueChild("run")
                .orElseThrow(() -> root.error("<scenario> lacks <run until_ms=\"…\"/>"));
        run.onlyAttributes("until_ms", "until_us");
        run.onlyChildren();
        long untilUs = TimeAttributes.micros(run, "until")
                .orElseThrow(() -> run.error("<run> needs 'until_ms' or 'until_us'"));
        if (untilUs == 0) throw run.error("<run> must run for more than 0 us");

        List<Expectation> expectations = new ArrayList<>();
        for (XmlNode expect : root.children("expect")) expectations.add(ExpectationReader.read(expect, components));
        List<Link> links = new ArrayList<>();
        for (XmlNode node : root.children("link")) links.add(link(node, ecus, links));
        List<ScenarioEvent> events = new ArrayList<>();
        for (XmlNode node : root.children("at")) events.add(event(node, ecus, inits, links, untilUs));
        events.addAll(policies);
        return new Scenario(root.source(), name, seed, ecus, untilUs, expectations, links, events);
    }

    private static Link link(XmlNode node, List<EcuSpec> ecus, List<Link> earlier) throws ConfigException {
        node.onlyAttributes("between", "bandwidth_kbps", "latency_us");
        node.onlyChildren();
        String[] ends = node.requireAttribute("between").trim().split("\\s+");
        if (ends.length != 2 || ends[0].equals(ends[1])) throw node.error("<link> between=\"" + node.requireAttribute("between") + "\": name two different ECUs");
        for (String e : ends) ecu(node, ecus, e);
        long kbps = node.uintAttribute("bandwidth_kbps");
        if (kbps == 0 || kbps > 100_000_000) throw node.error("<link> bandwidth_kbps " + kbps + ": from 1 to 100000000");
        long latency = node.uintAttribute("latency_us", 0);
        if (latency > TimeAttributes.MAX_MICROS) throw node.error("<link> latency_us " + latency + " is too large");
        for (Link l : earlier) if (l.joins(ends[0], ends[1])) throw node.error("a second <link> between " + ends[0] + " and " + ends[1] + " (first at line " + l.line() + ")");
        return new Link(ends[0], ends[1], kbps * 1000, latency, node.line());
    }

    private static EcuSpec ecu(XmlNode node, List<EcuSpec> ecus, String name) throws ConfigException {
        return ecus.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> node.error(node.tag() + " names ECU \"" + name + "\", which the scenario does not have"));
    }

    private static ScenarioEvent event(XmlNode node, List<EcuSpec> ecus, Map<String, InitConfig> inits, List<Link> links, long untilUs)
            throws ConfigException {
        node.onlyAttributes("ms", "us", "every_ms", "ecu", "checkpoint", "restore", "fail", "migrate", "from", "to", "send_to");
        node.onlyChildren();
        long at = TimeAttributes.micros(node, "ms", "us").orElseThrow(() -> node.error("<at> needs 'ms' or 'us'"));
        long every = node.uintAttribute("every_ms", 0) * 1000;
        if (every > TimeAttributes.MAX_MICROS) throw node.error("<at> every_ms is too large");
        List<String> kinds = java.util.stream.Stream.of("checkpoint", "restore", "fail", "migrate").filter(k -> node.attribute(k).isPresent()).toList();
        if (kinds.size() != 1) throw node.error("<at> needs exactly one of checkpoint=, restore=, fail=, migrate= (it has " + kinds + ")");
        String kind = kinds.getFirst();
        switch (kind) {
            case "fail" -> {
                String ecu = ecu(node, ecus, node.requireAttribute("fail")).name();
                only(node, "ms", "us", "fail");
                return new ScenarioEvent(at, 0, ScenarioEvent.Kind.FAIL, ecu, "", Optional.empty(), node.line());
            }
            case "migrate" -> {
                only(node, "ms", "us", "every_ms", "migrate", "from", "to");
                String rtcr = node.requireAttribute("migrate");
                String from = ecu(node, ecus, node.requireAttribute("from")).name(), to = ecu(node, ecus, node.requireAttribute("to")).name();
                rtcrOn(node, inits, from, rtcr);
                rtcrOn(node, inits, to, rtcr);
                if (links.stream().noneMatch(l -> l.joins(from, to))) throw node.error("<at> migrates from " + from + " to " + to + ", which no <link> joins");
                return new ScenarioEvent(at, every, ScenarioEvent.Kind.MIGRATE, from, rtcr, Optional.of(to), node.line());
            }
            default -> {
                String ecu = ecu(node, ecus, node.requireAttribute("ecu")).name();
                String rtcr = node.requireAttribute(kind);
                rtcrOn(node, inits, ecu, rtcr);
                Optional<String> to = Optional.empty();
                if (kind.equals("checkpoint") && node.attribute("send_to").isPresent()) {
                    String target = ecu(node, ecus, node.requireAttribute("send_to")).name();
                    rtcrOn(node, inits, target, rtcr);
                    if (links.stream().noneMatch(l -> l.joins(ecu, target))) throw node.error("<at> sends to " + target + ", which no <link> joins to " + ecu);
                    to = Optional.of(target);
                } else if (node.attribute("send_to").isPresent()) {
                    throw node.error("<at> send_to goes with checkpoint= only");
                }
                if (node.attribute("from").isPresent() || node.attribute("to").isPresent()) throw node.error("<at> from= and to= go with migrate= only");
                return new ScenarioEvent(at, every, kind.equals("checkpoint") ? ScenarioEvent.Kind.CHECKPOINT : ScenarioEvent.Kind.RESTORE,
                        ecu, rtcr, to, node.line());
            }
        }
    }

    private static void only(XmlNode node, String... allowed) throws ConfigException {
        node.onlyAttributes(allowed);
    }

    /** {@code name} must be an Rtcr in {@code ecu}'s init configuration. */
    private static void rtcrOn(XmlNode node, Map<String, InitConfig> inits, String ecu, String name) throws ConfigException {
        var start = inits.get(ecu).start(name);
        if (start.isEmpty() || !start.get().binary().equals(ecusim.rtcr.Rtcr.BINARY)) {
            throw node.error("<at> names \"" + name + "\" on ECU " + ecu + ", which starts no Rtcr of that name (<start name=\"" + name
                    + "\"> <binary name=\"rtcr\"/>)");
        }
    }
}
