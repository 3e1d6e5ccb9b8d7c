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
                new Case("thumb push {r4, lr}", true, 0xb510, false, regs(13, D + 0x10), D + 8, 8, true, D + 8, P),
                // ASR #32 (encoded as #0) shifts in the sign: -1 for a negative index, 0 for a positive one
                arm("ldr r0, [r1, r2, asr #32] (negative index)", 0xe7910042, false, regs(1, D + 0x1010, 2, 0x8000_0000), D + 0x100F, 4, false, D + 0x100F, T),
                arm("ldr r0, [r1, r2, asr #32] (positive index)", 0xe7910042, false, regs(1, D + 0x1010, 2, 0x7FFF_FFFF), D + 0x1010, 4, false, D + 0x1010, T),
                arm("ldr r0, [r1, -r2, lsr #32]", 0xe7110022, false, regs(1, D + 0x1010, 2, 0xFFFF_FFFF), D + 0x1010, 4, false, D + 0x1010, T),
                arm("ldr r0, [r1, r2, rrx] (carry clear)", 0xe7910062, false, regs(1, D + 0x1000, 2, 0x10), D + 0x1008, 4, false, D + 0x1008, T),
                arm("vld1.8 {d0}, [r0]", 0xf420070f, false, regs(0, D + 0x1000), D + 0x1000, 8, false, D + 0x1000, T),
                arm("vld1.32 {d0-d3}, [r0:128], r2 (alignment is no offset)", 0xf42002a2, false, regs(0, D + 0x1000, 2, 64), D + 0x1000, 32, false, D + 0x1000, T),
                arm("vld1.32 {d0[1]}, [r0] (one lane)", 0xf4a0088f, false, regs(0, D + 0x1000), D + 0x1000, 4, false, D + 0x1000, T),
                arm("vld1.16 {d0[], d1[]}, [r0] (all lanes)", 0xf4a00c6f, false, regs(0, D + 0x1000), D + 0x1000, 2, false, D + 0x1000, T),
                arm("vld2.16 {d0[2], d1[2]}, [r0]", 0xf4a0058f, false, regs(0, D + 0x1000), D + 0x1000, 4, false, D + 0x1000, T),
                arm("vld3.8 {d0[]-d2[]}, [r0]", 0xf4a00e0f, false, regs(0, D + 0x1000), D + 0x1000, 3, false, D + 0x1000, T),
                arm("vld4.32 {d0-d3}, [r0] across a page boundary", 0xf420008f, true, regs(0, D + 0xFF0), D + 0xFF0, 32, false, D + 0x1000, T),
                arm("vld2.32 {d0, d2}, [r0]", 0xf420098f, false, regs(0, D + 0x1000), D + 0x1000, 16, false, D + 0x1000, T),
                arm("vst1.64 {d0, d1}, [r1]", 0xf4010acf, false, regs(1, D + 0x10), D + 0x10, 16, true, D + 0x10, P),
                arm("vst4.8 {d0[1], d1[1], d2[1], d3[1]}, [r1]", 0xf481032f, false, regs(1, D + 0x10), D + 0x10, 4, true, D + 0x10, P),
                new Case("thumb vld1.8 {d0}, [r0]", true, 0xf920_070f, false, regs(0, D + 0x1000), D + 0x1000, 8, false, D + 0x1000, T),
                new Case("thumb tbb [r0, r1]", true, 0xe8d0_f001, false, regs(0, D + 0x1000, 1, 5), D + 0x1005, 1, false, D + 0x1005, T),
                new Case("thumb tbh [r0, r1, lsl #1]", true, 0xe8d0_f011, false, regs(0, D + 0x1000, 1, 5), D + 0x100A, 2, false, D + 0x100A, T),
                new Case("thumb tbb [pc, r1] (pc unaligned + 4)", true, 0xe8df_f001, false, regs(1, D + 0x1000 - (TestMachine.CODE + 4)), D + 0x1000, 1, false, D + 0x1000, T))
                .map(Arguments::of);
    }

    /** SWP and SWPB read and then write one word (byte): the access says both. */
    static Stream<Arguments> swaps() {
        return Stream.of(
                Arguments.of("swp r0, r1, [r2] (unmapped)", 0xe1020091, D + 0x1000, 4, FaultKind.TRANSLATION),
                Arguments.of("swp r0, r1, [r2] (read-only)", 0xe1020091, D + 8, 4, FaultKind.PERMISSION),
                Arguments.of("swpb r0, r1, [r2] (read-only)", 0xe1420091, D + 3, 1, FaultKind.PERMISSION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("swaps")
    void aSwapAbortReportsAReadWriteAccess(String form, int encoding, int address, int bytes, FaultKind kind) {
        try (TestMachine m = TestMachine.arm(encoding)) {
            m.mapData(D, 1, PagePermissions.READ);
            m.set(ArmReg.R2, address);
            var abort = assertInstanceOf(CpuEvent.DataAbort.class, m.cpu.run(100));
            assertEquals(new AccessRange(address, bytes, true, true), abort.access());
            assertEquals(address, abort.faultAddress());
            assertEquals(kind, abort.kind());
            assertEquals(0, m.cpu.instructions());
        }
    }

    @Test
    void rrxShiftsTheCarryFlagIntoBit31OfTheIndex() {
        try (TestMachine m = TestMachine.arm(0xe7910062)) { // ldr r0, [r1, r2, rrx]
            m.set(ArmReg.CPSR, m.get(ArmReg.CPSR) | RegisterFile.CPSR_C);
            m.set(ArmReg.R1, D + 0x1000 - 0x8000_0001);
            m.set(ArmReg.R2, 2);
            var abort = assertInstanceOf(CpuEvent.DataAbort.class, m.cpu.run(100));
            assertEquals(D + 0x1000, abort.faultAddress(), "index = carry << 31 | 2 >>> 1");
        }
    }

    /** A 16-bit Thumb encoding, or a 32-bit one as its two halfwords (first halfword in the high bits). */
    private static int[] thumbHalfwords(int encoding) {
        return (encoding >>> 16) == 0 ? new int[] {encoding} : new int[] {encoding >>> 16, encoding & 0xFFFF};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsAccessRangeAndFaultKind(Case c) {
        try (TestMachine m = c.thumb() ? TestMachine.thumb(thumbHalfwords(c.encoding())) : TestMachine.arm(c.encoding())) {
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
