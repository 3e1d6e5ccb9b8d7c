package ecusim.emulator.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.decode.InstructionClass;
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
        CostModel model = CostModel.parse("board.costs", shipped().replaceFirst("insn.alu\\s+1", "insn.alu 3"));
        assertEquals(3, model.instructionCycles(InstructionClass.ALU, 0));
    }

    @Test
    void aMissingFigureIsRejectedByName() {
        var e = assertThrows(CostModelException.class, () -> CostModel.parse("board.costs", "insn.alu 1 x\n"));
        assertTrue(e.getMessage().startsWith("board.costs: missing cost '"), e.getMessage());
    }

    @Test
    void aMalformedLineIsRejectedWithItsLineNumber() throws Exception {
        String text = shipped().replaceFirst("insn.store\\s+1", "insn.store one");
        var e = assertThrows(CostModelException.class, () -> CostModel.parse("board.costs", text));
        assertTrue(e.getMessage().matches("board\\.costs:\\d+: cycles for 'insn.store' must be a whole number, got 'one'"), e.getMessage());
    }

    @Test
    void aDuplicateFigureIsRejected() throws Exception {
        var e = assertThrows(CostModelException.class, () -> CostModel.parse("b.costs", shipped() + "\ninsn.alu 2 again\n"));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void copiesArePricedPerKibRoundedUp() {
        CostModel model = CostModel.cortexA9();
        assertEquals(model.cycles(KernelOperation.PAGE_COPY_PER_KIB) * 4, model.copyCycles(4096));
        assertEquals(model.cycles(KernelOperation.PAGE_COPY_PER_KIB), model.copyCycles(1));
    }
}
