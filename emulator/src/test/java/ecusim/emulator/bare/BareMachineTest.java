package ecusim.emulator.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.elf.ElfImage;
import ecusim.emulator.mmu.FaultKind;
import ecusim.guests.GuestImages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped guest images, run bare on the real emulator. */
class BareMachineTest {
    private static final long LIMIT = 500_000_000L;

    private record Run(BareOutcome outcome, String output, List<Integer> markers, long instructions, long cycles,
                       String stateHash) {}

    private static Run run(String guest, BareMachine.Config config) throws Exception {
        ElfImage image = ElfImage.parse(guest + ".elf", GuestImages.load(guest));
        var out = new ByteArrayOutputStream();
        List<Integer> markers = new ArrayList<>();
        try (BareMachine machine = BareMachine.boot(image, config, CostModel.cortexA9())) {
            BareOutcome outcome = machine.run(LIMIT, new BareMachine.Listener() {
                @Override
                public void output(byte[] bytes) {
                    out.writeBytes(bytes);
                }

                @Override
                public void marker(int value, long instructions, long cycles) {
                    markers.add(value);
                }
            });
            return new Run(outcome, out.toString(StandardCharsets.UTF_8), markers, machine.cpu().instructions(),
                    machine.cpu().cycles(), stateHash(machine));
        }
    }

    /** SHA-256 over all of RAM and the register file. */
    private static String stateHash(BareMachine machine) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(machine.cpu().ram().segment().asByteBuffer());
        digest.update(machine.cpu().registers().toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void helloPrintsItsLinesAndExitsWith42() throws Exception {
        Run run = run("hello", BareMachine.Config.defaults());
        assertEquals(new BareOutcome.Exited(42), run.outcome());
        assertEquals("Hello from the ECU guest!\nhello: 6 * 7 = 42\n", run.output());
        assertTrue(run.cycles() >= run.instructions(), "every instruction costs at least a cycle");
    }

    @Test
    void memwalkMarksEveryRoundAndLeavesTheDocumentedWordInEveryPage() throws Exception {
        for (int pattern = 0; pattern <= 2; pattern++) {
            int pages = 64, rounds = 3;
            ElfImage image = ElfImage.parse("memwalk.elf", GuestImages.load("memwalk"));
            var config = BareMachine.Config.defaults().withHeapPages(pages).withArguments(rounds, pattern);
            List<Integer> markers = new ArrayList<>();
            try (BareMachine machine = BareMachine.boot(image, config, CostModel.cortexA9())) {
                BareOutcome outcome = machine.run(LIMIT, new BareMachine.Listener() {
                    @Override
                    public void output(byte[] bytes) {}

                    @Override
                    public void marker(int value, long instructions, long cycles) {
                        markers.add(value);
                    }
                });
                assertEquals(new BareOutcome.Exited(0), outcome, "pattern " + pattern);
                assertEquals(List.of(1, 2, 3), markers, "pattern " + pattern);
                byte[] word = new byte[4];
                for (int p = 0; p < pages; p++) {
                    machine.cpu().readVirtual(BareMachine.HEAP_BASE + p * 4096, word, 0, 4);
                    int value = (word[0] & 0xFF) | (word[1] & 0xFF) << 8 | (word[2] & 0xFF) << 16 | (word[3] & 0xFF) << 24;
                    assertEquals(rounds << 16 | p, value, "pattern " + pattern + ", page " + p);
                }
            }
        }
    }

    @Test
    void thumbGuestWithItBlocksRunsAndReportsItsChecksum() throws Exception {
        Run run = run("itloop", BareMachine.Config.defaults());
        var exited = assertInstanceOf(BareOutcome.Exited.class, run.outcome());
        assertTrue(run.output().startsWith("itloop: checksum 0x"), run.output());
        int checksum = Integer.parseUnsignedInt(run.output().trim().substring("itloop: checksum 0x".length()), 16);
        assertEquals(checksum & 0x7f, exited.code());
    }

    @Test
    void wildStoreIsReportedAsATranslationFaultAtItsAddress() throws Exception {
        Run run = run("crash", BareMachine.Config.defaults());
        var crashed = assertInstanceOf(BareOutcome.Crashed.class, run.outcome());
        var abort = assertInstanceOf(CpuEvent.DataAbort.class, crashed.event());
        assertEquals(4, abort.faultAddress());
        assertEquals(FaultKind.TRANSLATION, abort.kind());
        assertTrue(abort.access().write());
        assertEquals("crash: about to fault\n", run.output());
    }

    @Test
    void instructionLimitStopsAnEndlessGuestExactly() throws Exception {
        ElfImage image = ElfImage.parse("spin.elf", GuestImages.load("spin"));
        try (BareMachine machine = BareMachine.boot(image, BareMachine.Config.defaults(), CostModel.cortexA9())) {
            assertEquals(new BareOutcome.LimitReached(1_000_003), machine.run(1_000_003, bytes -> {}));
            assertEquals(1_000_003, machine.cpu().instructions());
        }
    }

    @Test
    void runningTwiceGivesIdenticalOutputCountsAndCycles() throws Exception {
        var config = BareMachine.Config.defaults().withHeapPages(128).withArguments(4, 2 | 7 << 8);
        Run first = run("memwalk", config), second = run("memwalk", config);
        assertEquals(first, second);
        assertNotEquals(0, first.instructions());
    }

    /** The cycles and microseconds foreign reports for its work, measured with the time call. */
    private static long[] workTime(Run run) {
        var took = java.util.regex.Pattern.compile("(?s).*foreign: work took (\\d+) cycles, (\\d+) us.*").matcher(run.output());
        assertTrue(took.matches(), run.output());
        return new long[] {Long.parseLong(took.group(1)), Long.parseLong(took.group(2))};
    }

    @Test
    void aStandardMainReceivesArgcAndArgv() throws Exception {
        Run run = run("foreign", BareMachine.Config.defaults().withLenientCalls());
        assertTrue(run.output().startsWith("foreign: argc=1 argv[0]=guest\n"), run.output());
    }

    @Test
    void theTimeCallGivesCyclesAndMicrosecondsAtTheConfiguredClock() throws Exception {
        for (long hz : new long[] {CpuModel.DEFAULT_CLOCK_HZ, 100_000_000L}) {
            long[] took = workTime(run("foreign", BareMachine.Config.defaults().withLenientCalls().withClock(hz)));
            assertTrue(took[0] >= 500_000, "100,000 iterations of five or more instructions: " + took[0]);
            assertEquals(took[0] * 1_000_000 / hz, took[1], 1, "microseconds at " + hz + " Hz");
        }
    }

    @Test
    void anUnknownSystemCallEndsTheRunWithItsNumberAndPlace() throws Exception {
        Run run = run("foreign", BareMachine.Config.defaults());
        var unknown = assertInstanceOf(BareOutcome.UnknownSystemCall.class, run.outcome());
        assertEquals(0, unknown.number());
        assertTrue(unknown.where().startsWith("main+"), unknown.where());
        assertFalse(run.output().contains("returned"), "the guest did not go on after the call");
    }

    @Test
    void withLenientCallsAnUnknownSystemCallReturnsEnosys() throws Exception {
        Run run = run("foreign", BareMachine.Config.defaults().withLenientCalls());
        assertEquals(new BareOutcome.Exited(0), run.outcome());
        assertTrue(run.output().endsWith("foreign: svc #0 returned -38\n"), run.output());
    }
}
