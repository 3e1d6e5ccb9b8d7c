package ecusim.emulator.decode;

/** Instruction classes the cycle cost model prices. */
public enum InstructionClass {
    /** Integer data processing, moves, compares, shifts, extends. */
    ALU,
    /** Integer multiplies and multiply-accumulates. */
    MULTIPLY,
    /** SDIV/UDIV. */
    DIVIDE,
    /** Single loads: LDR, LDRB/H/SB/SH, LDRD, LDREX*. */
    LOAD,
    /** Single stores: STR, STRB/H, STRD, STREX*. */
    STORE,
    /** LDM variants and POP. */
    LOAD_MULTIPLE,
    /** STM variants and PUSH. */
    STORE_MULTIPLE,
    /** Branches and other writes of the PC by data processing (B, BL, BX, BLX, CBZ, TBB, MOV PC, ...). */
    BRANCH,
    /** VFP/NEON arithmetic and transfers between core and VFP registers. */
    VFP_ALU,
    /** VLDR, VLDM, VPOP, NEON loads. */
    VFP_LOAD,
    /** VSTR, VSTM, VPUSH, NEON stores. */
    VFP_STORE,
    /** SVC, MRS/MSR, MCR/MRC, CPS, barriers, WFI/WFE, CLREX, SETEND. */
    SYSTEM,
    /** NOP and IT. */
    NOP,
    /** Bytes that do not decode, and UDF. */
    UNDEFINED
}
