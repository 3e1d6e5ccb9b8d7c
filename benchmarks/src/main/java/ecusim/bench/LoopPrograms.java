package ecusim.bench;

/** Hand-assembled ARM loops for the speed benchmarks (encodings from arm-none-eabi-as). */
final class LoopPrograms {
    private LoopPrograms() {}

    /**
     * r0 = iterations. ALU only: add, eor (shifted), orr (shifted), sub, cmp, bne — 6 instructions per
     * iteration — then svc #2.
     */
    static final int[] COMPUTE = {0xe0811000, 0xe0222181, 0xe18330a2, 0xe2400001, 0xe3500000, 0x1afffff9, 0xef000002};

    /**
     * r0 = iterations, r4 = buffer (16 KiB), r5 = 0. A load and a store in every 7 instructions:
     * ldr, add, str, add, bic (wrap at 16 KiB), subs, bne — then svc #2.
     */
    static final int[] STORE = {0xe7941005, 0xe2811001, 0xe7841005, 0xe2855004, 0xe3c55901, 0xe2500001, 0x1afffff8, 0xef000002};

    /** r0 = base, r1 = pages, r2 = rounds: writes word 0 of every page each round; svc #3 per round, svc #2 at the end. */
    static final int[] PAGE_WRITER = {0xe3a04001, 0xe3a05000, 0xe1856804, 0xe7806605, 0xe2855001, 0xe1550001,
            0x3afffffa, 0xef000003, 0xe2844001, 0xe1540002, 0x9afffff5, 0xef000002};
}
