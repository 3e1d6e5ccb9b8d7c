package ecusim.scenario;

import ecusim.config.ConfigException;
import ecusim.core.Component;
import ecusim.core.ComponentStats;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cost.CostModelException;
import ecusim.emulator.cpu.CpuModel;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.init.StartSpec;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.PlatformCosts;
import ecusim.emulator.io.InputFileException;
import ecusim.emulator.io.InputFiles;
import ecusim.rtcr.Rtcr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a scenario headless: builds its ECUs, boots them, runs them side by side in virtual time until the
 * scenario's limit (or until nothing can run any more), and checks its expectations ({@link ScenarioRun} is
 * one run in progress). The ECUs advance in lockstep slices of virtual time, and what they report is put in
 * one timeline, so the order of everything they report is the same in every run.
 */
public final class ScenarioRunner {
    /** How far the ECUs advance before the next one takes its turn. */
    public static final long LOCKSTEP_MICROS = 1_000;

    /** What a run produced. */
    public record Result(Scenario scenario, List<LogRecord> logs, List<String> lines, List<ComponentEnd> ends,
            List<Verdict> verdicts, Map<String, Object> metrics, long endMicros, List<Deadlock> deadlocks, String checkpointsCsv,
            Map<String, ecusim.rtcr.CheckpointImage> images) {
        public boolean passed() {
            return verdicts.stream().allMatch(Verdict::holds);
        }
    }

    private ScenarioRunner() {}

    /**
     * How a scenario may reach beyond itself. By default its ROM modules and cost tables must lie in the
     * scenario file's folder tree (symbolic links resolved), so running someone else's scenario cannot read
     * your files; {@code allowOutsideFiles} lifts that.
     */
    public record Options(boolean allowOutsideFiles) {
        public static final Options DEFAULT = new Options(false);
    }

    /** The components ecusim implements in Java, by the binary name a start gives them. */
    static final Map<String, java.util.function.Supplier<ecusim.init.JavaComponent>> JAVA_COMPONENTS = Map.of(Rtcr.BINARY, Rtcr::new);

    /** Checks what can only be checked against the platform (binaries, cost files) and builds each ECU's configuration. */
    public static List<EcuConfig> configure(Scenario scenario) throws ConfigException {
        return configure(scenario, Options.DEFAULT);
    }

    /** As {@link #configure(Scenario)}, with {@code options}. */
    public static List<EcuConfig> configure(Scenario scenario, Options options) throws ConfigException {
        checkHostMemory(scenario);
        List<EcuConfig> configs = new ArrayList<>();
        for (EcuSpec spec : scenario.ecus()) {
            InitConfig init = InitConfig.parse(spec.initConfig());
            Map<String, byte[]> roms = new LinkedHashMap<>();
            for (EcuSpec.RomFile rom : spec.roms()) {
                Path file = confined(scenario, rom.file(), rom.line(), "ROM module \"" + rom.name() + "\"", options);
                try {
                    roms.put(rom.name(), InputFiles.read(file, spec.ramBytes(), "ROM module (at most the ECU's RAM)"));
                } catch (InputFileException e) {
                    throw new ConfigException(scenario.file(), rom.line(), "ROM module \"" + rom.name() + "\": " + e.getMessage());
                }
            }
            for (StartSpec start : init.starts()) {
                List<StartSpec> binaries = List.of(start);
                if (start.binary().equals(Rtcr.BINARY)) { // a Java component; the binaries are its children's
                    binaries = ecusim.rtcr.RtcrConfig.parse(start.config().orElseThrow()).children();
                }
                for (StartSpec b : binaries) {
                    if (!roms.containsKey(b.binary()) && ComponentImages.load(b.binary()).isEmpty()) {
                        throw new ConfigException(scenario.file(), b.line(), "start \"" + b.name() + "\": unknown binary \""
                                + b.binary() + "\" (shipped: " + String.join(", ", ComponentImages.names()) + ", and " + Rtcr.BINARY + ")");
                    }
                }
            }
            CostModel costs;
            try {
                costs = spec.costs().isPresent()
                        ? CostModel.load(confined(scenario, spec.costs().get(), spec.line(), "cost table", options), PlatformCosts.keys())
                        : CostModel.cortexA9();
            } catch (CostModelException | InputFileException e) {
                throw new ConfigException(scenario.file(), spec.line(), "ecu \"" + spec.name() + "\": cost table: " + e.getMessage());
            }
            checkRomFits(scenario, spec, init, roms);
            CpuModel cpu = CpuModel.valueOf(spec.cpu().toUpperCase(Locale.ROOT).replace('-', '_'));
            configs.add(new EcuConfig(spec.name(), cpu, spec.clockHz(), spec.ramBytes(), spec.quantumUs(), costs, init,
                    name -> roms.containsKey(name) ? roms.get(name) : ComponentImages.load(name).orElse(null), JAVA_COMPONENTS).withCacheModel(spec.cacheModel()));
        }
        return configs;
    }

    /**
     * The ROM modules an ECU's core may have to hold at once — the shipped images, the scenario's own, and
     * each start's config — must fit into core's reserve, or a guest could make core run out of RAM by
     * opening ROM sessions that are not its to pay for.
     */
    private static void checkRomFits(Scenario scenario, EcuSpec spec, InitConfig init, Map<String, byte[]> roms) throws ConfigException {
        long pages = 0;
        for (String name : ComponentImages.names()) if (!roms.containsKey(name)) pages += pages(ComponentImages.load(name).orElseThrow().length);
        for (byte[] rom : roms.values()) pages += pages(rom.length);
        for (StartSpec start : init.starts()) pages += start.config().map(c -> pages(c.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)).orElse(0L);
        long reserve = ecusim.platform.Ecu.coreReserveBytes(spec.ramBytes());
        if (pages * 4096 > reserve) {
            throw new ConfigException(scenario.file(), spec.line(), "ecu \"" + spec.name() + "\": its ROM modules take " + pages * 4096
                    + " bytes, more than core's " + reserve + " (1/8 of its RAM, at least 1 MiB); give the ECU more RAM or smaller ROM files");
        }
    }

    private static long pages(long bytes) {
        return Math.max(1, (bytes + 4095) / 4096);
    }

    /** Host memory an ECU's emulator engine takes besides its RAM (translated code, caches), generously. */
    static final long ENGINE_BYTES = 32L << 20;

    /**
     * Refuses a scenario whose ECUs could take more host memory than this machine has to spare: their RAM is
     * only backed where it is used, but a guest may use all of it, and the host would kill the JVM then.
     */
    private static void checkHostMemory(Scenario scenario) throws ConfigException {
        long need = 0;
        for (EcuSpec ecu : scenario.ecus()) need += ecu.ramBytes() + ENGINE_BYTES;
        long host = hostMemoryBytes();
        if (host > 0 && need > host / 4 * 3) {
            throw new ConfigException(scenario.file(), 1, "the scenario's " + scenario.ecus().size() + " ECUs may need " + (need >> 20)
                    + " MiB of host memory (their RAM and " + (ENGINE_BYTES >> 20) + " MiB each for the emulator), more than the "
                    + (host / 4 * 3 >> 20) + " MiB this machine can spare (3/4 of " + (host >> 20) + " MiB); give them less RAM or run fewer");
        }
    }

    private static long hostMemoryBytes() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }

    /**
     * {@code file} if the scenario may read it; refused when it lies outside the scenario's folder tree (after
     * symbolic links; a file that does not exist is judged by its path, and reading it then reports it missing).
     */
    private static Path confined(Scenario scenario, Path file, int line, String what, Options options) throws ConfigException {
        if (options.allowOutsideFiles()) return file;
        Path folder, real;
        try {
            folder = scenario.folder().toRealPath();
        } catch (IOException | SecurityException e) {
            folder = scenario.folder();
        }
        try {
            real = file.toRealPath();
        } catch (IOException | SecurityException e) {
            real = file.toAbsolutePath().normalize();
        }
        if (!real.startsWith(folder)) {
            throw new ConfigException(scenario.file(), line, what + " " + file + " lies outside the scenario's folder " + folder
                    + "; pass --allow-outside-files to let this scenario read it");
        }
        return file;
    }

    /** Runs {@code scenario}, passing each formatted log line to {@code out} as it happens. */
    public static Result run(Scenario scenario, Consumer<String> out) throws ConfigException {
        return run(scenario, out, Options.DEFAULT);
    }

    /** As {@link #run(Scenario, Consumer)}, with {@code options}. */
    public static Result run(Scenario scenario, Consumer<String> out, Options options) throws ConfigException {
        return run(scenario, configure(scenario, options), out);
    }

    /** Runs {@code scenario} on the ECUs {@link #configure} built for it. */
    public static Result run(Scenario scenario, List<EcuConfig> configs, Consumer<String> out) {
        try (ScenarioRun run = ScenarioRun.start(scenario, configs, out)) {
            return run.finish();
        }
    }

    /** {@code [ecu0 0.012345] counter: count 1}: ECU, virtual time in seconds to the microsecond, component, text. */
    public static String format(String ecu, String component, long micros, String text) {
        return String.format(Locale.ROOT, "[%s %d.%06d] %s: %s", ecu, micros / 1_000_000, micros % 1_000_000, component, text);
    }

    static Map<String, Object> metrics(Scenario scenario, List<Ecu> ecus, List<ComponentEnd> ends, Map<String, Deadlock> deadlocks,
            List<Verdict> verdicts, long end) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", scenario.name());
        root.put("seed", scenario.seed());
        root.put("virtual_time_us", end);
        List<Object> ecuList = new ArrayList<>();
        for (Ecu ecu : ecus) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", ecu.name());
            e.put("virtual_time_us", ecu.now());
            // cycles = idle + the components' + the platform's (kernel, core, init and Rtcr work outside any component's time)
            long cycles = ecu.kernel().now(), idle = ecu.kernel().idleCycles();
            long inComponents = ecu.components().stream().mapToLong(c -> c.stats().cycles()).sum();
            e.put("cycles", cycles);
            e.put("cycles_idle", idle);
            e.put("cycles_components", inComponents);
            e.put("cycles_platform", cycles - idle - inComponents);
            e.put("instructions", ecu.kernel().cpu().instructions());
            e.put("ram_sha256", ecu.ramDigest());
            List<Object> components = new ArrayList<>();
            for (Component c : ecu.components()) {
                ComponentStats s = c.stats();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("state", state(ecu.name(), c, ends));
                m.put("instructions", s.instructions());
                m.put("cycles", s.cycles());
                m.put("system_calls", s.systemCalls());
                m.put("ipcs", s.ipcs());
                m.put("ipc_send_waits", s.ipcSendWaits());
                m.put("page_faults", s.pageFaults());
                m.put("tlb_flushes", s.tlbFlushes());
                m.put("ram_used_bytes", s.ramUsed());
                m.put("ram_peak_bytes", s.ramPeak());
                m.put("ram_quota_bytes", s.ramQuota());
                m.put("mapped_pages", s.mappedPages());
                if (!s.replication().isEmpty()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    List<String> names = ecusim.kernel.ReplicationStats.names();
                    for (int i = 0; i < names.size(); i++) r.put(names.get(i), s.replication().get(i));
                    m.put("replication", r);
                }
                components.add(m);
            }
            e.put("components", components);
            List<Object> rtcrs = new ArrayList<>();
            ecu.init().javaComponents().forEach((name, java) -> {
                if (java instanceof Rtcr rtcr && rtcr.config() != null) rtcrs.add(rtcrMetrics(ecu, name, rtcr));
            });
            if (!rtcrs.isEmpty()) e.put("rtcr", rtcrs);
            Deadlock deadlock = deadlocks.get(ecu.name());
            if (deadlock != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("virtual_time_us", deadlock.timeUs());
                d.put("waits", deadlock.waits());
                e.put("deadlock", d);
            }
            ecuList.add(e);
        }
        root.put("ecus", ecuList);
        List<Object> expectations = new ArrayList<>();
        for (Verdict v : verdicts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", v.expectation().line());
            m.put("expectation", v.expectation().describe());
            m.put("holds", v.holds());
            m.put("detail", v.detail());
            expectations.add(m);
        }
        root.put("expectations", expectations);
        return root;
    }

    /** An Rtcr's checkpoints and restores, each phase in cycles and microseconds at the ECU's clock. */
    private static Map<String, Object> rtcrMetrics(Ecu ecu, String name, Rtcr rtcr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("mode", rtcr.config().mode().xmlName());
        m.put("granularity_pages", rtcr.config().granularity());
        m.put("serialize", rtcr.config().direct() ? "direct" : "buffered");
        List<Object> checkpoints = new ArrayList<>();
        for (var s : rtcr.checkpointStats()) checkpoints.add(fields(ecu, s));
        m.put("checkpoints", checkpoints);
        List<Object> restores = new ArrayList<>();
        for (var s : rtcr.restoreStats()) restores.add(fields(ecu, s));
        m.put("restores", restores);
        return m;
    }

    /** A stats record's fields in declaration order; each {@code ...Cycles} also as {@code ..._us}. */
    private static Map<String, Object> fields(Ecu ecu, Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : r.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String key = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
            m.put(key, v);
            if (key.endsWith("_cycles") && v instanceof Long cycles) m.put(key.replace("_cycles", "_us"), ecu.kernel().cyclesToMicros(cycles));
        }
        return m;
    }

    /** Every checkpoint of every Rtcr of the run as CSV (one row each), or null when there was none. */
    public static String checkpointsCsv(List<Ecu> ecus) {
        StringBuilder out = new StringBuilder();
        for (Ecu ecu : ecus) {
            for (var entry : ecu.init().javaComponents().entrySet()) {
                if (!(entry.getValue() instanceof Rtcr rtcr) || rtcr.config() == null) continue;
                for (var s : rtcr.checkpointStats()) {
                    Map<String, Object> f = fields(ecu, s);
                    if (out.isEmpty()) out.append("ecu,rtcr,mode,granularity_pages,").append(String.join(",", f.keySet())).append('\n');
                    out.append(ecu.name()).append(',').append(entry.getKey()).append(',').append(rtcr.config().mode().xmlName()).append(',')
                            .append(rtcr.config().granularity());
                    for (Object v : f.values()) out.append(',').append(v);
                    out.append('\n');
                }
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static String state(String ecu, Component c, List<ComponentEnd> ends) {
        for (ComponentEnd end : ends) {
            if (end.ecu().equals(ecu) && end.component().equals(c.name())) {
                return end.exitCode().isPresent() ? "exited " + end.exitCode().getAsInt() : "stopped";
            }
        }
        return c.alive() ? "running" : "ended";
    }
}
