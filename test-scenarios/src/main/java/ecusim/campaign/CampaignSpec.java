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
 * {@code pruning} is {@code def-use} (the default for memory and register flips: see {@link DefUse},
 * {@link RegisterDefUse}) or {@code none}.
 * {@code experiments="all"} (stored as 0) enumerates every def/use class of a memory-flip space once instead
 * of sampling, each weighted by its size.
 * {@code fault} is {@code flip} (default) or {@code stuck-at} (the bit held at 0 or 1, drawn, for
 * {@code duration} instructions of the target: a number, or {@code permanent}, the default).
 */
public record CampaignSpec(String file, String name, Path scenario, String component, int experiments, OptionalLong seed, int snapshots,
                           FaultSpace.Kind space, boolean defUsePruning, FaultSpace.Model model) {
    /** Whether every def/use class is run once ({@code experiments="all"}) instead of a sample. */
    public boolean enumerate() {
        return experiments == 0;
    }

    public static CampaignSpec read(Path file) throws ConfigException {
        XmlNode root = XmlReader.parse(file);
        if (!root.name().equals("campaign")) throw root.error("expected <campaign>, found <" + root.name() + ">");
        root.onlyAttributes("name", "scenario", "component", "experiments", "seed", "snapshots", "space", "pruning", "fault", "duration");
        root.onlyChildren();
        String name = root.requireAttribute("name");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) throw root.error("name \"" + name + "\": letters, digits, '_', '.', '-' (at most 64)");
        Path folder = file.toAbsolutePath().normalize().getParent();
        Path scenario = folder.resolve(root.requireAttribute("scenario")).normalize();
        boolean all = root.attribute("experiments").map("all"::equals).orElse(false);
        long experiments = all ? 0 : root.uintAttribute("experiments");
        if (!all && (experiments < 1 || experiments > 10_000_000)) throw root.error("experiments=" + experiments + ": 1 to 10,000,000, or all");
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
        String fault = root.attribute("fault").orElse("flip");
        FaultSpace.Model model = switch (fault) {
            case "flip" -> {
                if (root.attribute("duration").isPresent()) throw root.error("duration: for fault=\"stuck-at\" only (a flip has none)");
                yield FaultSpace.Model.FLIP;
            }
            case "stuck-at" -> {
                String d = root.attribute("duration").orElse("permanent");
                long duration = d.equals("permanent") ? ecusim.emulator.fault.Fault.PERMANENT : root.uintAttribute("duration");
                if (duration < 1) throw root.error("duration=\"" + d + "\": at least 1 instruction, or permanent");
                yield new FaultSpace.Model(true, duration);
            }
            default -> throw root.error("fault=\"" + fault + "\": flip or stuck-at");
        };
        String pruning = root.attribute("pruning").orElse(kind != FaultSpace.Kind.VFP && !model.stuckAt() ? "def-use" : "none");
        boolean defUse = switch (pruning) {
            case "def-use" -> {
                if (kind == FaultSpace.Kind.VFP) throw root.error("pruning=\"def-use\": covers memory and register faults, not VFP ones");
                if (model.stuckAt()) throw root.error("pruning=\"def-use\": covers flips only (a stuck bit is seen at every read)");
                yield true;
            }
            case "none" -> false;
            default -> throw root.error("pruning=\"" + pruning + "\": def-use or none");
        };
        if (all && (!defUse || kind != FaultSpace.Kind.MEMORY)) throw root.error("experiments=\"all\" enumerates def/use classes: memory flips (space=\"memory\") with pruning=\"def-use\"");
        return new CampaignSpec(file.toString(), name, scenario, root.requireAttribute("component"), (int) experiments, seed, (int) snapshots, kind, defUse, model);
    }
}
