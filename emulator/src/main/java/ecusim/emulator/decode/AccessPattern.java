package ecusim.emulator.decode;

import java.util.function.IntUnaryOperator;

/**
 * How a load or store forms its address, so the accessed range can be computed from the registers of the
 * moment the instruction faulted (before any writeback, since it did not complete).
 *
 * @param form         the addressing form
 * @param base         base register number (15 for PC-relative)
 * @param index        index register number, or -1
 * @param subtractIndex whether the (shifted) index is subtracted
 * @param shift        Capstone shift type of the index (2 LSL, 1 ASR, 3 LSR, 4 ROR, 5 RRX), 0 for none
 * @param shiftAmount  shift amount
 * @param offset       signed immediate offset (offset forms)
 * @param bytes        bytes accessed
 * @param write        store or load
 * @param address      the instruction's own address (for PC-relative forms)
 * @param thumb        whether it is Thumb code (PC reads as address + 4, else + 8)
 */
public record AccessPattern(Form form, int base, int index, boolean subtractIndex, int shift, int shiftAmount,
                            int offset, int bytes, boolean write, int address, boolean thumb) {
    /** Addressing forms: single accesses at base ± offset or at base (post-indexed); multiples by direction. */
    public enum Form { OFFSET, POST_INDEXED, INCREMENT_AFTER, INCREMENT_BEFORE, DECREMENT_AFTER, DECREMENT_BEFORE }

    /** The range accessed, given the current value of r0..r15 ({@code gpr.applyAsInt(n)}). */
    public AccessRange resolve(IntUnaryOperator gpr) {
        int baseValue = base == 15 ? (address + (thumb ? 4 : 8)) & ~3 : gpr.applyAsInt(base);
        int start = switch (form) {
            case OFFSET -> baseValue + offset + indexTerm(gpr);
            case POST_INDEXED, INCREMENT_AFTER -> baseValue;
            case INCREMENT_BEFORE -> baseValue + 4;
            case DECREMENT_AFTER -> baseValue - bytes + 4;
            case DECREMENT_BEFORE -> baseValue - bytes;
        };
        return new AccessRange(start, bytes, write);
    }

    private int indexTerm(IntUnaryOperator gpr) {
        if (index < 0) return 0;
        int value = gpr.applyAsInt(index);
        int shifted = switch (shift) {
            case 1 -> value >> shiftAmount;                                     // ASR
            case 2 -> value << shiftAmount;                                     // LSL
            case 3 -> shiftAmount == 32 ? 0 : value >>> shiftAmount;            // LSR
            case 4 -> Integer.rotateRight(value, shiftAmount);                  // ROR
            case 5 -> value >>> 1;                                              // RRX (carry-in ignored: page-level effect only)
            default -> value;
        };
        return subtractIndex ? -shifted : shifted;
    }
}
