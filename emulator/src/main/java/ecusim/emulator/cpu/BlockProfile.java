package ecusim.emulator.cpu;

/**
 * A translated block's instructions as the cost model sees them: {@code offsets[i]} is the byte offset of
 * instruction i, {@code cyclePrefix[i]} the cycles of the instructions before it (length n + 1);
 * {@code writesExtendedState} whether an instruction of it may write a VFP register, FPSCR or TPIDRURW
 * (VFP and NEON instructions, coprocessor writes, anything undecoded).
 */
record BlockProfile(int[] offsets, int[] cyclePrefix, boolean writesExtendedState) {
    int instructions() {
        return offsets.length;
    }

    int cycles() {
        return cyclePrefix[offsets.length];
    }

    /** The profile of this block's first {@code k} instructions (0 < k < n). */
    BlockProfile prefix(int k) {
        return new BlockProfile(java.util.Arrays.copyOf(offsets, k), java.util.Arrays.copyOf(cyclePrefix, k + 1), writesExtendedState);
    }

    /** Index of the instruction starting at byte {@code offset}, or -1. */
    int indexAt(int offset) {
        for (int i = 0; i < offsets.length; i++) if (offsets[i] == offset) return i;
        return -1;
    }
}
