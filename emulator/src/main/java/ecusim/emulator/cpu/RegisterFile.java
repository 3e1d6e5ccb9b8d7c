package ecusim.emulator.cpu;

import java.util.Arrays;

/**
 * A thread's complete user-visible CPU state: r0–r15, CPSR, the 32 VFP double registers, FPSCR and the
 * two user TLS registers (TPIDRURW, TPIDRURO). Immutable; the arrays are copied in and out.
 */
public record RegisterFile(int[] gpr, int cpsr, long[] vfp, int fpscr, int tpidrurw, int tpidruro) {
    public static final int CPSR_USER = 0x10, CPSR_T = 1 << 5, CPSR_C = 1 << 29;

    public RegisterFile {
        if (gpr.length != 16 || vfp.length != 32) throw new IllegalArgumentException("need 16 core and 32 VFP registers");
        gpr = gpr.clone();
        vfp = vfp.clone();
    }

    /** A user-mode state starting at {@code entry} (bit 0 selects Thumb) with stack pointer {@code sp}. */
    public static RegisterFile userEntry(int entry, int sp) {
        int[] gpr = new int[16];
        gpr[13] = sp;
        gpr[15] = entry & ~1;
        return new RegisterFile(gpr, CPSR_USER | ((entry & 1) != 0 ? CPSR_T : 0), new long[32], 0, 0, 0);
    }

    @Override
    public int[] gpr() {
        return gpr.clone();
    }

    @Override
    public long[] vfp() {
        return vfp.clone();
    }

    public int r(int n) {
        return gpr[n];
    }

    public int pc() {
        return gpr[15];
    }

    public boolean thumb() {
        return (cpsr & CPSR_T) != 0;
    }

    /** The VFP registers themselves, for the CPU to compare and copy from (never changed, never handed out). */
    long[] vfpShared() {
        return vfp;
    }

    /** A copy with r0, r1 and r2 set (a system call's results) in one copy, not three. */
    public RegisterFile withResults(int r0, int r1, int r2) {
        int[] copy = gpr.clone();
        copy[0] = r0;
        copy[1] = r1;
        copy[2] = r2;
        return new RegisterFile(copy, cpsr, vfp, fpscr, tpidrurw, tpidruro);
    }

    /** A copy with register {@code n} set to {@code value}. */
    public RegisterFile with(int n, int value) {
        int[] copy = gpr.clone();
        copy[n] = value;
        return new RegisterFile(copy, cpsr, vfp, fpscr, tpidrurw, tpidruro);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegisterFile r && Arrays.equals(gpr, r.gpr) && cpsr == r.cpsr && Arrays.equals(vfp, r.vfp)
                && fpscr == r.fpscr && tpidrurw == r.tpidrurw && tpidruro == r.tpidruro;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gpr) * 31 + Arrays.hashCode(vfp) + cpsr + 7 * fpscr + 13 * tpidrurw + 17 * tpidruro;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) s.append(i == 13 ? "sp" : i == 14 ? "lr" : i == 15 ? "pc" : "r" + i).append('=')
                .append(String.format("0x%08x ", gpr[i]));
        return s.append(String.format("cpsr=0x%08x", cpsr)).toString();
    }
}
