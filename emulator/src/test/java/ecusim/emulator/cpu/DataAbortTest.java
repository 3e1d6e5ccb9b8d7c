package ecusim.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ecusim.emulator.decode.AccessRange;
import ecusim.emulator.mmu.FaultKind;
import ecusim.emulator.mmu.PagePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Data aborts carry the byte range the faulting instruction accesses and the kind of fault, decoded from
 * the instruction because Unicorn leaves DFAR/DFSR empty. The page at DATA is read-only (or read/write
 * where a case says so); the page after it is unmapped.
 */
class DataAbortTest {
    private static final int D = TestMachine.DATA;

    record Case(String form, boolean thumb, int encoding, boolean dataWritable, int[] regs,
                int start, int length, boolean write, int faultAddress, FaultKind kind) {
        @Override
        public String toString() {
            return form;
        }
    }

    private static Case arm(String form, int encoding, boolean dataWritable, int[] regs, int start, int length,
                            boolean write, int fault, FaultKind kind) {
        return new Case(form, false, encoding, dataWritable, regs, start, length, write, fault, kind);
    }

    /** regs: pairs of (register number, value). */
    private static int[] regs(int... pairs) {
        return pairs;
    }

    static Stream<Arguments> cases() {
        FaultKind T = FaultKind.TRANSLATION, P = FaultKind.PERMISSION;
        return Stream.of(
                arm("str r0, [r1, #4]", 0xe5810004, false, regs(1, D), D + 4, 4, true, D + 4, P),
                arm("ldr r0, [r1], #8 (post-indexed)", 0xe4910008, false, regs(1, D + 0x1000), D + 0x1000, 4, false, D + 0x1000, T),
                arm("strd r2, r3, [r1, #-8]", 0xe14120f8, false, regs(1, D + 8), D, 8, true, D, P),
                arm("push {r4, r5, r6}", 0xe92d0070, false, regs(13, D + 0x10), D + 4, 12, true, D + 4, P),
                arm("stm r1, {r0, r2, r3, r4} across a page boundary", 0xe881001d, true, regs(1, D + 0xFF8), D + 0xFF8, 16, true, D + 0x1000, T),
                arm("ldrb r0, [r1, r2]", 0xe7d10002, false, regs(1, D + 0x1000, 2, 0x10), D + 0x1010, 1, false, D + 0x1010, T),
                arm("ldrh r0, [r1, #-2]! (pre-indexed writeback)", 0xe17100b2, false, regs(1, D + 0x1002), D + 0x1000, 2, false, D + 0x1000, T),
                arm("vstr d0, [r1, #16]", 0xed810b04, false, regs(1, D), D + 16, 8, true, D + 16, P),
                arm("ldr r0, [r1, r2, lsl #2]", 0xe7910102, false, regs(1, D + 0x1000, 2, 3), D + 0x100C, 4, false, D + 0x100C, T),
                arm("ldm r1!, {r2, r3}", 0xe8b1000c, false, regs(1, D + 0x1000), D + 0x1000, 8, false, D + 0x1000, T),
                arm("ldrex r0, [r1]", 0xe1910f9f, false, regs(1, D + 0x1000), D + 0x1000, 4, false, D + 0x1000, T),
                new Case("thumb str r0, [r1, #4]", true, 0x6048, false, regs(1, D), D + 4, 4, true, D + 4, P),
                new Case("thumb push {r4, lr}", true, 0xb510, false, regs(13, D + 0x10), D + 8, 8, true, D + 8, P))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsAccessRangeAndFaultKind(Case c) {
        try (TestMachine m = c.thumb() ? TestMachine.thumb(c.encoding()) : TestMachine.arm(c.encoding())) {
            m.mapData(D, 1, c.dataWritable() ? PagePermissions.READ_WRITE : PagePermissions.READ);
            for (int i = 0; i < c.regs().length; i += 2) m.set(ArmReg.gpr(c.regs()[i]), c.regs()[i + 1]);
            var abort = assertInstanceOf(CpuEvent.DataAbort.class, m.cpu.run(100));
            assertEquals(TestMachine.CODE, abort.pc(), "pc");
            assertEquals(new AccessRange(c.start(), c.length(), c.write()), abort.access(), "access");
            assertEquals(c.faultAddress(), abort.faultAddress(), "fault address");
            assertEquals(c.kind(), abort.kind(), "kind");
            assertEquals(0, m.cpu.instructions(), "the faulting instruction has not executed");
            assertEquals(TestMachine.CODE, m.get(ArmReg.PC), "pc still at the faulting instruction");
            for (int i = 0; i < c.regs().length; i += 2) {
                assertEquals(c.regs()[i + 1], m.get(ArmReg.gpr(c.regs()[i])), "r" + c.regs()[i] + " not written back");
            }
        }
    }

    @Test
    void faultingStoreCompletesAfterThePageIsMadeWritable() {
        // str r0, [r1, #4]; svc #2
        try (TestMachine m = TestMachine.arm(0xe5810004, 0xef000002)) {
            long frame = m.mapData(D, 1, PagePermissions.READ);
            m.set(ArmReg.R0, 0x5EED);
            m.set(ArmReg.R1, D);
            assertInstanceOf(CpuEvent.DataAbort.class, m.cpu.run(100));
            m.table.protectPage(D, PagePermissions.READ_WRITE);
            m.cpu.flushTlbPage(D);
            assertInstanceOf(CpuEvent.SystemCall.class, m.cpu.run(100));
            assertEquals(0x5EED, m.ram.readInt(frame + 4));
            assertEquals(2, m.cpu.instructions());
        }
    }
}
