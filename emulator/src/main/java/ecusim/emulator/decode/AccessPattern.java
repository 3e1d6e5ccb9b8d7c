package ecusim.emulator.decode;

import java.util.function.IntUnaryOperator;

/**
 * How a load or store forms its address, so the accessed range can be computed from the registers of the
 * moment the instruction faulted (before any writeback, since it did not complete).
 *
 * @param form          the addressing form
 * @param base          base register number (15 for PC-relative)
 * @param index         index register number, or -1
 * @param subtractIndex whether the (shifted) index is subtracted
 * @param shift         Capstone shift type of the index (2 LSL, 1 ASR, 3 LSR, 4 ROR, 5 RRX), 0 for none
 * @param shiftAmount   shift amount (32 for the ASR #32 and LSR #32 that encode as #0)
 * @param offset        signed immediate offset (offset forms)
 * @param bytes         bytes accessed
 * @param read          whether the instruction reads them
 * @param write         whether it writes them (SWP does both)
 * @param address       the instruction's own address (for PC-relative forms)
 * @param thumb         whether it is Thumb code (PC reads as address + 4, else + 8)
 */
public record AccessPattern(Form form, int base, int index, boolean subtractIndex, int shift, int shiftAmount,
                            int offset, int bytes, boolean read, boolean write, int address, boolean thumb) {
    /**
     * Addressing forms: single accesses at base ± offset or at base (post-indexed, and every NEON element or
     * structure load/store); multiples by direction; TABLE for TBB/TBH, which index from an unaligned PC.
     */
    public enum Form { OFFSET, POST_INDEXED, INCREMENT_AFTER, INCREMENT_BEFORE, DECREMENT_AFTER, DECREMENT_BEFORE, TABLE }

    /** Capstone's shift type numbers. */
    public static final int SHIFT_ASR = 1, SHIFT_LSL = 2, SHIFT_LSR = 3, SHIFT_ROR = 4, SHIFT_RRX = 5;

    /**
     * The range accessed, given the current value of r0..r15 ({@code gpr.applyAsInt(n)}) and the CPSR's
     * carry flag (RRX shifts it into the index).
     */
    public AccessRange resolve(IntUnaryOperator gpr, boolean carry) {
        int pc = address + (thumb ? 4 : 8);
        int baseValue = base != 15 ? gpr.applyAsInt(base) : form == Form.TABLE ? pc : pc & ~3;
        int start = switch (form) {
            case OFFSET -> baseValue + offset + indexTerm(gpr, carry);
            case TABLE -> baseValue + indexTerm(gpr, carry);
            case POST_INDEXED, INCREMENT_AFTER -> baseValue;
            case INCREMENT_BEFORE -> baseValue + 4;
            case DECREMENT_AFTER -> baseValue - bytes + 4;
            case DECREMENT_BEFORE -> baseValue - bytes;
        };
        return new AccessRange(start, bytes, read, write);
    }

    private int indexTerm(IntUnaryOperator gpr, boolean carry) {
        if (index < 0) return 0;
        int shifted = shifted(gpr.applyAsInt(index), shift, shiftAmount, carry);
        return subtractIndex ? -shifted : shifted;
    }

    /** An index register's value shifted as ARM's immediate shifts do (amounts of 32 included; Java masks them to 0). */
    static int shifted(int value, int shift, int amount, boolean carry) {
        return switch (shift) {
            case SHIFT_ASR -> value >> Math.min(amount, 31);                      // ASR #32: every bit is the sign
            case SHIFT_LSL -> amount >= 32 ? 0 : value << amount;
            case SHIFT_LSR -> amount >= 32 ? 0 : value >>> amount;
            case SHIFT_ROR -> Integer.rotateRight(value, amount);
            case SHIFT_RRX -> (carry ? 0x8000_0000 : 0) | value >>> 1;           // the carry flag becomes bit 31
            default -> value;
        };
    }
}
