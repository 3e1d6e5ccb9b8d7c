package ecusim.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.cli.Cli;
import ecusim.cli.Main;
import ecusim.guests.ComponentImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a scenario names (ROM modules, cost tables) and the output folder, as a hostile scenario or a careless
 * command line would give them: refused in one line with exit code 2 before anything runs, and confined to the
 * scenario's folder unless the user allows otherwise.
 */
class HostileFilesTest {
    private static String withRom(String file) {
        return withEcu("", "<rom name=\"mine\" file=\"" + file + "\"/>", "<binary name=\"mine\"/>");
    }

    private static String withEcu(String ecuAttributes, String inEcu, String binary) {
        return "<scenario name=\"s\">\n<ecu name=\"ecu0\" " + ecuAttributes + ">\n" + inEcu + "\n<config>\n"
                + "<parent-provides> <service name=\"LOG\"/> <service name=\"Timer\"/> <service name=\"ROM\"/> </parent-provides>\n"
                + "<default-route> <any-service> <parent/> </any-service> </default-route>\n"
                + "<start name=\"counter\"> " + binary + " <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"1\" limit=\"1\"/> </start>\n"
                + "</config>\n</ecu>\n<run until_ms=\"3\"/>\n<expect component=\"counter\" log=\"^count 1$\"/>\n</scenario>\n";
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static void refused(Path dir, Path scenario, String... mentions) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of(mentions), "run", scenario.toString(), "--out", dir.resolve("out").toString());
    }

    @Test
    void aRomModuleOutsideTheScenarioFolderIsRefusedNamingTheOption(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("outside.elf"), ComponentImages.load("counter").orElseThrow());
        Path s = write(dir, "sub/s.xml", withRom("../outside.elf"));
        refused(dir, s, "s.xml:3:", "lies outside the scenario's folder", "--allow-outside-files");
    }

    @Test
    void etcPasswdAsARomModuleIsRefused(@TempDir Path dir) throws IOException {
        refused(dir, write(dir, "s.xml", withRom("../../../../../../../../etc/passwd")), "s.xml:3:", "outside");
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheFolderIsRefusedToo(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("outside.elf"), ComponentImages.load("counter").orElseThrow());
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("sub/link.elf"), dir.resolve("outside.elf"));
        refused(dir, write(dir, "sub/s.xml", withRom("link.elf")), "s.xml:3:", "outside");
    }

    @Test
    void allowOutsideFilesLetsTheScenarioReadThem(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("outside.elf"), ComponentImages.load("counter").orElseThrow());
        Path s = write(dir, "sub/s.xml", withRom("../outside.elf"));
        var r = Cli.ecusim("run", s.toString(), "--quiet", "--allow-outside-files", "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void devZeroAsARomModuleIsRefusedAtOnce(@TempDir Path dir) throws IOException {
        refused(dir, write(dir, "s.xml", withRom("/dev/zero")), "s.xml:3:");
    }

    @Test
    void devZeroAsARomModuleWithOutsideFilesAllowedIsStillNoRegularFile(@TempDir Path dir) throws IOException {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("s.xml:3:", "/dev/zero", "not a regular file"),
                "run", write(dir, "s.xml", withRom("/dev/zero")).toString(), "--allow-outside-files", "--out", dir.resolve("out").toString());
    }

    @Test
    void aFolderAsARomModuleIsSaidToBeOne(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("adir"));
        refused(dir, write(dir, "s.xml", withRom("adir")), "s.xml:3:", "is a directory");
    }

    @Test
    void aFifoAsARomModuleIsRefusedWithoutOpeningIt(@TempDir Path dir) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("pipe.elf").toString()).start().waitFor());
        refused(dir, write(dir, "s.xml", withRom("pipe.elf")), "s.xml:3:", "not a regular file");
    }

    @Test
    void aRomModuleLargerThanTheEcusRamIsRefused(@TempDir Path dir) throws IOException {
        try (var f = new RandomAccessFile(dir.resolve("big.elf").toFile(), "rw")) {
            f.setLength(65L << 20);
        }
        refused(dir, write(dir, "s.xml", withRom("big.elf")), "s.xml:3:", "big.elf", "at most 67108864 bytes");
    }

    @Test
    void romModulesThatDoNotFitIntoCoresReserveAreRefused(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("table.bin"), new byte[700_000]);
        Path s = write(dir, "s.xml", withEcu("ram=\"4M\"", "<rom name=\"table\" file=\"table.bin\"/>", ""));
        refused(dir, s, "s.xml:2:", "its ROM modules take", "more than core's 1048576");
    }

    @Test
    void aMissingRomModuleIsNamed(@TempDir Path dir) throws IOException {
        refused(dir, write(dir, "s.xml", withRom("nope.elf")), "s.xml:3:", "no such file");
    }

    @Test
    void aCostTableOutsideTheFolderIsRefused(@TempDir Path dir) throws IOException {
        refused(dir, write(dir, "sub/s.xml", withEcu("costs=\"../../c.costs\"", "", "")), "s.xml:2:", "outside");
    }

    @Test
    void devZeroAsACostTableIsRefused(@TempDir Path dir) throws IOException {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("s.xml:2:", "not a regular file"),
                "run", write(dir, "s.xml", withEcu("costs=\"/dev/zero\"", "", "")).toString(), "--allow-outside-files", "--out", dir.resolve("out").toString());
    }

    @Test
    void aMalformedCostTableIsRefusedNamingItsLine(@TempDir Path dir) throws IOException {
        write(dir, "bad.costs", "insn.alu = one\n");
        refused(dir, write(dir, "s.xml", withEcu("costs=\"bad.costs\"", "", "")), "s.xml:2:", "bad.costs:1");
    }

    @Test
    void aGarbageRomModuleIsAComponentThatDoesNotStartWhileTheRunGoesOn(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("junk.elf"), "not an ELF");
        Path s = write(dir, "s.xml", withRom("junk.elf").replace("<expect component=\"counter\" log=\"^count 1$\"/>",
                "<expect component=\"counter\" stopped=\"true\"/>\n<expect component=\"init\" log=\"child &quot;counter&quot; not started: junk|mine\"/>"));
        var r = Cli.ecusim("run", s.toString(), "--quiet", "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Cli.noStackTrace(r);
    }

    // ---- the output folder ----

    @Test
    void outNamingAFileIsRefusedBeforeRunning(@TempDir Path dir) throws IOException {
        Path file = write(dir, "afile", "x");
        Path s = write(dir, "s.xml", withEcu("", "", ""));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("afile"), "run", s.toString(), "--out", file.toString());
    }

    @Test
    void outUnderAFileIsRefusedBeforeRunning(@TempDir Path dir) throws IOException {
        Path file = write(dir, "afile", "x");
        Path s = write(dir, "s.xml", withEcu("", "", ""));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("afile"), "run", s.toString(), "--out", file.resolve("sub").toString());
    }

    @Test
    void outInProcSelfIsRefusedBeforeRunning(@TempDir Path dir) throws IOException {
        Path s = write(dir, "s.xml", withEcu("", "", ""));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("/proc/self", "cannot"), "run", s.toString(), "--out", "/proc/self");
    }

    @Test
    void outInAReadOnlyFolderIsRefusedBeforeRunning(@TempDir Path dir) throws IOException {
        Path s = write(dir, "s.xml", withEcu("", "", ""));
        // /proc/sys is read-only even for root, unlike a folder without write permission
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("/proc/sys/ecusim-out", "cannot"), "run", s.toString(), "--out", "/proc/sys/ecusim-out");
    }

    @Test
    void anOutputFileThatIsAFolderIsRefusedBeforeRunningAndNothingIsReplaced(@TempDir Path dir) throws IOException {
        Path s = write(dir, "s.xml", withEcu("", "", ""));
        Files.createDirectories(dir.resolve("out/metrics.json/x"));
        Files.writeString(dir.resolve("out/log.txt"), "old\n");
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("metrics.json", "is a directory"), "run", s.toString(), "--out", dir.resolve("out").toString());
        assertEquals("old\n", Files.readString(dir.resolve("out/log.txt")), "the old log is untouched");
    }

    @Test
    void aCostTableWithAPlusSignIsRefused(@TempDir Path dir) throws IOException {
        String shipped = new String(HostileFilesTest.class.getResourceAsStream("/ecusim/cost/cortex-a9.costs").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        write(dir, "plus.costs", shipped.replaceFirst("(?m)^(insn\\.alu\\s+)1", "$1+1"));
        refused(dir, write(dir, "s.xml", withEcu("costs=\"plus.costs\"", "", "")), "s.xml:2:", "whole number");
    }

    @Test
    void resultsAreWrittenWithTheUsualPermissions(@TempDir Path dir) throws IOException {
        Path s = write(dir, "s.xml", withEcu("", "", ""));
        var r = Cli.ecusim("run", s.toString(), "--quiet", "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.err());
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/log.txt")));
        assertTrue(mode.startsWith("rw-r"), "log.txt is " + mode + ", not 0600");
        assertEquals(List.of("log.txt", "metrics.json"), Files.list(dir.resolve("out")).map(p -> p.getFileName().toString()).sorted().toList(),
                "no temporary file left");
        assertTrue(Files.readString(dir.resolve("out/metrics.json")).contains("\"log_sha256\""));
    }
}
