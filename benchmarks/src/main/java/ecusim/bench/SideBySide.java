package ecusim.bench;

import ecusim.emulator.bare.BareMachine;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.TranslationTable;
import ecusim.platform.Ecu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The speed ratios measured side by side, repetition by repetition, so that a host whose speed drifts
 * (a shared VM) moves every figure of a repetition alike: in each repetition the real-code workload runs raw,
 * bare and as a component (in an order that rotates), then an IPC round trip between two components is timed
 * next to its floor (the same number of exits and address-space switches with no kernel work, as in
 * {@link ReentryFloorBenchmark}). Ratios are taken within a repetition; the summary gives their median and
 * the best figure of each. JMH ({@link RealCodeSpeedBenchmark}) measures the same code one configuration
 * after another, which on a noisy host spreads the ratios.
 *
 * <p>Usage: {@code benchmarks/run-side-by-side.sh [repetitions [rounds [round-trips]]]} (8, 15000 rounds of
 * ecuload, about 500 M instructions; 200000 round trips). Writes {@code benchmarks/target/side-by-side.csv}
 * (every measurement) and {@code side-by-side.json} (the summary).
 */
public final class SideBySide {
    private static final String[] MODES = {"raw", "bare", "component"};

    private SideBySide() {
    }

    public static void main(String[] args) throws IOException {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15_000;
        int roundTrips = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        Map<String, List<Double>> series = new LinkedHashMap<>();
        long instructions;
        try (BareMachine counted = RealCodeSpeedBenchmark.bareMachine(rounds, true)) {
            counted.run(Long.MAX_VALUE / 2, bytes -> { });
            instructions = counted.cpu().instructions(); // the raw engine counts nothing: its runs are of this many
        }
        StringBuilder csv = new StringBuilder("repetition,measure,value\n");
        System.out.printf("[side-by-side] %d repetitions (the first is warm-up and not counted): ecuload %d rounds raw/bare/component, %d IPC round trips and their floor%n",
                repetitions + 1, rounds, roundTrips);
        for (int rep = 0; rep <= repetitions; rep++) {
            Map<String, Double> mips = new LinkedHashMap<>();
            for (int i = 0; i < MODES.length; i++) {
                String mode = MODES[(rep + i) % MODES.length];
                mips.put(mode, mode.equals("component") ? componentMips(rounds) : bareMips(rounds, mode.equals("bare"), instructions));
            }
            double ipc = ipcRoundTripMicros(roundTrips), floor = floorMicros(roundTrips);
            Map<String, Double> row = new LinkedHashMap<>();
            for (String mode : MODES) row.put(mode + "_mips", mips.get(mode));
            row.put("bare_to_raw", mips.get("bare") / mips.get("raw"));
            row.put("component_to_raw", mips.get("component") / mips.get("raw"));
            row.put("component_to_bare", mips.get("component") / mips.get("bare"));
            row.put("ipc_round_trip_us", ipc);
            row.put("ipc_floor_us", floor);
            row.put("ipc_to_floor", ipc / floor);
            System.out.printf(Locale.ROOT, "[side-by-side] %s %d: raw %.0f, bare %.0f (%.2f), component %.0f (%.2f; %.2f of bare) MIPS; IPC %.2f us, floor %.2f us%n",
                    rep == 0 ? "warm-up" : "repetition", rep, mips.get("raw"), mips.get("bare"), row.get("bare_to_raw"), mips.get("component"),
                    row.get("component_to_raw"), row.get("component_to_bare"), ipc, floor);
            if (rep == 0) continue;
            for (var e : row.entrySet()) {
                series.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                csv.append(rep).append(',').append(e.getKey()).append(',').append(String.format(Locale.ROOT, "%.4f", e.getValue())).append('\n');
            }
        }
        StringBuilder json = new StringBuilder("{\n  \"rounds\": " + rounds + ",\n  \"round_trips\": " + roundTrips
                + ",\n  \"repetitions\": " + repetitions + ",\n  \"median\": {");
        appendAll(json, series, false);
        json.append("},\n  \"best\": {");
        appendAll(json, series, true);
        json.append("}\n}\n");
        Path out = Path.of("benchmarks", "target");
        Files.createDirectories(out);
        writeAtomically(out.resolve("side-by-side.csv"), csv.toString());
        writeAtomically(out.resolve("side-by-side.json"), json.toString());
        System.out.printf(Locale.ROOT, "[side-by-side] median of %d: bare %.2f x raw, component %.2f x raw (%.2f of bare); IPC round trip %.2f us, floor %.2f us (best %.2f / %.2f)%n",
                repetitions, median(series.get("bare_to_raw")), median(series.get("component_to_raw")), median(series.get("component_to_bare")),
                median(series.get("ipc_round_trip_us")), median(series.get("ipc_floor_us")), best("ipc_", series.get("ipc_round_trip_us")),
                best("ipc_", series.get("ipc_floor_us")));
        System.out.println("[side-by-side] written: " + out.resolve("side-by-side.csv") + ", " + out.resolve("side-by-side.json"));
    }

    /** MIPS of one run of ecuload by {@code ecusim bare}'s accounting, or by the same engine with no block hook. */
    private static double bareMips(int rounds, boolean accounted, long instructions) {
        try (BareMachine machine = RealCodeSpeedBenchmark.bareMachine(rounds, accounted)) {
            long start = System.nanoTime();
            RealCodeSpeedBenchmark.runToExit(machine);
            long nanos = System.nanoTime() - start;
            if (accounted && machine.cpu().instructions() != instructions) throw new IllegalStateException("not the same run");
            return instructions * 1e3 / nanos;
        }
    }

    private static double componentMips(int rounds) {
        try (Ecu ecu = RealCodeSpeedBenchmark.bootEcu(rounds)) {
            long before = ecu.kernel().cpu().instructions();
            long start = System.nanoTime();
            while (ecu.runUntil(ecu.now() + 1_000_000)) { }
            long nanos = System.nanoTime() - start;
            return (ecu.kernel().cpu().instructions() - before) * 1e3 / nanos;
        }
    }

    /** Host µs per IPC round trip: pingpong with N rounds less pingpong with none, from boot to the end. */
    private static double ipcRoundTripMicros(int roundTrips) {
        return (pingpongNanos(roundTrips) - pingpongNanos(0)) / 1e3 / roundTrips;
    }

    private static long pingpongNanos(int roundTrips) {
        try (Ecu ecu = PlatformWorkloads.pingpongEcu(roundTrips)) {
            long start = System.nanoTime();
            PlatformWorkloads.runToEnd(ecu);
            return System.nanoTime() - start;
        }
    }

    /** Host µs for a round trip's two exits and two switches with nothing else (ReentryFloorBenchmark.twoSpaces). */
    private static double floorMicros(int roundTrips) {
        try (BenchMachine machine = new BenchMachine(new int[] {0xef000000, 0xeafffffd}, true, 8L << 20)) {
            TranslationTable[] spaces = {machine.addressSpace(1, PagePermissions.READ_WRITE), machine.addressSpace(1, PagePermissions.READ_WRITE)};
            RegisterFile[] saved = {RegisterFile.userEntry(BenchMachine.CODE, 0), RegisterFile.userEntry(BenchMachine.CODE, 0)};
            machine.cpu.switchAddressSpace(spaces[0].l1Base(), 1);
            machine.cpu.setRegisters(saved[0]);
            long start = System.nanoTime();
            for (int i = 0; i < 2 * roundTrips; i++) {
                int next = (i + 1) & 1;
                if (!(machine.cpu.run(Long.MAX_VALUE / 2) instanceof CpuEvent.SystemCall)) throw new IllegalStateException("no system call");
                saved[next ^ 1] = machine.cpu.registers();
                machine.cpu.switchAddressSpace(spaces[next].l1Base(), next + 1);
                machine.cpu.setRegisters(saved[next]);
            }
            return (System.nanoTime() - start) / 1e3 / roundTrips;
        }
    }

    private static void appendAll(StringBuilder json, Map<String, List<Double>> series, boolean best) {
        String separator = "\n";
        for (var e : series.entrySet()) {
            double value = best ? best(e.getKey(), e.getValue()) : median(e.getValue());
            json.append(separator).append("    \"").append(e.getKey()).append("\": ").append(String.format(Locale.ROOT, "%.4f", value));
            separator = ",\n";
        }
        json.append("\n  ");
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The best figure: the lowest time (and time ratio), the highest speed or speed ratio. */
    static double best(String measure, List<Double> values) {
        var stream = values.stream().mapToDouble(Double::doubleValue);
        return measure.startsWith("ipc_") ? stream.min().orElseThrow() : stream.max().orElseThrow();
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
