package ecusim.core;

import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.kernel.GateServer;
import ecusim.kernel.IpcGate;
import ecusim.kernel.KernelCost;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;
import java.util.ArrayList;
import java.util.List;

/**
 * Core as the pager of every thread: a page fault arrives as a message (address, PC, write/execute bits);
 * core resolves it through the component's region maps and maps the page, with the permissions of the
 * region, into the faulting task. A fault in a managed region map where nothing is attached goes to that
 * map's fault handler and waits for an attach; any other fault is refused, and the kernel stops the thread.
 */
final class CorePager implements GateServer {
    record PendingFault(Thread thread, int address, boolean write, boolean execute) {}

    private final Core core;
    private IpcGate gate;
    private final List<PendingFault> pending = new ArrayList<>();

    CorePager(Core core) {
        this.core = core;
        this.gate = core.kernel().createGate(0, this);
    }

    IpcGate gate() {
        return gate;
    }

    /** Faults waiting for an attach, in arrival order. */
    List<PendingFault> pending() {
        return List.copyOf(pending);
    }

    /** Takes the gate and the waiting faults a snapshot has (a restore). */
    void restore(IpcGate gate, List<PendingFault> faults) {
        this.gate = gate;
        pending.clear();
        pending.addAll(faults);
    }

    @Override
    public Message serve(IpcGate gate, Thread faulter, Message fault) {
        int address = fault.word(0);
        boolean write = (fault.word(2) & 1) != 0, execute = (fault.word(2) & 2) != 0;
        Component component = core.componentOf(faulter.task());
        if (component == null) return Message.error(L4Error.NOT_FOUND);
        RegionMap.Resolution r = component.regionMap().resolve(address);
        if (!r.resolved()) {
            RegionMap.FaultHandler handler = r.unresolvedIn().faultHandler();
            if (handler == null || r.unresolvedIn() == component.regionMap()) return Message.error(L4Error.NOT_FOUND);
            PendingFault f = new PendingFault(faulter, address, write, execute);
            pending.add(f);
            handler.fault(r.unresolvedIn(), r.unresolvedOffset(), write);
            RegionMap.Resolution now = component.regionMap().resolve(address);
            if (!now.resolved()) return null; // the reply comes with the attach that resolves it
            pending.remove(f); // the handler attached at once
            r = now;
        }
        return map(faulter, address, r, write, execute) ? Message.of(0) : Message.error(L4Error.PERMISSION);
    }

    /**
     * Maps the faulting page as its region allows. A store to a read-only region, or a fetch from one that
     * is not executable, maps the page all the same and retries: the access then faults on the mapping,
     * and is reported as the permission fault it is, not as a page nobody mapped.
     */
    private boolean map(Thread faulter, int address, RegionMap.Resolution r, boolean write, boolean execute) {
        int page = address & -PhysicalRam.PAGE_SIZE;
        var space = faulter.task().addressSpace();
        if (space.page(page) != null) return false; // mapped yet faulting: a real protection violation
        L4Error e = space.map(page, r.frame(), new PagePermissions(true, r.writable(), r.executable()));
        core.kernel().charge(KernelCost.MAP_PAGE);
        return e == L4Error.OK;
    }

    /** Maps the page at {@code address} of {@code component} as a fault there would; false if nothing resolves it or it is mapped. */
    boolean prefault(Component component, int address) {
        RegionMap.Resolution r = component.regionMap().resolve(address);
        if (!r.resolved()) return false;
        int page = address & -PhysicalRam.PAGE_SIZE;
        var space = component.task().addressSpace();
        if (space.page(page) != null) return false;
        L4Error e = space.map(page, r.frame(), new PagePermissions(true, r.writable(), r.executable()));
        core.kernel().charge(KernelCost.MAP_PAGE);
        return e == L4Error.OK;
    }

    @Override
    public void abandoned(IpcGate gate, Thread faulter) {
        pending.removeIf(f -> f.thread() == faulter);
    }

    /** Drops the pending faults of a task that is gone. */
    void forget(ecusim.kernel.Task task) {
        pending.removeIf(f -> f.thread().task() == task);
    }

    @Override
    public String describeWait(IpcGate gate, Thread faulter) {
        for (PendingFault f : pending) {
            if (f.thread() == faulter) return "the fault handler of a managed dataspace to resolve its page fault at 0x" + Integer.toHexString(f.address());
        }
        return "core to resolve its page fault";
    }

    void retryPending() {
        for (PendingFault f : List.copyOf(pending)) {
            if (f.thread().state() != ecusim.kernel.ThreadState.BLOCKED) continue; // still being served: serve() resolves it
            Component component = core.componentOf(f.thread().task());
            RegionMap.Resolution r = component == null ? null : component.regionMap().resolve(f.address());
            if (r != null && !r.resolved()) continue;
            pending.remove(f);
            boolean ok = r != null && map(f.thread(), f.address(), r, f.write(), f.execute());
            core.kernel().reply(f.thread(), ok ? Message.of(0) : Message.error(L4Error.PERMISSION));
        }
    }
}
