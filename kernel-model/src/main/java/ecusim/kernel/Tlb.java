package ecusim.kernel;

/** TLB maintenance the kernel performs after changing page tables (the CPU's TLBIMVA and TLBIALL). */
public interface Tlb {
    /** Invalidates the entry for the page holding {@code va} in address space {@code asid}. */
    void flushPage(int va, int asid);

    /** Invalidates every entry. */
    void flushAll();

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
        };
    }

    /** The TLB of an emulated core, each maintenance operation charged to its clock by the cost model. */
    static Tlb charging(ecusim.emulator.cpu.ArmCpu cpu) {
        return new Tlb() {
            @Override
            public void flushPage(int va, int asid) {
                cpu.flushTlbPage(va);
                cpu.charge(cpu.costs().cycles(ecusim.emulator.cost.KernelOperation.TLB_FLUSH_PAGE));
            }

            @Override
            public void flushAll() {
                cpu.flushTlb();
                cpu.charge(cpu.costs().cycles(ecusim.emulator.cost.KernelOperation.TLB_FLUSH_ALL));
            }
        };
    }
}
