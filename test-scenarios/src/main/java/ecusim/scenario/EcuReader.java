package ecusim.scenario;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads one {@code <ecu>} element (its init configuration is checked by the caller). */
final class EcuReader {
    private EcuReader() {}

    /** The ECU; {@code scenarioFile} is the path costs files are resolved against, if the source is one. */
    static EcuSpec read(XmlNode ecu, Optional<Path> scenarioFile) throws ConfigException {
        ecu.onlyAttributes("name", "cpu", "clock_mhz", "ram", "quantum_us", "costs", "cache_model");
        ecu.onlyChildren("config", "rom");
        String name = ecu.requireAttribute("name");
        if (name.isBlank()) throw ecu.error("<ecu> has an empty name");
        String cpu = ecu.attribute("cpu").orElse(EcuSpec.DEFAULT_CPU);
        if (!EcuSpec.CPUS.contains(cpu)) throw ecu.error("ecu '" + name + "': unknown cpu '" + cpu
                + "' (known: cortex-a15, cortex-a9)");
        long clockMhz = inRange(ecu, "clock_mhz", ecu.uintAttribute("clock_mhz", EcuSpec.DEFAULT_CLOCK_MHZ), 1, EcuSpec.MAX_CLOCK_MHZ, "");
        long ram = ecu.sizeAttribute("ram", EcuSpec.DEFAULT_RAM_BYTES);
        if (ram < EcuSpec.MIN_RAM_BYTES || ram > EcuSpec.MAX_RAM_BYTES || ram % 4096 != 0) {
            throw ecu.error("ecu '" + name + "': ram=\"" + ecu.attribute("ram").orElse("") + "\" must be from 4M to 1G and a multiple of 4K");
        }
        long quantum = inRange(ecu, "quantum_us", ecu.uintAttribute("quantum_us", EcuSpec.DEFAULT_QUANTUM_US), 1, EcuSpec.MAX_QUANTUM_US, " us");
        Optional<Path> costs = Optional.empty();
        if (ecu.attribute("costs").isPresent()) costs = Optional.of(resolve(ecu, ecu.attribute("costs").get(), scenarioFile));
        XmlNode config = ecu.uniqueChild("config")
                .orElseThrow(() -> ecu.error("ecu '" + name + "' lacks the <config> for init"));
        List<EcuSpec.RomFile> roms = new ArrayList<>();
        for (XmlNode rom : ecu.children("rom")) {
            rom.onlyAttributes("name", "file");
            String romName = rom.requireAttribute("name");
            if (roms.stream().anyMatch(r -> r.name().equals(romName))) throw rom.error("ecu '" + name + "': ROM module '" + romName + "' given twice");
            roms.add(new EcuSpec.RomFile(romName, resolve(rom, rom.requireAttribute("file"), scenarioFile), rom.line()));
        }
        String cacheModel = ecu.attribute("cache_model").orElse("off");
        if (!cacheModel.equals("off") && !cacheModel.equals("on")) {
            throw ecu.error("ecu '" + name + "': cache_model=\"" + cacheModel + "\": expected \"on\" (L1 I/D and L2 of a Cortex-A9) or \"off\"");
        }
        return new EcuSpec(name, cpu, clockMhz * 1_000_000, ram, quantum, costs, config, ecu.line(), roms, cacheModel.equals("on"));
    }

    private static long inRange(XmlNode node, String attribute, long value, long min, long max, String unit) throws ConfigException {
        if (value < min || value > max) {
            throw node.error(node.tag() + " attribute '" + attribute + "' is " + value + unit + "; it must be from " + min + " to " + max + unit);
        }
        return value;
    }

    /** A file named in the scenario, relative to the scenario file. */
    private static Path resolve(XmlNode node, String file, Optional<Path> scenarioFile) throws ConfigException {
        try {
            Path path = Path.of(file);
            return scenarioFile.map(f -> f.resolveSibling(path)).orElse(path).normalize();
        } catch (InvalidPathException e) {
            throw node.error(node.tag() + ": '" + file + "' is not a path");
        }
    }
}
