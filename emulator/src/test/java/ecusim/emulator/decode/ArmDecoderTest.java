package ecusim.emulator.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoding rules for the cost model and the abort path. Registers: r1 = 0x20001000, r2 = 0x10,
 * r4 = 3, sp = 0x7fff0, others 0; instructions at 0x10000. Encodings from arm-none-eabi-as.
 */
class ArmDecoderTest {
    private static ArmDecoder decoder;
    private static final int ADDRESS = 0x10000;

    @BeforeAll
    static void open() {
        decoder = new ArmDecoder();
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    private static int reg(int n) {
        return switch (n) {
            case 1 -> 0x2000_1000;
            case 2 -> 0x10;
            case 4 -> 3;
            case 13 -> 0x7_fff0;
            case 15 -> ADDRESS;
            default -> 0;
        };
    }

    private static byte[] arm(long word) {
        return new byte[] {(byte) word, (byte) (word >> 8), (byte) (word >> 16), (byte) (word >> 24)};
    }

    /** Thumb encodings written as their halfwords in order, e.g. f8d1 0004. */
    private static byte[] thumb(String halfwords) {
        String[] parts = halfwords.trim().split("\\s+");
        byte[] bytes = new byte[parts.length * 2];
        for (int i = 0; i < parts.length; i++) {
            int hw = Integer.parseInt(parts[i], 16);
            bytes[2 * i] = (byte) hw;
            bytes[2 * i + 1] = (byte) (hw >> 8);
        }
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            str r0, [r1, #4]            | e5810004 | STORE          | 0x20001004 | 4  | true
            ldr r0, [r1, #-4]           | e5110004 | LOAD           | 0x20000ffc | 4  | false
            ldr r0, [r1], #8            | e4910008 | LOAD           | 0x20001000 | 4  | false
            ldr r0, [r1], r2            | e6910002 | LOAD           | 0x20001000 | 4  | false
            ldr r0, [r1, r2, lsl #2]    | e7910102 | LOAD           | 0x20001040 | 4  | false
            ldr r0, [r1, -r2]           | e7110002 | LOAD           | 0x20000ff0 | 4  | false
            ldr r0, [pc, #16]           | e59f0010 | LOAD           | 0x00010018 | 4  | false
            ldrb r0, [r1, r2]           | e7d10002 | LOAD           | 0x20001010 | 1  | false
            ldrh r0, [r1, #-2]!         | e17100b2 | LOAD           | 0x20000ffe | 2  | false
            ldrsb r0, [r1, #2]          | e1d100d2 | LOAD           | 0x20001002 | 1  | false
            ldrh r2, [r1, r4]!          | e1b120b4 | LOAD           | 0x20001003 | 2  | false
            strd r2, r3, [r1, #-8]      | e14120f8 | STORE          | 0x20000ff8 | 8  | true
            ldrd r2, r3, [r1, #8]       | e1c120d8 | LOAD           | 0x20001008 | 8  | false
            ldrex r0, [r1]              | e1910f9f | LOAD           | 0x20001000 | 4  | false
            strex r0, r2, [r1]          | e1810f92 | STORE          | 0x20001000 | 4  | true
            push {r4, r5, r6}           | e92d0070 | STORE_MULTIPLE | 0x0007ffe4 | 12 | true
            pop {r4, pc}                | e8bd8010 | LOAD_MULTIPLE  | 0x0007fff0 | 8  | false
            stm r1, {r0, r2, r3, r4}    | e881001d | STORE_MULTIPLE | 0x20001000 | 16 | true
            ldmib r1, {r1, r2}          | e9910006 | LOAD_MULTIPLE  | 0x20001004 | 8  | false
            ldmda r1, {r1, r2}          | e8110006 | LOAD_MULTIPLE  | 0x20000ffc | 8  | false
            ldmdb r1, {r1, r2}          | e9110006 | LOAD_MULTIPLE  | 0x20000ff8 | 8  | false
            vstr d0, [r1, #16]          | ed810b04 | VFP_STORE      | 0x20001010 | 8  | true
            vldr s0, [pc, #-8]          | ed1f0a02 | VFP_LOAD       | 0x00010000 | 4  | false
            vldmia r1!, {d0, d1}        | ecb10b04 | VFP_LOAD       | 0x20001000 | 16 | false
            vpush {d8}                  | ed2d8b02 | VFP_STORE      | 0x0007ffe8 | 8  | true
            """)
    void armLoadsAndStoresResolveToTheBytesTheyAccess(String form, String hex, InstructionClass kind, String start,
                                                      int length, boolean write) {
        DecodedInstruction insn = decoder.decode(arm(Long.parseLong(hex, 16)), 0, ADDRESS, false);
        assertEquals(kind, insn.kind(), "class of " + insn);
        assertEquals(4, insn.size());
        assertEquals(new AccessRange(Integer.parseUnsignedInt(start.substring(2), 16), length, write), insn.access().resolve(ArmDecoderTest::reg, false));
    }

    @ParameterizedTest(name = "thumb {0}")
    @CsvSource(delimiter = '|', textBlock = """
            str r0, [r1, #4]            | 6048      | 2 | STORE          | 0x20001004 | 4 | true
            push {r4, lr}               | b510      | 2 | STORE_MULTIPLE | 0x0007ffe8 | 8 | true
            pop {r4, pc}                | bd10      | 2 | LOAD_MULTIPLE  | 0x0007fff0 | 8 | false
            ldr r2, [pc, #4]            | 4a01      | 2 | LOAD           | 0x00010008 | 4 | false
            ldr.w r0, [r1, #4]          | f8d1 0004 | 4 | LOAD           | 0x20001004 | 4 | false
            ldr r0, [r1, #-4]           | f851 0c04 | 4 | LOAD           | 0x20000ffc | 4 | false
            ldr r2, [r1], #4            | f851 2b04 | 4 | LOAD           | 0x20001000 | 4 | false
            ldr.w r2, [r1, r2, lsl #2]  | f851 2022 | 4 | LOAD           | 0x20001040 | 4 | false
            ldrd r2, r3, [r1, #8]       | e9d1 2302 | 4 | LOAD           | 0x20001008 | 8 | false
            ldrex r0, [r1]              | e851 0f00 | 4 | LOAD           | 0x20001000 | 4 | false
            """)
    void thumbLoadsAndStoresResolveToTheBytesTheyAccess(String form, String halfwords, int size, InstructionClass kind,
                                                        String start, int length, boolean write) {
        DecodedInstruction insn = decoder.decode(thumb(halfwords), 0, ADDRESS, true);
        assertEquals(kind, insn.kind(), "class of " + insn);
        assertEquals(size, insn.size());
        assertEquals(new AccessRange(Integer.parseUnsignedInt(start.substring(2), 16), length, write), insn.access().resolve(ArmDecoderTest::reg, false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mov r0, #5      | e3a00005 | ALU      | false
            mul r0, r1, r2  | e0000291 | MULTIPLY | false
            svc #2          | ef000002 | SYSTEM   | false
            nop             | e320f000 | NOP      | false
            udf #0          | e7f000f0 | UNDEFINED| false
            bkpt #3         | e1200073 | SYSTEM   | false
            b .             | eafffffe | BRANCH   | true
            bl .            | ebfffffe | BRANCH   | true
            bx r1           | e12fff11 | BRANCH   | true
            blx r3          | e12fff33 | BRANCH   | true
            mov pc, lr      | e1a0f00e | BRANCH   | true
            pop {pc}        | e49df004 | LOAD_MULTIPLE | true
            ldm r0, {r1, pc}| e8908002 | LOAD_MULTIPLE | true
            ldr r0, [r1]    | e5910000 | LOAD     | false
            ldrne r0, [r1]  | 15910000 | LOAD     | false
            """)
    void classesAndPcWritesFollowTheInstruction(String form, String hex, InstructionClass kind, boolean writesPc) {
        DecodedInstruction insn = decoder.decode(arm(Long.parseLong(hex, 16)), 0, ADDRESS, false);
        assertEquals(kind, insn.kind(), "class of " + insn);
        assertEquals(writesPc, insn.writesPc(), "writes pc: " + insn);
    }

    @Test
    void conditionalLoadsStillResolveTheirAccess() {
        DecodedInstruction insn = decoder.decode(arm(0x15910000L), 0, ADDRESS, false); // ldrne r0, [r1]
        assertEquals(new AccessRange(0x2000_1000, 4, false), insn.access().resolve(ArmDecoderTest::reg, false));
    }

    @Test
    void instructionsWithoutMemoryAccessHaveNoPattern() {
        assertNull(decoder.decode(arm(0xe3a00005L), 0, ADDRESS, false).access());
    }

    @Test
    void thumbLengthFollowsTheFirstHalfword() {
        assertEquals(2, ArmDecoder.thumbLength(0x6048));
        assertEquals(2, ArmDecoder.thumbLength(0xe7fe)); // b . (16-bit)
        assertEquals(4, ArmDecoder.thumbLength(0xe851));
        assertEquals(4, ArmDecoder.thumbLength(0xf8d1));
        assertEquals(4, ArmDecoder.thumbLength(0xffff));
    }

    @Test
    void aThumbItBlockDecodesEveryInstructionAndItIsANop() {
        // ite eq; moveq r2, #1; movne r2, #2
        List<DecodedInstruction> block = decoder.decodeBlock(thumb("bf0c 2201 2202"), ADDRESS, true);
        assertEquals(3, block.size());
        assertEquals(InstructionClass.NOP, block.get(0).kind());
        assertEquals(List.of(ADDRESS, ADDRESS + 2, ADDRESS + 4), block.stream().map(DecodedInstruction::address).toList());
    }

    @Test
    void undecodableBytesBecomeUndefinedEntriesCoveringEveryByte() {
        byte[] code = new byte[12];
        System.arraycopy(arm(0xe3a00005L), 0, code, 0, 4);
        System.arraycopy(arm(0xffffffffL), 0, code, 4, 4);   // no ARM instruction
        System.arraycopy(arm(0xe2800003L), 0, code, 8, 4);
        List<DecodedInstruction> block = decoder.decodeBlock(code, ADDRESS, false);
        assertEquals(3, block.size());
        assertEquals(InstructionClass.UNDEFINED, block.get(1).kind());
        assertEquals(ADDRESS + 8, block.get(2).address());
        assertFalse(block.get(2).kind() == InstructionClass.UNDEFINED);
    }

    @Test
    void mnemonicsThatEndLikeConditionCodesKeepTheirClass() {
        assertEquals("svc", ArmDecoder.baseMnemonic("svc"));
        assertEquals("ldr", ArmDecoder.baseMnemonic("ldreq"));
        assertEquals("ldr", ArmDecoder.baseMnemonic("ldr.w"));
        assertTrue(ArmDecoder.baseMnemonic("umlal").equals("umlal"));
    }
}
