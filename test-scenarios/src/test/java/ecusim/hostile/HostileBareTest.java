package ecusim.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ecusim.cli.Cli;
import ecusim.cli.Main;
import ecusim.guests.GuestImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ecusim bare} with options and images that make no sense: exit code 2, one line, no stack trace. */
class HostileBareTest {
    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(List.of("--max-instructions", "-1"), "--max-instructions -1"),
                Arguments.of(List.of("--max-instructions", "99999999999999999999"), "--max-instructions"),
                Arguments.of(List.of("--clock-mhz", "0"), "--clock-mhz 0"),
                Arguments.of(List.of("--clock-mhz", "-5"), "--clock-mhz -5"),
                Arguments.of(List.of("--clock-mhz", "10001"), "--clock-mhz 10001"),
                Arguments.of(List.of("--heap-pages", "-1"), "--heap-pages -1"),
                Arguments.of(List.of("--heap-pages", "100000"), "--heap-pages 100000"),
                Arguments.of(List.of("--heap-pages", "16384"), "heap of 16384 pages does not fit"),
                Arguments.of(List.of("--arg0", "x"), "--arg0"),
                Arguments.of(List.of("--no-such-option"), "--no-such-option"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void aNonsensicalOptionIsRefusedInOneLine(List<String> options, String mention, @TempDir Path dir) {
        String[] args = Stream.concat(Stream.of("bare", "hello"), options.stream()).toArray(String[]::new);
        Cli.Result r = Cli.ecusim(args);
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode(), r.err());
        Cli.noStackTrace(r);
        org.junit.jupiter.api.Assertions.assertTrue(r.err().startsWith("ecusim: ") && r.err().contains(mention), r.err());
    }

    @Test
    void devZeroAsAnImageIsRefusedAtOnce(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("/dev/zero", "not a regular file"), "bare", "/dev/zero");
    }

    @Test
    void devZeroAsACostTableIsRefusedAtOnce(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("/dev/zero", "not a regular file"), "bare", "hello", "--costs", "/dev/zero");
    }

    @Test
    void aCostTableLargerThanAMegabyteIsRefused(@TempDir Path dir) throws IOException {
        Path costs = dir.resolve("huge.costs");
        Files.writeString(costs, "# padding\n".repeat(120_000));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("huge.costs", "at most 1048576 bytes"), "bare", "hello", "--costs", costs.toString());
    }

    @Test
    void aFolderAsAnImageIsSaidToBeOne(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("is a directory"), "bare", dir.toString());
    }

    @Test
    void aFifoAsAnImageIsRefusedWithoutOpeningIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.elf");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("pipe.elf", "not a regular file"), "bare", fifo.toString());
    }

    @Test
    void aSegmentLargerThanTheRamIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path image = dir.resolve("big.elf");
        Files.write(image, withWritableSegmentOf(GuestImages.load("hello"), 256 << 20));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("big.elf", "does not fit into the 64 MiB of RAM"), "bare", image.toString());
    }

    @Test
    void aTraceIntoAMissingFolderIsRefusedBeforeRunning(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("--trace", "nope"), "bare", "hello", "--trace", dir.resolve("nope/trace.txt").toString());
    }

    @Test
    void aTraceIntoProcSelfIsRefused(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("--trace", "/proc/self"), "bare", "hello", "--trace", "/proc/self/trace.txt");
    }

    @Test
    void aTraceThatCannotBeWrittenDuringTheRunEndsItInOneLine(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("--trace /dev/full", "No space left on device"), "bare", "hello", "--trace", "/dev/full");
    }

    /** A copy of {@code elf} whose writable PT_LOAD segment claims {@code memsz} bytes (zero-filled: the file stays small). */
    static byte[] withWritableSegmentOf(byte[] elf, int memsz) {
        ByteBuffer b = ByteBuffer.wrap(elf.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = b.getInt(28), phentsize = b.getShort(42), phnum = b.getShort(44);
        for (int i = 0; i < phnum; i++) {
            int at = phoff + i * phentsize;
            if (b.getInt(at) == 1 && (b.getInt(at + 24) & 2) != 0) {
                b.putInt(at + 20, memsz);
                return b.array();
            }
        }
        throw new AssertionError("no writable segment");
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void waitForInterruptAndYieldAreNoOpsForAGuest(@TempDir Path dir) throws IOException {
        // wfi; yield; wfe; mov r0, #42; svc #2
        Path image = write(dir, "hints.elf", TinyElf.code(0x10000, false, 0xe320f003, 0xe320f001, 0xe320f002, 0xe3a0002a, 0xef000002));
        Cli.Result r = Cli.ecusim("bare", image.toString());
        assertEquals(42, r.exitCode(), r.out() + r.err());
        Cli.noStackTrace(r);
    }

    @Test
    void aTraceWithAnInstructionLimitEndsAtTheLimit(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("trace.txt");
        Cli.Result r = Cli.ecusim("bare", "hello", "--trace", trace.toString(), "--max-instructions", "57");
        assertEquals(Main.EXIT_LIMIT_REACHED, r.exitCode(), r.err());
        org.junit.jupiter.api.Assertions.assertTrue(Files.readString(trace).lines().count() >= 50);
    }

    @Test
    void aTraceIntoAFifoIsRefusedInsteadOfWaitingForAReader(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("trace.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("trace.fifo", "not a regular file"), "bare", "hello", "--trace", fifo.toString());
    }

    static Stream<Arguments> exitCodes() {
        return Stream.of(Arguments.of(0, 0), Arguments.of(1, 1), Arguments.of(255, 255), Arguments.of(256, 5), Arguments.of(-1, 5),
                Arguments.of(2, 5), Arguments.of(3, 5), Arguments.of(4, 5), Arguments.of(70, 5));
    }

    @ParameterizedTest(name = "guest code {0} -> {1}")
    @MethodSource("exitCodes")
    void aGuestsExitCodeIsPassedOnOnlyWhereItCannotBeMistakenForEcusims(int guest, int expected, @TempDir Path dir) throws IOException {
        // ldr r0, [pc, #-4] would need a literal: mvn/mov pairs keep it to plain moves
        int load = guest >= 0 && guest <= 255 ? 0xe3a00000 | guest : guest == -1 ? 0xe3e00000 : 0xe3a00c01; // mov r0,#g / mvn r0,#0 / mov r0,#256
        Path image = write(dir, "exit.elf", TinyElf.code(0x10000, false, load, 0xef000002));
        Cli.Result r = Cli.ecusim("bare", image.toString());
        assertEquals(expected, r.exitCode(), r.out());
        org.junit.jupiter.api.Assertions.assertTrue(r.out().contains("exited with code " + guest), r.out());
    }

    @Test
    void aSegmentWhereTheHeapGoesIsRefused(@TempDir Path dir) throws IOException {
        Path image = write(dir, "onheap.elf", TinyElf.code(0x4000_0000, false, 0xe3a0002a, 0xef000002));
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("onheap.elf", "heap", "overlaps the image"), "bare", image.toString());
    }

    @Test
    void anEmptyImagePathIsSaidToBeOne(@TempDir Path dir) {
        Cli.refused(dir, null, Main.EXIT_INVALID_INPUT, List.of("empty path"), "bare", "");
    }

    @Test
    void codeThatRewritesAnInstructionOfItsOwnBlockRunsTheNewOne(@TempDir Path dir) throws IOException {
        // ldr r1, [pc, #16]; str r1, [pc, #4]; nop; nop; mov r0, #1 (becomes mov r0, #42); svc #2; .word mov r0, #42
        Path image = write(dir, "selfmod.elf", TinyElf.withFlags(0x10000, false, 7,
                0xe59f1010, 0xe58f1004, 0xe1a00000, 0xe1a00000, 0xe3a00001, 0xef000002, 0xe3a0002a));
        Cli.Result r = Cli.ecusim("bare", image.toString());
        assertEquals(42, r.exitCode(), r.out() + r.err());
    }
}
