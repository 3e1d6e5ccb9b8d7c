package ecusim.emulator.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.decode.InstructionClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private static String shipped() throws Exception {
        try (var in = CostModel.class.getResourceAsStream(CostModel.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void shippedModelNamesASourceForEveryFigure() {
        CostModel model = CostModel.cortexA9();
        assertFalse(model.source("insn.load").isBlank());
        assertFalse(model.source("kernel.page_fault").isBlank());
    }

    @Test
    void multipleTransfersCostBasePlusPerRegister() {
        CostModel model = CostModel.cortexA9();
        int one = model.instructionCycles(InstructionClass.LOAD_MULTIPLE, 1);
        int four = model.instructionCycles(InstructionClass.LOAD_MULTIPLE, 4);
        int two = model.instructionCycles(InstructionClass.LOAD_MULTIPLE, 2);
        assertTrue(two > one, "a second register costs more");
        assertEquals(3 * (two - one), four - one, "each further register costs the same");
    }

    @Test
    void aUserFileOverridesAFigure() throws Exception {
        CostModel model = CostModel.parse("board.costs", shipped().replaceFirst("insn.alu\\s+1", "insn.alu 3"), null);
        assertEquals(3, model.instructionCycles(InstructionClass.ALU, 0));
    }

    @Test
    void aMissingFigureIsRejectedByName() {
        var e = assertThrows(CostModelException.class, () -> CostModel.parse("board.costs", "insn.alu 1 x\n", null));
        assertTrue(e.getMessage().startsWith("board.costs: missing cost '"), e.getMessage());
    }

    @Test
    void aMalformedLineIsRejectedWithItsLineNumber() throws Exception {
        String text = shipped().replaceFirst("insn.store\\s+1", "insn.store one");
        var e = assertThrows(CostModelException.class, () -> CostModel.parse("board.costs", text, null));
        assertTrue(e.getMessage().matches("board\\.costs:\\d+: cycles for 'insn.store' must be a whole number, got 'one'"), e.getMessage());
    }

    @Test
    void aDuplicateFigureIsRejected() throws Exception {
        var e = assertThrows(CostModelException.class, () -> CostModel.parse("b.costs", shipped() + "\ninsn.alu 2 again\n", null));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    private static final CostKey IPC = new CostKey("kernel.ipc", 300, 1, "x");

    /** The shipped file's instruction figures only: what every cost file must give. */
    private static String instructionFigures() throws Exception {
        return shipped().lines().filter(l -> l.startsWith("insn.")).reduce("", (a, b) -> a + b + "\n");
    }
    private static final CostKey NEWER = new CostKey("rtcr.page_copy", 77, 3, "a cost a later format added");

    @Test
    void aNamedCostAFileLeavesOutKeepsItsDefault() throws Exception {
        CostModel model = CostModel.parse("old.costs", instructionFigures(), List.of(IPC, NEWER));
        assertEquals(300, model.cycles(IPC));
        assertEquals(77, model.cycles(NEWER));
    }

    @Test
    void aNamedCostAFileGivesOverridesTheDefault() throws Exception {
        CostModel model = CostModel.parse("board.costs", "format 2\n" + instructionFigures() + "kernel.ipc 500 measured on my board\n", List.of(IPC));
        assertEquals(500, model.cycles(IPC));
    }

    @Test
    void anUnknownNamedCostIsRejectedWhenTheCallerSaysWhichAreKnown() throws Exception {
        var e = assertThrows(CostModelException.class, () -> CostModel.parse("b.costs", instructionFigures() + "kernel.bogus 3 x\n", List.of(IPC)));
        assertTrue(e.getMessage().contains("unknown cost 'kernel.bogus'"), e.getMessage());
    }

    @Test
    void aFormatNewerThanThisEcusimReadsIsRejected() throws Exception {
        var e = assertThrows(CostModelException.class, () -> CostModel.parse("b.costs", "format 9\n" + shipped().replaceAll("(?m)^format.*$", ""), null));
        assertTrue(e.getMessage().contains("cost-file format 9"), e.getMessage());
    }

    @Test
    void aFileWithoutAFormatLineIsFormatOne() throws Exception {
        assertEquals(1, CostModel.parse("old.costs", shipped().replaceAll("(?m)^format.*$", ""), null).format());
        assertEquals(CostModel.FORMAT, CostModel.cortexA9().format());
    }
}
