package ecusim.kernel;

import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.FrameAllocator;
import ecusim.emulator.mmu.TranslationTable;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel memory of one task: its translation tables and UTCB pages, taken from the ECU's frame pool
 * and charged, page by page, to the task's {@link RamQuota}, together with the nominal size of its other
 * kernel objects (threads). L2 tables are 1 KiB, so four share a page. Everything goes back to the pool and
 * the quota when the task is deleted.
 */
final class TaskMemory implements FrameAllocator {
    private static final int PAGE = PhysicalRam.PAGE_SIZE;

    private final PhysicalRam ram;
    private final PageFrames pool;
    private final RamQuota quota;
    private final Map<Long, Integer> frames = new LinkedHashMap<>(); // first frame -> pages, in allocation order
    private final ArrayDeque<Long> freeL2Tables = new ArrayDeque<>();
    private long charged;
    private String shortage = "";

    TaskMemory(PhysicalRam ram, PageFrames pool, RamQuota quota) {
        this.ram = ram;
        this.pool = pool;
        this.quota = quota;
    }

    RamQuota quota() {
        return quota;
    }

    @Override
    public long allocate(int bytes, int alignment) {
        if (bytes == TranslationTable.L2_SIZE && alignment <= TranslationTable.L2_SIZE) {
            if (freeL2Tables.isEmpty()) {
                long page = frames(1, 1);
                if (page == EXHAUSTED) return EXHAUSTED;
                for (int i = 1; i < PAGE / TranslationTable.L2_SIZE; i++) freeL2Tables.addLast(page + (long) i * TranslationTable.L2_SIZE);
                return page; // zeroed by the pool
            }
            long table = freeL2Tables.pollFirst();
            ram.fill(table, TranslationTable.L2_SIZE, (byte) 0);
            return table;
        }
        int pages = (bytes + PAGE - 1) / PAGE;
        return frames(pages, Math.max(1, alignment / PAGE));
    }

    @Override
    public void release(long address, int bytes) {
        if (bytes == TranslationTable.L2_SIZE) {
            freeL2Tables.addLast(address); // its page stays with the task until the task goes
            return;
        }
        Integer pages = frames.remove(address);
        if (pages == null) throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is not this task's");
        pool.release(address, pages);
        refund((long) pages * PAGE);
    }

    private long frames(int pages, int alignPages) {
        long bytes = (long) pages * PAGE;
        if (!quota.charge(bytes)) {
            shortage = "its RAM quota is exhausted";
            return EXHAUSTED;
        }
        long first = pool.allocateAligned(pages, alignPages);
        if (first == PageFrames.NONE) {
            quota.refund(bytes);
            shortage = "the ECU's RAM is exhausted";
            return EXHAUSTED;
        }
        charged += bytes;
        frames.put(first, pages);
        return first;
    }

    /** Charges a kernel object without memory of its own in this model (a thread's control block); false if the quota is exhausted. */
    boolean chargeObject(int bytes) {
        if (!quota.charge(bytes)) {
            shortage = "its RAM quota is exhausted";
            return false;
        }
        charged += bytes;
        return true;
    }

    void refund(long bytes) {
        quota.refund(bytes);
        charged -= bytes;
    }

    /** The runs of frames it holds (first frame to pages), in allocation order. */
    Map<Long, Integer> frames() {
        return new LinkedHashMap<>(frames);
    }

    java.util.List<Long> freeL2Tables() {
        return java.util.List.copyOf(freeL2Tables);
    }

    /** Sets what it holds (a restore): the frames are already taken in the pool, the charges in the quota. */
    void restore(Map<Long, Integer> frames, java.util.List<Long> freeL2Tables, long charged) {
        this.frames.clear();
        this.frames.putAll(frames);
        this.freeL2Tables.clear();
        this.freeL2Tables.addAll(freeL2Tables);
        this.charged = charged;
    }

    /** Why the last allocation failed, for messages. */
    String shortage() {
        return shortage;
    }

    /** Bytes charged to the quota for this task's kernel objects. */
    long charged() {
        return charged;
    }

    /** Gives every frame back to the pool and every charge back to the quota (the task is deleted). */
    void releaseAll() {
        for (var e : frames.entrySet()) pool.release(e.getKey(), e.getValue());
        frames.clear();
        freeL2Tables.clear();
        quota.refund(charged);
        charged = 0;
    }
}
