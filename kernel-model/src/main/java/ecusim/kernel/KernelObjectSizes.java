package ecusim.kernel;

/**
 * What each kernel object costs its owner's {@link RamQuota}. Physical objects cost their frames (an L1
 * table 16 KiB, a page of L2 tables 4 KiB, a UTCB 4 KiB, charged by {@link TaskMemory}); the others cost a
 * nominal size taken from Fiasco.OC on ARM (a thread's control block and kernel stack share one 4 KiB
 * block; gates and IRQs are slab objects well under 128 bytes), so a guest cannot create them without bound.
 */
public final class KernelObjectSizes {
    /** Thread control block and kernel stack (the UTCB page comes on top). */
    public static final int THREAD = 4096;
    public static final int IPC_GATE = 128;
    public static final int IRQ = 128;

    private KernelObjectSizes() {}
}
