package ecusim.emulator.cost;

import ecusim.emulator.decode.InstructionClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import ecusim.emulator.io.InputFileException;
import ecusim.emulator.io.InputFiles;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cycle costs per instruction class and per kernel operation, with the source of each figure, read from
 * a cost file (see {@code /ecusim/cost/cortex-a9.costs} for the format and the default figures).
 * Immutable.
 */
public final class CostModel {
    public static final String DEFAULT_RESOURCE = "/ecusim/cost/cortex-a9.costs";

    private final String name;
    private final int[] instructionCycles = new int[InstructionClass.values().length];
    private final int loadMultiplePerRegister, storeMultiplePerRegister;
    private final long[] kernelCycles = new long[KernelOperation.values().length];
    private final Map<String, String> sources;

    private CostModel(String name, Map<String, Long> values, Map<String, String> sources) {
        this.name = name;
        this.sources = Map.copyOf(sources);
        for (InstructionClass kind : InstructionClass.values()) {
            instructionCycles[kind.ordinal()] = values.get(key(kind)).intValue();
        }
        this.loadMultiplePerRegister = values.get("insn.load_multiple.per_register").intValue();
        this.storeMultiplePerRegister = values.get("insn.store_multiple.per_register").intValue();
        for (KernelOperation op : KernelOperation.values()) kernelCycles[op.ordinal()] = values.get(op.key());
    }

    /** The Cortex-A9 figures shipped with ecusim. */
    public static CostModel cortexA9() {
        try (InputStream in = CostModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " missing");
            return parse("cortex-a9.costs", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | CostModelException e) {
            throw new IllegalStateException("the shipped cost model is broken: " + e.getMessage(), e);
        }
    }

    /** The largest cost file accepted (the shipped one is about 4 KiB). */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /** Reads a user's cost file. */
    public static CostModel load(Path file) throws InputFileException, CostModelException {
        return parse(file.toString(), InputFiles.readUtf8(file, MAX_FILE_BYTES, "cost table"));
    }

    /** Parses cost-file text; {@code name} is used in error messages ({@code name:line: problem}). */
    public static CostModel parse(String name, String text) throws CostModelException {
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+", 3);
            String where = name + ":" + (i + 1) + ": ";
            if (parts.length < 3) throw new CostModelException(where + "expected '<name> <cycles> <source>', got '" + line + "'");
            if (!expectedKeys().containsKey(parts[0])) throw new CostModelException(where + "unknown cost '" + parts[0] + "'");
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
        for (String key : expectedKeys().keySet()) {
            if (!values.containsKey(key)) throw new CostModelException(name + ": missing cost '" + key + "'");
        }
        return new CostModel(name, values, sources);
    }

    private static Map<String, Boolean> expectedKeys() {
        Map<String, Boolean> keys = new LinkedHashMap<>();
        for (InstructionClass kind : InstructionClass.values()) keys.put(key(kind), true);
        keys.put("insn.load_multiple.per_register", true);
        keys.put("insn.store_multiple.per_register", true);
        for (KernelOperation op : KernelOperation.values()) keys.put(op.key(), true);
        return keys;
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

    /** Cycles for a kernel operation. */
    public long cycles(KernelOperation operation) {
        return kernelCycles[operation.ordinal()];
    }

    /** Cycles to copy {@code bytes} bytes (rounded up to whole KiB). */
    public long copyCycles(long bytes) {
        return (bytes + 1023) / 1024 * kernelCycles[KernelOperation.PAGE_COPY_PER_KIB.ordinal()];
    }

    /** The source text given for a figure, e.g. for {@code insn.load}. */
    public String source(String key) {
        String source = sources.get(key);
        if (source == null) throw new IllegalArgumentException("no cost named '" + key + "'");
        return source;
    }

    public String name() {
        return name;
    }
}
