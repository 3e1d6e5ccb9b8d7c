package ecusim.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.cli.Cli;
import ecusim.cli.Main;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ecusim run} with hostile scenario files: each is refused with exit code 2 and one line naming the
 * file and, where there is one, the line; nothing is written, and nothing outside the output folder.
 */
class HostileScenarioTest {
    private static final String INIT = """
              <config>
                <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                <default-route> <any-service> <parent/> </any-service> </default-route>
                <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="2"/> </start>
              </config>
            """;

    /** A scenario whose ECU (line 2) has {@code ecuAttributes}, its start on line 6, {@code run} as its run element (line 9). */
    static String scenario(String name, String ecuAttributes, String extraInEcu, String run) {
        return "<scenario name=\"" + name + "\">\n<ecu name=\"ecu0\" " + ecuAttributes + ">\n" + INIT + extraInEcu + "</ecu>\n" + run + "\n</scenario>\n";
    }

    static String ecu(String attributes) {
        return scenario("s", attributes, "", "<run until_ms=\"5\"/>");
    }

    /** Out-of-range and overflowing values of the ECU, each refused at line 2 with its allowed range. */
    static Stream<Arguments> badEcuValues() {
        return Stream.of(
                Arguments.of("ram=\"999G\"", "from 4M to 1G"), Arguments.of("ram=\"4097\"", "from 4M to 1G"),
                Arguments.of("ram=\"4K\"", "from 4M to 1G"), Arguments.of("ram=\"3G\"", "from 4M to 1G"),
                Arguments.of("ram=\"2G\"", "from 4M to 1G"), Arguments.of("ram=\"0\"", "from 4M to 1G"),
                Arguments.of("ram=\"99999999999999999999\"", "ram"), Arguments.of("ram=\"-1M\"", "ram"),
                Arguments.of("ram=\"4M \"", "ram"), Arguments.of("ram=\"1.5G\"", "ram"),
                Arguments.of("clock_mhz=\"0\"", "from 1 to 10000"), Arguments.of("clock_mhz=\"9223372036854\"", "from 1 to 10000"),
                Arguments.of("clock_mhz=\"10001\"", "from 1 to 10000"), Arguments.of("clock_mhz=\"-5\"", "clock_mhz"),
                Arguments.of("clock_mhz=\"1e3\"", "clock_mhz"),
                Arguments.of("quantum_us=\"0\"", "from 1 to 10000000"), Arguments.of("quantum_us=\"9223372036854775807\"", "from 1 to 10000000"),
                Arguments.of("quantum_us=\"99999999999999999999999\"", "quantum_us"),
                Arguments.of("cpu=\"cortex-m3\"", "unknown cpu"), Arguments.of("cpu=\"\"", "unknown cpu"),
                Arguments.of("costs=\"\"", "cost table"), Arguments.of("bogus=\"1\"", "bogus"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEcuValues")
    void anOutOfRangeEcuValueIsRefusedWithFileLineAndRange(String attribute, String mention, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.xml");
        Files.writeString(file, ecu(attribute));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("s.xml:2:", mention), "run", file.toString(), "--out", dir.resolve("out").toString());
    }

    /** Bad run limits, names, expectations and init configurations, each with the line it is on. */
    static Stream<Arguments> badScenarios() {
        return Stream.of(
                Arguments.of("run for 0", scenario("s", "", "", "<run until_ms=\"0\"/>"), "s.xml:9:"),
                Arguments.of("run for longer than 11 days", scenario("s", "", "", "<run until_ms=\"9999999999999999\"/>"), "s.xml:9:"),
                Arguments.of("run until_us overflowing", scenario("s", "", "", "<run until_us=\"99999999999999999999\"/>"), "s.xml:9:"),
                Arguments.of("both until_ms and until_us", scenario("s", "", "", "<run until_ms=\"1\" until_us=\"5\"/>"), "s.xml:9:"),
                Arguments.of("no run", scenario("s", "", "", ""), "s.xml:1:"),
                Arguments.of("name ..", scenario("..", "", "", "<run until_ms=\"5\"/>"), "s.xml:1:"),
                Arguments.of("name ../../../x", scenario("../../../x", "", "", "<run until_ms=\"5\"/>"), "s.xml:1:"),
                Arguments.of("name with a slash", scenario("a/b", "", "", "<run until_ms=\"5\"/>"), "s.xml:1:"),
                Arguments.of("name hidden", scenario(".x", "", "", "<run until_ms=\"5\"/>"), "s.xml:1:"),
                Arguments.of("name empty", scenario("", "", "", "<run until_ms=\"5\"/>"), "s.xml:1:"),
                Arguments.of("name with a space", scenario("a b", "", "", "<run until_ms=\"5\"/>"), "s.xml:1:"),
                Arguments.of("name with a control character", scenario("a&#13;b", "", "", "<run until_ms=\"5\"/>"), "s.xml:1:"),
                Arguments.of("name too long", scenario("x".repeat(101), "", "", "<run until_ms=\"5\"/>"), "s.xml:1:"),
                Arguments.of("expectation before_ms overflowing", scenario("s", "", "", "<run until_ms=\"5\"/>\n<expect component=\"counter\" log=\"x\" before_ms=\"99999999999999999\"/>"), "s.xml:10:"),
                Arguments.of("expectation count too large", scenario("s", "", "", "<run until_ms=\"5\"/>\n<expect component=\"counter\" log=\"x\" count=\"99999999999\"/>"), "s.xml:10:"),
                Arguments.of("exit code with a plus sign", scenario("s", "", "", "<run until_ms=\"5\"/>\n<expect component=\"counter\" exit=\"+0\"/>"), "s.xml:10:"),
                Arguments.of("exit code in Arabic-Indic digits", scenario("s", "", "", "<run until_ms=\"5\"/>\n<expect component=\"counter\" exit=\"\u0660\"/>"), "s.xml:10:"),
                Arguments.of("65 ECUs", "<scenario name=\"s\">" + java.util.stream.IntStream.range(0, 65).mapToObj(i -> "<ecu name=\"e" + i + "\" ram=\"4M\"><config/></ecu>").reduce("", String::concat)
                        + "<run until_ms=\"1\"/></scenario>", "at most 64"),
                Arguments.of("more RAM than any host here can spare", "<scenario name=\"s\">"
                        + java.util.stream.IntStream.range(0, 64).mapToObj(i -> "<ecu name=\"e" + i + "\" ram=\"1G\"><config/></ecu>").reduce("", String::concat)
                        + "<run until_ms=\"1\"/></scenario>", "host memory"),
                Arguments.of("elements nested too deeply", "<scenario name=\"s\">" + "<a>".repeat(20_000) + "</a>".repeat(20_000) + "</scenario>", "s.xml"),
                Arguments.of("expectation bad regex", scenario("s", "", "", "<run until_ms=\"5\"/>\n<expect component=\"counter\" log=\"(\"/>"), "s.xml:10:"),
                Arguments.of("expectation unknown component", scenario("s", "", "", "<run until_ms=\"5\"/>\n<expect component=\"nobody\" log=\"x\"/>"), "s.xml:10:"),
                Arguments.of("DOCTYPE with an entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<scenario name=\"&x;\"/>\n", "s.xml"),
                Arguments.of("not XML", "hello\n", "s.xml:1:"),
                Arguments.of("empty file", "", "s.xml"),
                Arguments.of("truncated", ecu("").substring(0, 120), "s.xml"),
                Arguments.of("two roots", ecu("") + "<scenario/>", "s.xml"),
                Arguments.of("priority 256", scenario("s", "", "", "<run until_ms=\"5\"/>").replace("<start name=\"counter\">", "<start name=\"counter\" priority=\"256\">"), "s.xml:6:"),
                Arguments.of("RAM quantum overflowing", scenario("s", "", "", "<run until_ms=\"5\"/>").replace("quantum=\"512K\"", "quantum=\"99999999999G\""), "s.xml:6:"),
                Arguments.of("unknown binary", scenario("s", "", "", "<run until_ms=\"5\"/>").replace("<start name=\"counter\">", "<start name=\"counter\"> <binary name=\"../../etc/passwd\"/>"), "s.xml:6:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badScenarios")
    void aMalformedScenarioIsRefusedNamingFileAndLine(String what, String text, String mention, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.xml");
        Files.writeString(file, text);
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of(mention), "run", file.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void aScenarioNamedDotDotWritesNowhereWithoutOut(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.xml");
        Files.writeString(file, scenario("..", "", "", "<run until_ms=\"5\"/>"));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("plain file name"), "run", file.toString());
    }

    /** Files that are no scenario: a folder, a FIFO, a device, UTF-16 text, invalid UTF-8, a huge file. */
    @Test
    void aDirectoryGivenAsTheScenarioIsSaidToBeOne(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of(dir.toString(), "is a directory"), "run", dir.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void aFifoGivenAsTheScenarioIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.xml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("pipe.xml", "not a regular file"), "run", fifo.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void devZeroGivenAsTheScenarioIsRefusedAtOnce(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("/dev/zero", "not a regular file"), "run", "/dev/zero", "--out", dir.resolve("out").toString());
    }

    @Test
    void aUtf16ScenarioIsSaidToBeUtf16(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s16.xml");
        Files.write(file, ("\uFEFF" + ecu("")).getBytes(StandardCharsets.UTF_16LE));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("s16.xml", "UTF-16"), "run", file.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void invalidUtf8IsLocatedByOffsetAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.xml");
        Files.write(file, ecu("").replace("counter\"", "co\u00e9nter\"").getBytes(StandardCharsets.ISO_8859_1));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("latin1.xml", "not valid UTF-8", "line 6"), "run", file.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void aScenarioFileLargerThan16MiBIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.xml");
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(17L << 20); // sparse
        }
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("huge.xml", "at most 16777216 bytes"), "run", file.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void anEmptyScenarioPathIsSaidToBeOne(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("empty path"), "run", "", "--out", dir.resolve("out").toString());
    }

    @Test
    void anEmptyOutputFolderIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.xml");
        Files.writeString(file, ecu(""));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("empty path"), "run", file.toString(), "--out", "");
    }

    @Test
    void aScenarioPathWithANulCharacterIsRefused(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("not a valid path"), "run", "a\u0000b.xml", "--out", dir.resolve("out").toString());
    }

    @Test
    void theDefaultOutputFolderIsNamedAfterTheScenarioAndNothingElse(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.xml");
        Files.writeString(file, scenario("fine", "", "", "<run until_ms=\"3\"/>"));
        var r = Cli.ecusim("run", file.toString(), "--quiet", "--out", dir.resolve("ecusim-out/fine").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.exists(dir.resolve("ecusim-out/fine/log.txt")));
        assertFalse(r.err().contains("\tat "));
    }
}
