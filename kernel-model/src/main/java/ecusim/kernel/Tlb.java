package ecusim.kernel;

/**
 * The maintenance the kernel performs after changing page tables: the TLB (the CPU's TLBIMVA and TLBIALL),
 * and the emulator's translated code of a page that stops being mapped executable.
 */
public interface Tlb {
    /** Invalidates the entry for the page holding {@code va} in address space {@code asid}. */
    void flushPage(int va, int asid);

    /** Invalidates every entry. */
    void flushAll();

    /**
     * The code of executable page {@code va} of the space whose L1 table is at {@code l1Base} (decoded code
     * keyed {@code codeSpace}) is about to change or the page to be unmapped: forget what was translated and
     * decoded from it (no cost in the model; it is the emulator's bookkeeping, not the ECU's).
     */
    default void forgetCode(long l1Base, int codeSpace, int va) {}

    /** The TLB of an emulated core. */
    static Tlb of(ecusim.emulator.cpu.ArmCpu cpu) {
        return new Tlb() {
            @Override
            public void flushPage(int va, int asid) {
                cpu.flushTlbPage(va); // QEMU's TLBIMVA drops the page for every ASID: a superset, still correct
            }

            @Override
            public void flushAll() {
                cpu.flushTlb();
            }

            @Override
            public void forgetCode(long l1Base, int codeSpace, int va) {
                cpu.forgetCode(l1Base, codeSpace, va, ecusim.emulator.memory.PhysicalRam.PAGE_SIZE);
            }
        };
    }

    /** The TLB of an emulated core, each maintenance operation charged to its clock by the cost model. */
    static Tlb charging(ecusim.emulator.cpu.ArmCpu cpu) {
        return new Tlb() {
            @Override
            public void flushPage(int va, int asid) {
                cpu.flushTlbPage(va);
                cpu.charge(cpu.costs().cycles(KernelCost.TLB_FLUSH_PAGE.key()));
            }

            @Override
            public void flushAll() {
                cpu.flushTlb();
                cpu.charge(cpu.costs().cycles(KernelCost.TLB_FLUSH_ALL.key()));
            }

            @Override
            public void forgetCode(long l1Base, int codeSpace, int va) {
                cpu.forgetCode(l1Base, codeSpace, va, ecusim.emulator.memory.PhysicalRam.PAGE_SIZE);
            }
        };
    }
}
