package ecusim.kernel;

import ecusim.emulator.mmu.PagePermissions;

/**
 * A fault in the kernel's own state rather than in the CPU or memory: the extension point for experiments on
 * kernel data (FAIL*'s kernel-state targets). {@link Kernel#injectKernelFault} applies one at an exact count
 * of a thread's instructions, as {@link Kernel#injectFault} does a CPU fault; a new kind of kernel-object
 * fault implements {@link #inject}. Two ship: a capability's rights and a page-table entry's permissions.
 */
public interface KernelObjectFault {
    /** Applies the fault to the kernel objects of {@code thread}'s task; false if what it names does not exist (nothing changed). */
    boolean inject(Kernel kernel, Thread thread);

    /** Flips right {@code right} ({@link Rights#R}, {@link Rights#W}, {@link Rights#S}, {@link Rights#D}) of the capability at {@code selector}. */
    record CapabilityRights(int selector, int right) implements KernelObjectFault {
        public CapabilityRights {
            if (Integer.bitCount(right) != 1 || (right & Rights.ALL.bits()) == 0) throw new IllegalArgumentException("right " + right + ": one of R, W, S, D");
        }

        @Override
        public boolean inject(Kernel kernel, Thread thread) {
            CapSpace space = thread.task().capSpace();
            CapSpace.Slot slot = space.slot(selector);
            if (slot == null) return false;
            Capability c = slot.capability();
            space.put(selector, new CapSpace.Slot(new Capability(c.object(), new Rights(c.rights().bits() ^ right)), slot.node()));
            return true;
        }

        @Override
        public String toString() {
            return "capability " + selector + " right " + "RWSD".charAt(Integer.numberOfTrailingZeros(right));
        }
    }

    /** Flips the write or execute permission of the page-table entry of page {@code va} (page aligned). */
    record PageTableEntry(int va, boolean execute) implements KernelObjectFault {
        public PageTableEntry {
            if ((va & 0xFFF) != 0) throw new IllegalArgumentException("page 0x" + Integer.toHexString(va) + " is not page aligned");
        }

        @Override
        public boolean inject(Kernel kernel, Thread thread) {
            AddressSpace space = thread.task().addressSpace();
            PageBits page = space.page(va);
            if (page == null) return false;
            boolean write = page.writable() ^ !execute, exec = page.executable() ^ execute;
            return space.protect(va, new PagePermissions(true, write, exec)) == L4Error.OK;
        }

        @Override
        public String toString() {
            return String.format("pte[0x%08x] %s", va, execute ? "execute" : "write");
        }
    }
}
