package ecusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecusim run IMAGE} as a user sees it: output, summary and exit codes. */
class BareCommandTest {
    @Test
    void helloPrintsItsLineASummaryAndExitsWithTheGuestsCode() {
        Cli.Result r = Cli.ecusim("bare", "hello");
        assertEquals(42, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Hello from the ECU guest!\n"), r.out());
        assertTrue(r.out().contains("hello.elf: exited with code 42;"), r.out());
        assertTrue(r.out().matches("(?s).*[0-9,]+ instructions, [0-9,]+ cycles.*"), r.out());
    }

    @Test
    void aBadElfIsRejectedInOneLineNamingTheFileWithExitCode2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("garbage.elf");
        Files.writeString(bad, "this is not an ELF file at all, just text");
        Cli.Result r = Cli.ecusim("bare", bad.toString());
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("garbage.elf"), r.err());
    }

    @Test
    void aMissingImageIsInvalidInput() {
        Cli.Result r = Cli.ecusim("bare", "no-such-guest");
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("no-such-guest"), r.err());
    }

    @Test
    void aCrashingGuestIsReportedWithTheFaultAndExitCode3() {
        Cli.Result r = Cli.ecusim("bare", "crash");
        assertEquals(Main.EXIT_GUEST_CRASHED, r.exitCode());
        assertTrue(r.out().contains("crashed: data abort (translation fault at 0x00000004) on write [0x00000004, +4)"), r.out());
        assertTrue(r.out().contains(" at main+0x"), r.out());
    }

    @Test
    void theInstructionLimitStopsAnEndlessGuestWithExitCode4() {
        Cli.Result r = Cli.ecusim("bare", "spin", "--max-instructions", "100000");
        assertEquals(Main.EXIT_LIMIT_REACHED, r.exitCode());
        assertTrue(r.out().contains("100,000 instructions"), r.out());
    }

    @Test
    void theSameRunTwiceGivesTheSameOutput() {
        Cli.Result first = Cli.ecusim("bare", "memwalk", "--heap-pages", "64", "--arg0", "3", "--arg1", "2");
        Cli.Result second = Cli.ecusim("bare", "memwalk", "--heap-pages", "64", "--arg0", "3", "--arg1", "2");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(first.out(), second.out());
    }

    @Test
    void traceListsInstructionsWithSymbolsAndChangedRegisters(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.txt");
        Cli.Result r = Cli.ecusim("bare", "hello", "--trace", trace.toString());
        assertEquals(42, r.exitCode(), r.err());
        String text = Files.readString(trace);
        assertTrue(text.lines().anyMatch(l -> l.contains("main+0x") || l.contains("main ")), "main in trace");
        assertTrue(text.lines().anyMatch(l -> l.matches("0x[0-9a-f]{8} .* r0=0x[0-9a-f]{8}.*")), "register changes in trace");
    }

    @Test
    void aUserCostFileWithAnUnknownNameIsRejectedWithItsLine(@TempDir Path dir) throws Exception {
        Path costs = dir.resolve("board.costs");
        Files.writeString(costs, "# my board\ninsn.alu 1 measured\ninsn.frobnicate 3 nonsense\n");
        Cli.Result r = Cli.ecusim("bare", "hello", "--costs", costs.toString());
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode());
        assertTrue(r.err().contains("board.costs:3: unknown cost 'insn.frobnicate'"), r.err());
    }

    @Test
    void theTraceHasOneLinePerCountedInstructionConditionFailedItSlotsIncluded(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("itloop.trace");
        Cli.Result r = Cli.ecusim("bare", "itloop", "--arg0", "50", "--trace", trace.toString());
        var summary = java.util.regex.Pattern.compile("(?s).*; ([0-9,]+) instructions,.*").matcher(r.out());
        assertTrue(summary.matches(), r.out());
        long counted = Long.parseLong(summary.group(1).replace(",", ""));
        var lines = Files.readAllLines(trace);
        assertEquals(counted, lines.size(), "one trace line per counted instruction");
        assertTrue(lines.stream().allMatch(l -> l.matches("0x[0-9a-f]{8} [x-]  .*")), "every line is marked executed or condition-failed");
        // itloop's IT blocks: the slot of a failed condition is listed, with the condition its IT instruction gave it
        assertTrue(lines.stream().anyMatch(l -> l.matches("0x[0-9a-f]{8} -  main\\+0x[0-9a-f]+ +[a-z]+(eq|ne|cs|cc|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)(\\.w)? .*")),
                "a condition-failed IT slot with its condition");
    }

    @Test
    void markersAreShownWithTheirInstructionCount() {
        Cli.Result r = Cli.ecusim("bare", "memwalk", "--heap-pages", "4", "--arg0", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().matches("(?s).*\\[ecusim\\] marker 1 \\(0x00000001\\) after [0-9,]+ instructions, .* virtual time\n.*marker 2 .*"), r.err());
    }

    @Test
    void anUnknownSystemCallIsReportedWithItsNumberAndPlaceAndExitCode3() {
        Cli.Result r = Cli.ecusim("bare", "foreign");
        assertEquals(Main.EXIT_GUEST_CRASHED, r.exitCode());
        assertTrue(r.out().contains("stopped: unknown system call svc #0 at main+0x"), r.out());
    }

    @Test
    void bareAndScenariosShareOneDefaultClock() {
        Cli.Result r = Cli.ecusim("bare", "hello");
        assertTrue(r.out().contains(" at " + ecusim.scenario.EcuSpec.DEFAULT_CLOCK_MHZ + " MHz"), r.out());
    }
}
