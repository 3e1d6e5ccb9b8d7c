package ecusim.emulator.cost;

/** Work the kernel model performs for guests and charges to virtual time. */
public enum KernelOperation {
    EXCEPTION_ENTRY("kernel.exception_entry"),
    EXCEPTION_EXIT("kernel.exception_exit"),
    SYSCALL("kernel.syscall"),
    IPC("kernel.ipc"),
    PAGE_FAULT("kernel.page_fault"),
    MAP_PAGE("kernel.map_page"),
    CONTEXT_SWITCH("kernel.context_switch"),
    TLB_FLUSH_ALL("kernel.tlb_flush_all"),
    TLB_FLUSH_PAGE("kernel.tlb_flush_page"),
    PAGE_COPY_PER_KIB("kernel.page_copy_per_kib");

    private final String key;

    KernelOperation(String key) {
        this.key = key;
    }

    /** The name in a cost file. */
    public String key() {
        return key;
    }
}
