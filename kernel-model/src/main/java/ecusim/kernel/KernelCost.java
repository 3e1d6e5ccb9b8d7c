package ecusim.kernel;

import ecusim.emulator.cost.CostKey;
import java.util.Arrays;
import java.util.List;

/**
 * The work the kernel (and core, through it) performs for guests and charges to virtual time, each with its
 * default figure for a Cortex-A9 and the source of it. A cost file may override any of them.
 */
public enum KernelCost {
    EXCEPTION_ENTRY("kernel.exception_entry", 40, 1, "[MEAS] exception entry + register save in a Fiasco.OC-like kernel"),
    EXCEPTION_EXIT("kernel.exception_exit", 30, 1, "[MEAS] register restore + return to user"),
    SYSCALL("kernel.syscall", 120, 1, "[MEAS] Fiasco.OC L4 system call fast path, ~0.2 us at 600 MHz"),
    IPC("kernel.ipc", 300, 1, "[MEAS] short IPC call+reply on Cortex-A9, ~0.5 us at 600 MHz"),
    PAGE_FAULT("kernel.page_fault", 240, 1, "[MEAS] the kernel's part of a page fault: decode, lookup, dispatch (the pager IPC and the map are kernel.ipc and kernel.map_page)"),
    MAP_PAGE("kernel.map_page", 60, 1, "[MEAS] PTE update with cache maintenance"),
    CONTEXT_SWITCH("kernel.context_switch", 200, 1, "[MEAS] register switch and TTBR0/CONTEXTIDR write"),
    TLB_FLUSH_ALL("kernel.tlb_flush_all", 100, 1, "[TRM] TLBIALL plus the refill it causes (first-order)"),
    TLB_FLUSH_PAGE("kernel.tlb_flush_page", 10, 1, "[TRM] TLBIMVA"),
    PAGE_COPY_PER_KIB("kernel.page_copy_per_kib", 256, 1, "[MEAS] memcpy bandwidth ~2.4 GB/s at 600 MHz: 1 KiB in about 256 cycles"),
    PE_ENTRY("kernel.pe_entry", 300, 2, "[EST] entering a processing element: saving the registers (R0) and write-protecting the task's writable pages (plus one TLB flush, charged as such)"),
    PE_RESTART("kernel.pe_restart", 250, 2, "[EST] between two runs of a PE: saving the run's registers, loading R0 (the page copies are charged per KiB)"),
    PE_COMPARE_PER_KIB("kernel.pe_compare_per_kib", 320, 2, "[EST] comparing two pages word by word: two loads and a compare per word, ~2.5 cycles per word on a Cortex-A9"),
    PE_COMMIT("kernel.pe_commit", 200, 2, "[EST] committing a PE: the winning registers and pages become the task's, the copies are freed"),
    PE_ROLLBACK("kernel.pe_rollback", 250, 2, "[EST] throwing a PE's runs away after a mismatch: copies freed, registers back to R0"),
    CACHE_FLUSH("kernel.cache_flush", 40_000, 2, "[EST] clean and invalidate L1 D/I (32+32 KiB) and the 512 KiB L2 of a Cortex-A9 by set/way; the refills it causes show as misses with the cache model on");

    private final CostKey key;

    KernelCost(String name, long defaultCycles, int since, String source) {
        this.key = new CostKey(name, defaultCycles, since, source);
    }

    public CostKey key() {
        return key;
    }

    /** Every kernel cost key, for validating cost files. */
    public static List<CostKey> keys() {
        return Arrays.stream(values()).map(KernelCost::key).toList();
    }
}
