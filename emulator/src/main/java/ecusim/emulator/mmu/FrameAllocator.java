package ecusim.emulator.mmu;

/** Supplies physical memory for translation tables (a 16 KiB L1 table, 1 KiB L2 tables). */
public interface FrameAllocator {
    /** Physical address of {@code bytes} zeroed bytes aligned to {@code alignment}; throws when exhausted. */
    long allocate(int bytes, int alignment);
}
