package ecusim.emulator.mmu;

/** Supplies physical memory for translation tables (a 16 KiB L1 table, 1 KiB L2 tables). */
public interface FrameAllocator {
    /** Returned by {@link #allocate} when no memory (or no quota) is left. */
    long EXHAUSTED = -1;

    /** Physical address of {@code bytes} zeroed bytes aligned to {@code alignment}, or {@link #EXHAUSTED}. */
    long allocate(int bytes, int alignment);

    /** Gives back what {@link #allocate} handed out (a table that is no longer needed). */
    default void release(long address, int bytes) {}
}
