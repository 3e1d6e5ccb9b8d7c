package ecusim.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ecusim.emulator.fault.Fault;
import ecusim.emulator.fault.FaultInjector;
import ecusim.emulator.fault.FaultInjector.Outcome;
import ecusim.emulator.fault.FaultLocation;
import ecusim.emulator.mmu.PagePermissions;
import org.junit.jupiter.api.Test;

/** Faults at an exact instruction count, in registers and in memory, with real code on the emulated core. */
class FaultInjectorTest {
    /** mov r0, #5; b next (ends the block); next: add r0, r0, #3; svc #7 — two blocks, r0 = 8. */
    private static final int[] TWO_BLOCKS = {0xe3a00005, 0xeaffffff, 0xe2800003, 0xef000007};
    /** ldr r1, [r2]; ldr r3, [r2]; svc #1 */
    private static final int[] TWO_LOADS = {0xe5921000, 0xe5923000, 0xef000001};
    /**
     * movs r0,#0; movs r1,#5; movs r2,#0; loop: adds r0,#1; cmp r0,#3; ite eq; moveq r2,#1; movne r2,#2;
     * cmp r0,r1; bne loop; nop; svc #1 — 3 + 5 * 7 + 2 = 40 instructions.
     */
    private static final int[] THUMB_IT_LOOP = {0x2000, 0x2105, 0x2200, 0x3001, 0x2803, 0xbf0c, 0x2201, 0x2202,
            0x4288, 0xd1f8, 0xbf00, 0xdf01};

    /**
     * The second block has run once and is translated; a flip of its ADD's immediate (3 -> 7) between the
     * blocks must be what runs the second time, not the stale translation.
     */
    @Test
    void aFlipInCodeChangesTheInstructionThatRunsEvenWhenItWasTranslatedBefore() {
        try (TestMachine m = TestMachine.arm(TWO_BLOCKS)) {
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(100));
            assertEquals(8, m.get(ArmReg.R0));
            m.cpu.setRegisters(RegisterFile.userEntry(TestMachine.CODE, TestMachine.STACK_TOP));
            long start = m.cpu.instructions();
            Outcome outcome = FaultInjector.injectAt(m.cpu, start + 2, new Fault(new FaultLocation.MemoryByte(TestMachine.CODE + 8), 2));
            assertEquals(new Outcome.Injected(start + 2, TestMachine.CODE + 8), outcome);
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(100));
            assertEquals(12, m.get(ArmReg.R0));
        }
    }

    /** loop: mov r2, #0; add r3, r3, r2; b loop — the add reads the r2 the mov just cleared. */
    private static final int[] CLEAR_AND_ADD = {0xe3a02000, 0xe0833002, 0xeafffffc};

    /**
     * r2's bit 0 stuck at 1 for ten iterations: the mov clears it, yet the add reads it set every time; a flip
     * of the same bit is cleared by the next mov and read once at most.
     */
    @Test
    void aStuckBitIsReadAsStuckWhateverTheCodeWritesAFlipIsNot() {
        try (TestMachine held = TestMachine.arm(CLEAR_AND_ADD); TestMachine flipped = TestMachine.arm(CLEAR_AND_ADD)) {
            FaultLocation r2 = new FaultLocation.CoreRegister(2);
            assertInstanceOf(CpuEvent.BudgetExhausted.class, FaultInjector.holdFor(held.cpu, Fault.stuckAt(r2, 0, 1, Fault.PERMANENT), 30));
            assertEquals(10, held.get(ArmReg.R3));
            assertInstanceOf(Outcome.Injected.class, FaultInjector.injectAt(flipped.cpu, 1, new Fault(r2, 0)));
            flipped.cpu.run(29);
            assertEquals(1, flipped.get(ArmReg.R3));
            assertEquals(30, held.cpu.instructions());
        }
    }

    @Test
    void flipsBeforeInstructionNAndNPlusOneTrapAtThoseInstructions() {
        for (int n = 0; n < 2; n++) {
            try (TestMachine m = TestMachine.arm(TWO_LOADS)) {
                m.mapData(TestMachine.DATA, 1, PagePermissions.READ_WRITE);
                m.set(ArmReg.R2, TestMachine.DATA);
                // bit 30 of r2 moves the address to 0x40020000, where nothing is mapped
                assertInstanceOf(Outcome.Injected.class, FaultInjector.injectAt(m.cpu, n, new Fault(new FaultLocation.CoreRegister(2), 30)));
                CpuEvent event = m.cpu.run(100);
                var abort = assertInstanceOf(CpuEvent.DataAbort.class, event, "flip before instruction " + (n + 1));
                assertEquals(TestMachine.CODE + 4 * n, abort.pc());
                assertEquals(0x4002_0000, abort.faultAddress());
            }
        }
    }

    /** Counts 6 and 7 fall inside the IT block of the first iteration (its condition-failed MOVEQ counts). */
    @Test
    void injectionsInsideAThumbItBlockLandOnTheCountedInstruction() {
        for (int n = 6; n <= 7; n++) {
            try (TestMachine m = TestMachine.thumb(THUMB_IT_LOOP)) {
                Outcome outcome = FaultInjector.injectAt(m.cpu, n, new Fault(new FaultLocation.CoreRegister(0), 1));
                assertEquals(new Outcome.Injected(n, TestMachine.CODE + 2 * n), outcome);
            }
        }
        try (TestMachine m = TestMachine.thumb(THUMB_IT_LOOP)) {
            FaultInjector.injectAt(m.cpu, 6, new Fault(new FaultLocation.CoreRegister(0), 1)); // r0 1 -> 3: iterations 2 and 3 skipped
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(1000));
            assertEquals(40 - 2 * 7, m.cpu.instructions());
            assertEquals(5, m.get(ArmReg.R0));
        }
    }

    @Test
    void aFaultAtAPcWaitsUntilThatInstructionIsReached() {
        try (TestMachine m = TestMachine.thumb(THUMB_IT_LOOP)) {
            int bne = TestMachine.CODE + 18;
            // the third time the BNE is reached: after 3 + 7 + 7 + 6 instructions
            Outcome outcome = FaultInjector.injectAtPc(m.cpu, 3 + 7 + 7, bne, 100, new Fault(new FaultLocation.CpsrFlags(), 30));
            assertEquals(new Outcome.Injected(3 + 7 + 7 + 6, bne), outcome);
            // Z flipped on: the BNE falls through and the loop ends with r0 = 3
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(1000));
            assertEquals(3, m.get(ArmReg.R0));
        }
    }

    @Test
    void aVfpFlipChangesOneBitOfThatRegisterOnly() {
        try (TestMachine m = TestMachine.arm(TWO_BLOCKS)) {
            FaultInjector.flip(m.cpu, new Fault(new FaultLocation.VfpRegister(7), 63));
            long[] vfp = m.cpu.registers().vfp();
            for (int d = 0; d < 32; d++) assertEquals(d == 7 ? Long.MIN_VALUE : 0, vfp[d], "d" + d);
        }
    }

    @Test
    void aFaultThatNamesNoBitOfItsLocationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Fault(new FaultLocation.Pc(), 0)); // the Thumb bit
        assertThrows(IllegalArgumentException.class, () -> new Fault(new FaultLocation.CpsrFlags(), 5)); // the T bit
        assertThrows(IllegalArgumentException.class, () -> new Fault(new FaultLocation.MemoryByte(0), 8));
        assertThrows(IllegalArgumentException.class, () -> new FaultLocation.CoreRegister(15));
    }

    @Test
    void aFlipInUnmappedMemoryIsRefusedNamingTheAddress() {
        try (TestMachine m = TestMachine.arm(TWO_BLOCKS)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> FaultInjector.flip(m.cpu, new Fault(new FaultLocation.MemoryByte(0x5000_0000), 0)));
            assertEquals("no mapping at 0x50000000", e.getMessage());
        }
    }
}
