package ecusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecusim run SCENARIO}: output, files, exit codes and the rejection of bad input. */
class RunCommandTest {
    private static final String INIT = """
            <config>
              <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="3"/> </start>
            </config>
            """;

    private static Path scenario(Path dir, String expectations) throws Exception {
        Path file = dir.resolve("s.xml");
        Files.writeString(file, "<scenario name=\"s\">\n<ecu name=\"ecu0\">\n" + INIT + "</ecu>\n<run until_ms=\"20\"/>\n" + expectations + "</scenario>\n");
        return file;
    }

    @Test
    void aPassingScenarioPrintsPrefixedLogLinesWritesLogAndMetricsAndExitsZero(@TempDir Path dir) throws Exception {
        Path file = scenario(dir, "<expect component=\"counter\" log=\"^count 3$\"/>\n");
        var r = Cli.ecusim("run", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("[ecu0 0.001"), r.out());
        assertTrue(r.out().contains("] counter: count 1\n"), r.out());
        assertTrue(r.out().contains("1 of 1 expectations hold"), r.out());
        assertTrue(Files.readString(dir.resolve("out/log.txt")).contains("counter: count 3"));
        String metrics = Files.readString(dir.resolve("out/metrics.json"));
        assertTrue(metrics.contains("\"page_faults\""), metrics);
        assertTrue(metrics.contains("\"state\" : \"exited 0\""), metrics);
    }

    @Test
    void aFailingExpectationIsNamedWithItsLineAndGivesExitCode1(@TempDir Path dir) throws Exception {
        Path file = scenario(dir, "<expect component=\"counter\" log=\"^count 4$\"/>\n");
        var r = Cli.ecusim("run", file.toString(), "--out", dir.resolve("out").toString(), "--quiet");
        assertEquals(RunCommand.EXIT_EXPECTATION_FAILED, r.exitCode(), r.out());
        assertTrue(r.err().contains("expectation failed: line 10:"), r.err());
        assertTrue(r.err().contains("count 4"), r.err());
    }

    @Test
    void brokenXmlIsRejectedNamingFileAndLineWithExitCode2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.xml");
        Files.writeString(file, "<scenario name=\"x\">\n<ecu name=\"ecu0\">\n<config>\n</ecu>\n</scenario>\n");
        var r = Cli.ecusim("run", file.toString());
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("broken.xml:4:"), r.err());
    }

    @Test
    void anUnknownBinaryIsRejectedNamingFileAndLineOfItsStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unknown.xml");
        Files.writeString(file, """
                <scenario name="x">
                <ecu name="ecu0">
                <config>
                  <parent-provides> <service name="LOG"/> </parent-provides>
                  <start name="ghost"> <binary name="no-such-binary"/> <resource name="RAM" quantum="1M"/> </start>
                </config>
                </ecu>
                <run until_ms="1"/>
                </scenario>
                """);
        var r = Cli.ecusim("run", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("unknown.xml:5:"), r.err());
        assertTrue(r.err().contains("no-such-binary"), r.err());
    }

    @Test
    void anUnknownScenarioNameListsTheShippedOnes() {
        var r = Cli.ecusim("run", "no-such-scenario");
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("no-such-scenario"), r.err());
    }

    @Test
    void aComponentImageFromAFileIsAvailableAsARomModule(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("my-counter.elf"), ecusim.guests.ComponentImages.load("counter").orElseThrow());
        Path file = dir.resolve("own.xml");
        Files.writeString(file, """
                <scenario name="own">
                <ecu name="ecu0">
                  <rom name="mine" file="my-counter.elf"/>
                  <config>
                    <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                    <default-route> <any-service> <parent/> </any-service> </default-route>
                    <start name="mine"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="1"/> </start>
                  </config>
                </ecu>
                <run until_ms="5"/>
                <expect component="mine" log="^done$"/>
                </scenario>
                """);
        var r = Cli.ecusim("run", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
    }

    @Test
    void aRomModuleFileThatCannotBeReadIsRejectedNamingItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing.xml");
        Files.writeString(file, """
                <scenario name="missing">
                <ecu name="ecu0">
                  <rom name="mine" file="no-such.elf"/>
                  <config> <start name="mine"> <resource name="RAM" quantum="512K"/> </start> </config>
                </ecu>
                <run until_ms="5"/>
                </scenario>
                """);
        var r = Cli.ecusim("run", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("missing.xml:3:"), r.err());
    }

    @Test
    void aDeadlockIsNamedInTheSummaryAndKeptInTheMetrics(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pair.xml");
        Files.writeString(file, """
                <scenario name="pair">
                <ecu name="ecu0">
                <config>
                  <parent-provides> <service name="LOG"/> <service name="ROM"/> </parent-provides>
                  <default-route> <any-service> <parent/> </any-service> </default-route>
                  <start name="a"> <binary name="deadlock"/> <resource name="RAM" quantum="128K"/> <provides> <service name="A"/> </provides>
                    <config need="B" provide="A"/> <route> <service name="B"> <child name="b"/> </service> <any-service> <parent/> </any-service> </route> </start>
                  <start name="b"> <binary name="deadlock"/> <resource name="RAM" quantum="128K"/> <provides> <service name="B"/> </provides>
                    <config need="A" provide="B"/> <route> <service name="A"> <child name="a"/> </service> <any-service> <parent/> </any-service> </route> </start>
                </config>
                </ecu>
                <run until_ms="50"/>
                </scenario>
                """);
        var r = Cli.ecusim("run", file.toString(), "--quiet", "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("[ecusim] ecu0: deadlock at "), r.out());
        assertTrue(r.out().contains(": 2 blocked threads nothing can wake"), r.out());
        String metrics = Files.readString(dir.resolve("out/metrics.json"));
        assertTrue(metrics.contains("\"deadlock\" : {"), metrics);
        assertTrue(metrics.contains("waits for init to grant a \\\"B\\\" session from \\\"b\\\""), metrics);
    }

    @Test
    void aSuccessfulRunRemovesTheStackTraceOfAnEarlierInternalError(@TempDir Path dir) throws Exception {
        Path file = scenario(dir, "");
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/internal-error.txt"), "old trace");
        var r = Cli.ecusim("run", file.toString(), "--quiet", "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.notExists(dir.resolve("out/internal-error.txt")), "a stale internal-error.txt would mislead");
    }

    @Test
    void aRunResumedFromItsSnapshotWritesTheSameLogAndMetrics(@TempDir Path dir) throws Exception {
        Path file = scenario(dir, "<expect component=\"counter\" log=\"^count 3$\"/>\n");
        var whole = Cli.ecusim("run", file.toString(), "--quiet", "--out", dir.resolve("whole").toString(), "--snapshot-at", "2500us,1ms",
                "--snapshot-dir", dir.resolve("snaps").toString());
        assertEquals(0, whole.exitCode(), whole.err());
        assertTrue(whole.out().contains("[ecusim] snapshot at 2.5 ms: "), whole.out());
        Path snapshot = dir.resolve("snaps/s-at-2500us.snapshot");
        assertTrue(Files.isRegularFile(dir.resolve("snaps/s-at-1000us.snapshot")));
        var resumed = Cli.ecusim("run", file.toString(), "--out", dir.resolve("resumed").toString(), "--resume", snapshot.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("[ecusim] resumed at 2.5 ms"), resumed.out());
        assertTrue(!resumed.out().contains("count 1\n") && resumed.out().contains("count 3\n"), "only the lines after the snapshot are printed: " + resumed.out());
        for (String name : List.of("log.txt", "metrics.json")) {
            assertEquals(Files.readString(dir.resolve("whole").resolve(name)), Files.readString(dir.resolve("resumed").resolve(name)), name);
        }
    }

    @Test
    void aDamagedSnapshotIsRefusedNamingTheFileTheRecordAndTheByte(@TempDir Path dir) throws Exception {
        Path file = scenario(dir, "");
        var r = Cli.ecusim("run", file.toString(), "--quiet", "--out", dir.resolve("out").toString(), "--snapshot-at", "2ms");
        assertEquals(0, r.exitCode(), r.err());
        Path snapshot = dir.resolve("out/s-at-2000us.snapshot");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(snapshot, bytes);
        Cli.refused(dir, dir.resolve("out2"), Main.EXIT_INVALID_INPUT, List.of(snapshot.toString(), "is damaged: checksum mismatch", "at byte"),
                "run", file.toString(), "--out", dir.resolve("out2").toString(), "--resume", snapshot.toString());
    }

    @Test
    void aSnapshotTimeOutsideTheRunIsRefusedBeforeRunning(@TempDir Path dir) throws Exception {
        Path file = scenario(dir, "");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of("--snapshot-at", "20 ms"),
                "run", file.toString(), "--out", dir.resolve("out").toString(), "--snapshot-at", "20ms");
        Cli.refused(dir, dir.resolve("out"), Main.EXIT_INVALID_INPUT, List.of("--snapshot-at", "'5 parsecs'"),
                "run", file.toString(), "--out", dir.resolve("out").toString(), "--snapshot-at", "5 parsecs");
    }

    @Test
    void theHostSpeedOfAShortRunIsShownWithTwoSignificantFigures() {
        assertEquals("0.048", RunCommand.mips(7_532, 157_800_000));
        assertEquals("0.72", RunCommand.mips(83_694, 116_300_000));
        assertEquals("500.0", RunCommand.mips(500_000_000, 1_000_000_000));
        assertEquals("0.0", RunCommand.mips(0, 1_000_000));
    }
}
