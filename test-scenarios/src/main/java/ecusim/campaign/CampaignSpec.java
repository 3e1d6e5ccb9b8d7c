package ecusim.campaign;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import ecusim.config.XmlReader;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A campaign file: {@code <campaign name="crc-regs" scenario="crc.xml" component="crc" experiments="1000"
 * seed="7" snapshots="16" space="registers"/>}. The scenario's path is relative to the campaign file; the
 * seed defaults to the scenario's; {@code space} is {@code registers} (default: r0–r14 and the PC), {@code vfp}
 * (d0–d31) or {@code memory}. A target the scenario replicates (DWC, TMR) adds the run a fault hits.
 * {@code pruning} is {@code def-use} (the default for memory: see {@link DefUse}) or {@code none}.
 */
public record CampaignSpec(String file, String name, Path scenario, String component, int experiments, OptionalLong seed, int snapshots,
                           FaultSpace.Kind space, boolean defUsePruning) {
    public static CampaignSpec read(Path file) throws ConfigException {
        XmlNode root = XmlReader.parse(file);
        if (!root.name().equals("campaign")) throw root.error("expected <campaign>, found <" + root.name() + ">");
        root.onlyAttributes("name", "scenario", "component", "experiments", "seed", "snapshots", "space", "pruning");
        root.onlyChildren();
        String name = root.requireAttribute("name");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) throw root.error("name \"" + name + "\": letters, digits, '_', '.', '-' (at most 64)");
        Path folder = file.toAbsolutePath().normalize().getParent();
        Path scenario = folder.resolve(root.requireAttribute("scenario")).normalize();
        long experiments = root.uintAttribute("experiments");
        if (experiments < 1 || experiments > 10_000_000) throw root.error("experiments=" + experiments + ": 1 to 10,000,000");
        long snapshots = root.uintAttribute("snapshots", 16);
        if (snapshots < 1 || snapshots > 1024) throw root.error("snapshots=" + snapshots + ": 1 to 1024");
        OptionalLong seed = root.attribute("seed").isPresent() ? OptionalLong.of(root.uintAttribute("seed")) : OptionalLong.empty();
        String space = root.attribute("space").orElse("registers");
        FaultSpace.Kind kind = switch (space) {
            case "registers" -> FaultSpace.Kind.REGISTERS;
            case "vfp" -> FaultSpace.Kind.VFP;
            case "memory" -> FaultSpace.Kind.MEMORY;
            default -> throw root.error("space=\"" + space + "\": registers, vfp or memory");
        };
        String pruning = root.attribute("pruning").orElse(kind == FaultSpace.Kind.MEMORY ? "def-use" : "none");
        boolean defUse = switch (pruning) {
            case "def-use" -> {
                if (kind != FaultSpace.Kind.MEMORY) throw root.error("pruning=\"def-use\": covers memory faults (space=\"memory\") only");
                yield true;
            }
            case "none" -> false;
            default -> throw root.error("pruning=\"" + pruning + "\": def-use or none");
        };
        return new CampaignSpec(file.toString(), name, scenario, root.requireAttribute("component"), (int) experiments, seed, (int) snapshots, kind, defUse);
    }
}
