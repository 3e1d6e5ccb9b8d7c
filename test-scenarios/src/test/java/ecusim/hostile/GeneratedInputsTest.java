package ecusim.hostile;

import ecusim.cli.Cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.ConfigException;
import ecusim.emulator.elf.ElfFormatException;
import ecusim.emulator.elf.ElfImage;
import ecusim.guests.ComponentImages;
import ecusim.guests.GuestImages;
import ecusim.scenario.Scenario;
import ecusim.scenario.ScenarioReader;
import ecusim.scenario.ScenarioRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Generated hostile inputs, from fixed seeds: every shipped ELF image and scenario truncated at many offsets
 * and with random bytes flipped. An image is refused by the ELF loader or, if it still parses, runs as a
 * component beside a counter, which must keep counting; a scenario is refused with a located error or runs.
 * Nothing may end in any other exception.
 */
class GeneratedInputsTest {
    private static final Map<String, byte[]> COMPONENTS = new TreeMap<>(), GUESTS = new TreeMap<>(), SCENARIOS = new TreeMap<>();

    static {
        for (String name : ComponentImages.names()) COMPONENTS.put(name, ComponentImages.load(name).orElseThrow());
        for (String name : GuestImages.names()) GUESTS.put(name, GuestImages.load(name));
        try (var files = Files.list(Path.of("scenarios"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) SCENARIOS.put(p.toString(), Files.readAllBytes(p));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shipped image or scenario and a mutation of it: (name, bytes). */
    record Mutant(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes)";
        }
    }

    private static Arbitrary<Mutant> truncations(Map<String, byte[]> originals) {
        return Arbitraries.of(List.copyOf(originals.keySet())).flatMap(name -> {
            byte[] original = originals.get(name);
            return Arbitraries.integers().between(0, original.length - 1)
                    .map(length -> new Mutant(name + " cut at " + length, java.util.Arrays.copyOf(original, length)));
        });
    }

    private static Arbitrary<Mutant> flips(Map<String, byte[]> originals) {
        return Arbitraries.of(List.copyOf(originals.keySet())).flatMap(name -> {
            byte[] original = originals.get(name);
            Arbitrary<Tuple.Tuple2<Integer, Integer>> flip = Combinators.combine(
                    Arbitraries.integers().between(0, original.length - 1), Arbitraries.integers().between(0, 255)).as(Tuple::of);
            return flip.list().ofMinSize(1).ofMaxSize(8).map(list -> {
                byte[] copy = original.clone();
                StringBuilder what = new StringBuilder(name).append(" flipped");
                for (var f : list) {
                    copy[f.get1()] ^= (byte) (f.get2() == 0 ? 1 : f.get2());
                    what.append(' ').append(f.get1());
                }
                return new Mutant(what.toString(), copy);
            });
        });
    }

    @Provide
    Arbitrary<Mutant> componentTruncations() {
        return truncations(COMPONENTS);
    }

    @Provide
    Arbitrary<Mutant> componentFlips() {
        return flips(COMPONENTS);
    }

    @Provide
    Arbitrary<Mutant> guestTruncationsAndFlips() {
        return Arbitraries.oneOf(truncations(GUESTS), flips(GUESTS));
    }

    @Provide
    Arbitrary<Mutant> scenarioMutants() {
        return Arbitraries.oneOf(truncations(SCENARIOS), flips(SCENARIOS));
    }

    @Property(tries = 150, seed = "9001")
    void aTruncatedComponentImageIsRefusedOrContained(@ForAll("componentTruncations") Mutant image) throws Exception {
        runBesideACounter(image);
    }

    @Property(tries = 150, seed = "9002")
    void aComponentImageWithFlippedBytesIsRefusedOrContained(@ForAll("componentFlips") Mutant image) throws Exception {
        runBesideACounter(image);
    }

    /** The image as the ROM module "victim" of an ECU that also runs a counter: the counter must count. */
    private static void runBesideACounter(Mutant image) throws Exception {
        Path dir = Files.createTempDirectory("ecusim-mutant");
        try {
            Files.write(dir.resolve("victim.elf"), image.bytes());
            Files.writeString(dir.resolve("s.xml"), """
                    <scenario name="mutant">
                    <ecu name="ecu0">
                      <rom name="victim" file="victim.elf"/>
                      <config>
                        <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                        <default-route> <any-service> <parent/> </any-service> </default-route>
                        <start name="victim"> <resource name="RAM" quantum="1M"/> <config pages="4" rounds="3" period_ms="1" limit="2"/> </start>
                        <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="3"/> </start>
                      </config>
                    </ecu>
                    <run until_ms="5"/>
                    <expect component="counter" log="^count 3$"/>
                    </scenario>
                    """);
            Scenario scenario = ScenarioReader.read(dir.resolve("s.xml"));
            ScenarioRunner.Result result = ScenarioRunner.run(scenario, line -> { });
            assertTrue(result.passed(), () -> image + ": the counter did not count to 3:\n" + String.join("\n", result.lines()));
            boolean parses = parses(image.bytes());
            if (!parses) {
                assertTrue(result.lines().stream().anyMatch(l -> l.contains("init: child \"victim\" not started:")),
                        () -> image + ": a broken image must be reported:\n" + String.join("\n", result.lines()));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private static boolean parses(byte[] bytes) {
        try {
            ElfImage.parse("victim", bytes);
            return true;
        } catch (ElfFormatException e) {
            return false;
        }
    }

    @Property(tries = 120, seed = "9003")
    void aMutatedBareImageIsRefusedOrRunsToAnEnd(@ForAll("guestTruncationsAndFlips") Mutant image) throws Exception {
        Path file = Files.createTempFile("ecusim-bare", ".elf");
        try {
            Files.write(file, image.bytes());
            Cli.Result r = Cli.ecusim("bare", file.toString(), "--max-instructions", "200000");
            Cli.noStackTrace(r);
            assertFalse(r.err().contains("internal error"), () -> image + ": " + r.err());
            if (!parses(image.bytes())) {
                assertEquals(2, r.exitCode(), () -> image + ": " + r.err());
                assertEquals(1, r.err().lines().count(), () -> image + ": " + r.err());
            }
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 200, seed = "9004")
    void aMutatedScenarioIsRefusedWithItsLocationOrRuns(@ForAll("scenarioMutants") Mutant text) throws Exception {
        Scenario scenario;
        try {
            scenario = ScenarioReader.read(text.name(), new String(text.bytes(), StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith(text.name()), e::getMessage);
            assertFalse(e.getMessage().contains("\n"), e::getMessage);
            return;
        }
        // It still reads: then it runs (for at most 3 ms of virtual time, to keep the test short).
        Scenario capped = new Scenario(scenario.file(), scenario.name(), scenario.seed(), scenario.ecus(), Math.min(scenario.untilUs(), 3_000),
                scenario.expectations());
        try {
            ScenarioRunner.run(capped, line -> { });
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith(text.name()), e::getMessage);
        }
    }

    /**
     * The garbage component (random invokes: tags, selectors, flags, message words, receive buffers) with
     * seeds of its own: whatever it does to itself, the counter beside it counts, and the run ends normally.
     */
    @Property(tries = 60, seed = "9005")
    void randomSystemCallsOfAnySeedLeaveTheSiblingCounting(@ForAll int seed) throws Exception {
        String text = """
                <scenario name="garbage">
                <ecu name="ecu0">
                  <config>
                    <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                    <default-route> <any-service> <parent/> </any-service> </default-route>
                    <start name="garbage"> <resource name="RAM" quantum="512K"/> <config seed="%d" rounds="1500"/> </start>
                    <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="5"/> </start>
                  </config>
                </ecu>
                <run until_ms="8"/>
                <expect component="counter" log="^count 5$"/>
                <expect component="counter" exit="0"/>
                </scenario>
                """.formatted(Integer.toUnsignedLong(seed));
        ScenarioRunner.Result result = ScenarioRunner.run(ScenarioReader.read("garbage.xml", text), line -> { });
        assertTrue(result.passed(), () -> "seed " + seed + ":\n" + String.join("\n", result.lines()));
    }
}
