package ecusim.emulator.cpu;

/** The core registers, with Unicorn 2.1's {@code uc_arm_reg} ids. */
public enum ArmReg {
    R0(66), R1(67), R2(68), R3(69), R4(70), R5(71), R6(72), R7(73), R8(74), R9(75), R10(76), R11(77), R12(78),
    SP(12), LR(10), PC(11), CPSR(3);

    /** Unicorn ids of r0..r15 in architectural order. */
    static final int[] GPR_IDS = {66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 12, 10, 11};
    static final int UC_CPSR = 3, UC_FPSCR = 6, UC_FPEXC = 4, UC_D0 = 14;
    /**
     * TPIDRURO (the UTCB address), by Unicorn 2.1's direct id, so that it travels in a register batch instead of
     * a coprocessor access of its own. (Its sibling id for TPIDRURW, 112, does not reach the register on
     * 2.1.1, measured: TPIDRURW stays a CP_REG access.)
     */
    static final int UC_TPIDRURO = 113;

    private final int unicornId;

    ArmReg(int unicornId) {
        this.unicornId = unicornId;
    }

    public int unicornId() {
        return unicornId;
    }

    /** r{@code n} for n in 0..15. */
    public static ArmReg gpr(int n) {
        return values()[n];
    }
}
