package ecusim.emulator.cost;

import ecusim.emulator.decode.InstructionClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import ecusim.emulator.io.InputFileException;
import ecusim.emulator.io.InputFiles;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cycle costs per instruction class and per named operation ({@link CostKey}), with the source of each
 * figure, read from a cost file (see {@code /ecusim/cost/cortex-a9.costs} for the format and the default
 * figures). Instruction classes must all be given; a named operation a file does not give costs its key's
 * default, so files written for an older format keep working. A file names its format with a line
 * {@code format N} (1 when there is none). Immutable.
 */
public final class CostModel {
    public static final String DEFAULT_RESOURCE = "/ecusim/cost/cortex-a9.costs";
    /** The newest cost-file format this version of ecusim reads. */
    public static final int FORMAT = 2;
    /** The largest cost file accepted (the shipped one is about 4 KiB). */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private final String name;
    private final int format;
    private final int[] instructionCycles = new int[InstructionClass.values().length];
    private final int loadMultiplePerRegister, storeMultiplePerRegister;
    private final Map<String, Long> named;
    private final Map<String, String> sources;

    private CostModel(String name, int format, Map<String, Long> values, Map<String, String> sources) {
        this.name = name;
        this.format = format;
        this.sources = Map.copyOf(sources);
        for (InstructionClass kind : InstructionClass.values()) {
            instructionCycles[kind.ordinal()] = values.get(key(kind)).intValue();
        }
        this.loadMultiplePerRegister = values.get("insn.load_multiple.per_register").intValue();
        this.storeMultiplePerRegister = values.get("insn.store_multiple.per_register").intValue();
        Map<String, Long> rest = new LinkedHashMap<>(values);
        rest.keySet().removeIf(k -> k.startsWith("insn."));
        this.named = Map.copyOf(rest);
    }

    /** The Cortex-A9 figures shipped with ecusim. */
    public static CostModel cortexA9() {
        try (InputStream in = CostModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " missing");
            return parse("cortex-a9.costs", new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
        } catch (IOException | CostModelException e) {
            throw new IllegalStateException("the shipped cost model is broken: " + e.getMessage(), e);
        }
    }

    /** Reads a user's cost file; a named cost it gives must be one of {@code known}. */
    public static CostModel load(Path file, Collection<CostKey> known) throws InputFileException, CostModelException {
        return parse(file.toString(), InputFiles.readUtf8(file, MAX_FILE_BYTES, "cost table"), known);
    }

    /**
     * Parses cost-file text; {@code name} is used in error messages ({@code name:line: problem}). A named cost
     * must be one of {@code known} (null: any name, for the shipped table, which the project keeps in step).
     */
    public static CostModel parse(String name, String text, Collection<CostKey> known) throws CostModelException {
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Set<String> knownNames = new HashSet<>();
        if (known != null) for (CostKey k : known) knownNames.add(k.name());
        int format = 1;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+", 3);
            String where = name + ":" + (i + 1) + ": ";
            if (parts[0].equals("format")) {
                if (!values.isEmpty() || parts.length != 2 || !parts[1].matches("[0-9]{1,3}")) {
                    throw new CostModelException(where + "'format N' must come first, before any figure");
                }
                format = Integer.parseInt(parts[1]);
                if (format < 1 || format > FORMAT) {
                    throw new CostModelException(where + "cost-file format " + format + " is not one this ecusim reads (1 to " + FORMAT + ")");
                }
                continue;
            }
            if (parts.length < 3) throw new CostModelException(where + "expected '<name> <cycles> <source>', got '" + line + "'");
            boolean instruction = INSTRUCTION_KEYS.contains(parts[0]);
            if (!instruction && known != null && !knownNames.contains(parts[0])) {
                throw new CostModelException(where + "unknown cost '" + parts[0] + "'");
            }
            if (!instruction && !parts[0].matches("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+")) {
                throw new CostModelException(where + "'" + parts[0] + "' is not a cost name");
            }
            if (values.containsKey(parts[0])) throw new CostModelException(where + "cost '" + parts[0] + "' given twice");
            long cycles;
            try {
                if (!parts[1].matches("[0-9]{1,10}")) throw new NumberFormatException(parts[1]);
                cycles = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new CostModelException(where + "cycles for '" + parts[0] + "' must be a whole number, got '" + parts[1] + "'");
            }
            if (cycles < 0 || cycles > Integer.MAX_VALUE) throw new CostModelException(where + "cycles for '" + parts[0] + "' out of range: " + cycles);
            values.put(parts[0], cycles);
            sources.put(parts[0], parts[2]);
        }
        for (String key : INSTRUCTION_KEYS) {
            if (!values.containsKey(key)) throw new CostModelException(name + ": missing cost '" + key + "'");
        }
        return new CostModel(name, format, values, sources);
    }

    /** The instruction-class figures every cost file gives. */
    private static final Set<String> INSTRUCTION_KEYS = instructionKeys();

    private static Set<String> instructionKeys() {
        Set<String> keys = new java.util.LinkedHashSet<>();
        for (InstructionClass kind : InstructionClass.values()) keys.add(key(kind));
        keys.add("insn.load_multiple.per_register");
        keys.add("insn.store_multiple.per_register");
        return Set.copyOf(keys);
    }

    private static String key(InstructionClass kind) {
        String base = "insn." + kind.name().toLowerCase(Locale.ROOT);
        return kind == InstructionClass.LOAD_MULTIPLE || kind == InstructionClass.STORE_MULTIPLE ? base + ".base" : base;
    }

    /** Cycles for one executed instruction of {@code kind} moving {@code transferCount} registers. */
    public int instructionCycles(InstructionClass kind, int transferCount) {
        int base = instructionCycles[kind.ordinal()];
        return switch (kind) {
            case LOAD_MULTIPLE -> base + loadMultiplePerRegister * transferCount;
            case STORE_MULTIPLE -> base + storeMultiplePerRegister * transferCount;
            case VFP_LOAD, VFP_STORE -> base * Math.max(1, transferCount);
            default -> base;
        };
    }

    /** Cycles for a named operation: the file's figure, else the key's default. */
    public long cycles(CostKey key) {
        Long cycles = named.get(key.name());
        return cycles != null ? cycles : key.defaultCycles();
    }

    /** The source text given for a figure, e.g. for {@code insn.load}. */
    public String source(String key) {
        String source = sources.get(key);
        if (source == null) throw new IllegalArgumentException("no cost named '" + key + "'");
        return source;
    }

    /**
     * Every figure as {@code key=cycles} lines in key order, named costs the table leaves out with their
     * defaults from {@code keys}: two tables that agree here charge the same (a snapshot's configuration digest).
     */
    public String figures(java.util.Collection<CostKey> keys) {
        java.util.TreeMap<String, Long> all = new java.util.TreeMap<>(named);
        for (InstructionClass kind : InstructionClass.values()) all.put(key(kind), (long) instructionCycles[kind.ordinal()]);
        all.put("insn.load_multiple.per_register", (long) loadMultiplePerRegister);
        all.put("insn.store_multiple.per_register", (long) storeMultiplePerRegister);
        for (CostKey key : keys) all.putIfAbsent(key.name(), key.defaultCycles());
        StringBuilder out = new StringBuilder();
        all.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }

    /** The cost-file format the figures were written for. */
    public int format() {
        return format;
    }

    public String name() {
        return name;
    }
}
