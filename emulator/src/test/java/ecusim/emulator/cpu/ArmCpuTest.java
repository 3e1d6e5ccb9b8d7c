package ecusim.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.decode.InstructionClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmCpuTest {
    /** mov r0, #5; add r0, r0, #3; svc #7 */
    private static final int[] ARM_ADD = {0xe3a00005, 0xe2800003, 0xef000007};
    /**
     * movs r0,#0; movs r1,#5; movs r2,#0; loop: adds r0,#1; cmp r0,#3; ite eq; moveq r2,#1; movne r2,#2;
     * cmp r0,r1; bne loop; nop; svc #1 — 3 + 5 * 7 + 2 = 40 architectural instructions.
     */
    private static final int[] THUMB_IT_LOOP = {0x2000, 0x2105, 0x2200, 0x3001, 0x2803, 0xbf0c, 0x2201, 0x2202,
            0x4288, 0xd1f8, 0xbf00, 0xdf01};

    @Test
    void armCodeRunsToSystemCallWithImmediate() {
        try (TestMachine m = TestMachine.arm(ARM_ADD)) {
            CpuEvent event = m.cpu.run(1000);
            var call = assertInstanceOf(CpuEvent.SystemCall.class, event);
            assertEquals(7, call.immediate());
            assertEquals(TestMachine.CODE + 8, call.pc());
            assertEquals(8, m.get(ArmReg.R0));
            assertEquals(3, m.cpu.instructions());
            assertEquals(TestMachine.CODE + 12, m.get(ArmReg.PC));
        }
    }

    @Test
    void thumbCountIncludesConditionFailedInstructionsOfItBlocks() {
        try (TestMachine m = TestMachine.thumb(THUMB_IT_LOOP)) {
            var call = assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(1000));
            assertEquals(1, call.immediate());
            assertTrue(call.thumb());
            assertEquals(40, m.cpu.instructions());
            assertEquals(2, m.get(ArmReg.R2));
            assertEquals(5, m.get(ArmReg.R0));
        }
    }

    @Test
    void singleStepsVisitEveryArchitecturalInstructionInsideItBlocks() {
        List<Integer> expected = new ArrayList<>(List.of(0x0, 0x2, 0x4));
        for (int i = 0; i < 5; i++) expected.addAll(List.of(0x6, 0x8, 0xa, 0xc, 0xe, 0x10, 0x12));
        expected.add(0x14);
        expected.add(0x16);
        try (TestMachine m = TestMachine.thumb(THUMB_IT_LOOP)) {
            List<Integer> visited = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                visited.add(m.get(ArmReg.PC) - TestMachine.CODE);
                CpuEvent event = m.cpu.run(1);
                assertEquals(step + 1L, m.cpu.instructions(), "instructions after step " + step);
                if (step < 39) assertInstanceOf(CpuEvent.BudgetExhausted.class, event);
                else assertInstanceOf(CpuEvent.SystemCall.class, event);
            }
            assertEquals(expected, visited);
            assertEquals(2, m.get(ArmReg.R2));
        }
    }

    @Test
    void everyBudgetStopsAtExactlyThatCountAndResumesToTheSameResult() {
        for (int budget = 0; budget <= 40; budget++) {
            try (TestMachine m = TestMachine.thumb(THUMB_IT_LOOP)) {
                CpuEvent first = m.cpu.run(budget);
                assertEquals(budget, m.cpu.instructions(), "count after budget " + budget);
                if (budget < 40) assertInstanceOf(CpuEvent.BudgetExhausted.class, first);
                if (budget < 40) assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(1000));
                assertEquals(40, m.cpu.instructions(), "total after budget " + budget);
                assertEquals(2, m.get(ArmReg.R2), "r2 after budget " + budget);
                assertEquals(5, m.get(ArmReg.R0), "r0 after budget " + budget);
            }
        }
    }

    @Test
    void aTinyBlockTableThatKeepsEvictingGivesTheSameCountsStopsAndResults() {
        for (int budget = 0; budget <= 40; budget += 3) {
            try (TestMachine small = TestMachine.thumbWithBlockTable(4, THUMB_IT_LOOP);
                 TestMachine normal = TestMachine.thumb(THUMB_IT_LOOP)) {
                small.cpu.run(budget);
                normal.cpu.run(budget);
                assertEquals(normal.cpu.instructions(), small.cpu.instructions(), "count after budget " + budget);
                assertEquals(normal.get(ArmReg.PC), small.get(ArmReg.PC), "pc after budget " + budget);
                small.cpu.run(1000);
                normal.cpu.run(1000);
                assertEquals(normal.cpu.registers(), small.cpu.registers(), "final state after budget " + budget);
                assertEquals(normal.cpu.cycles(), small.cpu.cycles(), "cycles after budget " + budget);
            }
        }
    }

    /** loop: ldr r1, [r4]; add r1, r1, #1; str r1, [r4]; subs r0, r0, #1; bne loop; svc #2 (loads cost more). */
    private static final int[] MIXED_COST_LOOP = {0xe5941000, 0xe2811001, 0xe5841000, 0xe2500001, 0x1afffffa, 0xef000002};

    private static TestMachine mixedCostLoop() {
        TestMachine m = TestMachine.arm(MIXED_COST_LOOP);
        m.set(ArmReg.R0, 6);
        m.set(ArmReg.R4, TestMachine.STACK_TOP - 4096);
        return m;
    }

    @Test
    void aCycleDeadlineStopsAtTheFirstInstructionBoundaryThatReachesIt() {
        // Reference: single steps, recording the cycle total after every instruction.
        List<Long> cyclesAfter = new ArrayList<>();
        try (TestMachine m = mixedCostLoop()) {
            while (m.cpu.run(1) instanceof CpuEvent.BudgetExhausted) cyclesAfter.add(m.cpu.cycles());
            cyclesAfter.add(m.cpu.cycles());
        }
        long total = cyclesAfter.getLast();
        for (long deadline = 1; deadline <= total; deadline++) {
            int expected = 0;
            while (cyclesAfter.get(expected) < deadline) expected++;
            try (TestMachine m = mixedCostLoop()) {
                CpuEvent event = m.cpu.run(Long.MAX_VALUE / 2, deadline);
                assertEquals(expected + 1L, m.cpu.instructions(), "instructions at deadline " + deadline);
                assertTrue(m.cpu.cycles() >= deadline, "cycles reach deadline " + deadline);
                if (expected + 1 < cyclesAfter.size()) {
                    assertInstanceOf(CpuEvent.BudgetExhausted.class, event, "deadline " + deadline);
                    assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(1000));
                } else {
                    assertInstanceOf(CpuEvent.SystemCall.class, event, "the last instruction is the svc");
                }
                assertEquals(total, m.cpu.cycles(), "the rest runs on to the same total after deadline " + deadline);
            }
        }
    }

    @Test
    void cyclesFollowTheCostModel() {
        try (TestMachine m = TestMachine.arm(ARM_ADD)) {
            m.cpu.run(1000);
            var costs = m.cpu.costs();
            long expected = 2L * costs.instructionCycles(ecusim.emulator.decode.InstructionClass.ALU, 0)
                    + costs.instructionCycles(ecusim.emulator.decode.InstructionClass.SYSTEM, 0);
            assertEquals(expected, m.cpu.cycles());
        }
    }

    @Test
    void undefinedInstructionIsReportedAndNotCounted() {
        // mov r0, #5; udf #0
        try (TestMachine m = TestMachine.arm(0xe3a00005, 0xe7f000f0)) {
            var undefined = assertInstanceOf(CpuEvent.UndefinedInstruction.class, m.cpu.run(1000));
            assertEquals(TestMachine.CODE + 4, undefined.pc());
            assertEquals(1, m.cpu.instructions());
        }
    }

    @Test
    void breakpointIsReported() {
        // bkpt #3
        try (TestMachine m = TestMachine.arm(0xe1200073)) {
            var bkpt = assertInstanceOf(CpuEvent.Breakpoint.class, m.cpu.run(1000));
            assertEquals(TestMachine.CODE, bkpt.pc());
            assertEquals(0, m.cpu.instructions());
        }
    }

    @Test
    void branchToUnmappedAddressIsAPrefetchAbort() {
        // bx r1
        try (TestMachine m = TestMachine.arm(0xe12fff11)) {
            m.set(ArmReg.R1, 0x0050_0000);
            var abort = assertInstanceOf(CpuEvent.PrefetchAbort.class, m.cpu.run(1000));
            assertEquals(0x0050_0000, abort.address());
            assertEquals(ecusim.emulator.mmu.FaultKind.TRANSLATION, abort.kind());
            assertEquals(1, m.cpu.instructions());
        }
    }

    @Test
    void executingANonExecutablePageIsAPermissionPrefetchAbort() {
        try (TestMachine m = TestMachine.arm(0xe12fff11)) {
            m.mapData(TestMachine.DATA, 1, ecusim.emulator.mmu.PagePermissions.READ_WRITE);
            m.set(ArmReg.R1, TestMachine.DATA);
            var abort = assertInstanceOf(CpuEvent.PrefetchAbort.class, m.cpu.run(1000));
            assertEquals(ecusim.emulator.mmu.FaultKind.PERMISSION, abort.kind());
        }
    }

    /**
     * The CPU skips reading the VFP registers and TPIDRURW when no block that may write them ran since it
     * last read or wrote them: a guest that writes them must still be seen doing it.
     */
    @Test
    void registersWrittenByVfpAndCoprocessorInstructionsAreSeenAfterTheRun() {
        // vmov d0, r0, r1; mcr p15, 0, r0, c13, c0, 2 (TPIDRURW); svc #1
        try (TestMachine m = TestMachine.arm(0xec410b10, 0xee0d0f50, 0xef000001)) {
            int[] gpr = new int[16];
            gpr[0] = 0x1122_3344;
            gpr[1] = 0x5566_7788;
            gpr[13] = TestMachine.STACK_TOP;
            gpr[15] = TestMachine.CODE;
            m.cpu.setRegisters(new RegisterFile(gpr, RegisterFile.CPSR_USER, new long[32], 0, 0, 0));
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(100));
            RegisterFile after = m.cpu.registers();
            assertEquals(0x5566_7788_1122_3344L, after.vfp()[0]);
            assertEquals(0x1122_3344, after.tpidrurw());
        }
    }

    /** Core-only code leaves the VFP registers and TPIDRURW as the register file set them. */
    @Test
    void coreOnlyCodeLeavesTheVfpRegistersAsTheyWereSet() {
        try (TestMachine m = TestMachine.arm(ARM_ADD)) {
            int[] gpr = new int[16];
            gpr[13] = TestMachine.STACK_TOP;
            gpr[15] = TestMachine.CODE;
            long[] vfp = new long[32];
            for (int i = 0; i < 32; i++) vfp[i] = 0x0123_4567_0000_0000L + i;
            m.cpu.setRegisters(new RegisterFile(gpr, RegisterFile.CPSR_USER, vfp, 0, 0xCAFE, 0));
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(100));
            RegisterFile after = m.cpu.registers();
            assertEquals(8, after.r(0));
            assertEquals(java.util.Arrays.toString(vfp), java.util.Arrays.toString(after.vfp()));
            assertEquals(0xCAFE, after.tpidrurw());
        }
    }

    @Test
    void registerFileRoundTripsThroughTheEngine() {
        try (TestMachine m = TestMachine.arm(ARM_ADD)) {
            int[] gpr = new int[16];
            for (int i = 0; i < 15; i++) gpr[i] = 0x1111_0000 + i;
            gpr[15] = TestMachine.CODE + 4;
            long[] vfp = new long[32];
            for (int i = 0; i < 32; i++) vfp[i] = 0x0123_4567_89AB_CDEFL + i;
            var state = new RegisterFile(gpr, RegisterFile.CPSR_USER | 0x2000_0000, vfp, 0x0300_0000, 0xCAFE, 0xBEEF);
            m.cpu.setRegisters(state);
            assertEquals(state, m.cpu.registers());
        }
    }

    @Test
    void forgettingAPagesCodeMakesNewCodeWrittenThereRunInsteadOfItsStaleTranslation() {
        // mov r0, #1; svc #2   then, written by the host at the same place:   mov r0, #2; svc #2
        try (TestMachine m = TestMachine.arm(0xe3a00001, 0xef000002)) {
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(10));
            assertEquals(1, m.get(ArmReg.R0));
            long code = m.cpu.translate(TestMachine.CODE, ecusim.emulator.mmu.AccessType.EXECUTE);
            m.ram.writeInt(code, 0xe3a00002);
            m.set(ArmReg.PC, TestMachine.CODE);
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(10));
            assertEquals(1, m.get(ArmReg.R0), "a host write alone leaves the old translation running");
            m.cpu.forgetCode(m.table.l1Base(), TestMachine.CODE, 4096);
            m.set(ArmReg.PC, TestMachine.CODE);
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(10));
            assertEquals(2, m.get(ArmReg.R0));
        }
    }

    /** A block of the same address and size but other instructions is priced anew once its page is forgotten. */
    @Test
    void forgettingAPagesCodeMakesTheNewCodeCostWhatItsInstructionsCost() {
        // mul r0, r1, r2; svc #2   then:   mov r0, #2; svc #2 (same size, cheaper)
        try (TestMachine m = TestMachine.arm(0xe0000291, 0xef000002)) {
            long before = m.cpu.cycles();
            m.cpu.run(10);
            long mulBlock = m.cpu.cycles() - before;
            m.ram.writeInt(m.cpu.translate(TestMachine.CODE, ecusim.emulator.mmu.AccessType.EXECUTE), 0xe3a00002);
            m.cpu.forgetCode(m.table.l1Base(), TestMachine.CODE, 4096);
            m.set(ArmReg.PC, TestMachine.CODE);
            before = m.cpu.cycles();
            m.cpu.run(10);
            long movBlock = m.cpu.cycles() - before;
            CostModel costs = CostModel.cortexA9();
            assertEquals(costs.instructionCycles(InstructionClass.MULTIPLY, 0) - costs.instructionCycles(InstructionClass.ALU, 0), mulBlock - movBlock);
        }
    }

    @Test
    void forgettingCodeOfAnotherAddressSpaceLeavesTheCurrentOneInPlace() {
        try (TestMachine m = TestMachine.arm(0xe3a00001, 0xef000002)) {
            var other = ecusim.emulator.mmu.TranslationTable.create(m.ram, m.frames);
            long code = m.cpu.translate(TestMachine.CODE, ecusim.emulator.mmu.AccessType.EXECUTE);
            other.mapPage(TestMachine.CODE, code, ecusim.emulator.mmu.PagePermissions.READ_EXECUTE);
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(10));
            m.ram.writeInt(code, 0xe3a00002);
            m.cpu.forgetCode(other.l1Base(), TestMachine.CODE, 4096);
            assertEquals(m.table.l1Base(), m.cpu.translationTableBase());
            m.set(ArmReg.PC, TestMachine.CODE);
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(10));
            assertEquals(2, m.get(ArmReg.R0), "the blocks of the shared frame were dropped through the other space");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"wfi,0xe320f003", "wfe,0xe320f002", "yield,0xe320f001", "sev,0xe320f004", "conditional wfi,0x0320f003"})
    void hintInstructionsRunOnAsNops(String name, long encoding) {
        // HINT; mov r0, #42; svc #2
        try (TestMachine m = TestMachine.arm((int) encoding, 0xe3a0002a, 0xef000002)) {
            CpuEvent event = m.cpu.run(100);
            assertInstanceOf(CpuEvent.SystemCall.class, event, event.toString());
            assertEquals(42, m.get(ArmReg.R0));
            assertEquals(3, m.cpu.instructions());
        }
    }

    @Test
    void thumbWfiAndYieldRunOnAsNops() {
        // wfi; yield; movs r0, #42; svc #2
        try (TestMachine m = TestMachine.thumb(0xbf30, 0xbf10, 0x202a, 0xdf02)) {
            CpuEvent event = m.cpu.run(100);
            assertInstanceOf(CpuEvent.SystemCall.class, event, event.toString());
            assertEquals(42, m.get(ArmReg.R0));
            assertEquals(4, m.cpu.instructions());
        }
    }

    @Test
    void anUndefinedInstructionRightAfterAHintIsStillReportedAtItsAddress() {
        // yield; udf #0
        try (TestMachine m = TestMachine.arm(0xe320f001, 0xe7f000f0)) {
            var undefined = assertInstanceOf(CpuEvent.UndefinedInstruction.class, m.cpu.run(100));
            assertEquals(TestMachine.CODE + 4, undefined.pc());
            assertEquals(1, m.cpu.instructions(), "the yield ran, the udf did not");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"wfi,0xe320f003", "wfe,0xe320f002", "yield,0xe320f001"})
    void aHintLoopStopsExactlyAtEveryBudget(String name, long hint) {
        // loop: HINT; add r0, r0, #1; b loop
        try (TestMachine m = TestMachine.arm((int) hint, 0xe2800001, 0xeafffffc)) {
            long total = 0;
            for (int budget = 1; budget <= 25; budget++) {
                assertInstanceOf(CpuEvent.BudgetExhausted.class, m.cpu.run(budget));
                total += budget;
                assertEquals(total, m.cpu.instructions(), "after a budget of " + budget);
            }
            for (int slice = 1; slice <= 25; slice++) { // cycle deadlines, as time slices end
                long deadline = m.cpu.cycles() + slice;
                assertInstanceOf(CpuEvent.BudgetExhausted.class, m.cpu.run(Long.MAX_VALUE / 2, deadline));
                assertTrue(m.cpu.cycles() >= deadline, "the slice ends at its deadline");
            }
        }
    }
}
