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
        root.onlyChildren("ecu", "run", "expect");
        String name = root.requireAttribute("name");
        if (!NAME.matcher(name).matches()) {
            throw root.error("<scenario> name \"" + name + "\" must be a plain file name: letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit, at most 100 characters (it names the output folder)");
        }
        long seed = root.uintAttribute("seed", 0);

        List<EcuSpec> ecus = new ArrayList<>();
        Map<String, InitConfig> inits = new LinkedHashMap<>();
        for (XmlNode node : root.children("ecu")) {
            EcuSpec ecu = EcuReader.read(node, file);
            Optional<EcuSpec> earlier = ecus.stream().filter(e -> e.name().equals(ecu.name())).findFirst();
            if (earlier.isPresent()) throw node.error("duplicate ecu name '" + ecu.name() + "' (first used at line "
                    + earlier.get().line() + ")");
            ecus.add(ecu);
            inits.put(ecu.name(), InitConfig.parse(ecu.initConfig()));
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
        for (XmlNode expect : root.children("expect")) expectations.add(ExpectationReader.read(expect, inits));
        return new Scenario(root.source(), name, seed, ecus, untilUs, expectations);
    }
}
