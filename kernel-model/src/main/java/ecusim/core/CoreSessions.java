package ecusim.core;

import ecusim.emulator.cpu.RegisterFile;
import ecusim.kernel.Created;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.L4Error;
import ecusim.kernel.Thread;

/** Core's own PD, RM and CPU sessions of one component: what core's services do for it. */
final class CoreSessions {
    private CoreSessions() {}

    record Pd(Core core, Component component) implements PdSession {
        @Override
        public Allocation alloc(long bytes) {
            ProtectionDomain.AllocResult r = component.pd().allocate(core.nextBadge(), bytes, true);
            if (r.error() != L4Error.OK) return new Allocation(r.error(), null);
            core.register(r.dataspace());
            return new Allocation(L4Error.OK, r.dataspace());
        }

        @Override
        public L4Error free(Dataspace dataspace) {
            if (dataspace.owner() != component.pd()) return L4Error.INVALID;
            return core.free(component.pd(), dataspace) == L4Error.OK ? L4Error.OK : L4Error.NOT_FOUND;
        }

        @Override
        public long quota() {
            return component.pd().quota();
        }

        @Override
        public long used() {
            return component.pd().used();
        }

        @Override
        public IpcGate allocGate(Thread receiver, int label) {
            return receiver.task() == component.task() ? component.pd().factory().createGate(label, receiver) : null;
        }

        @Override
        public Irq allocSignal(Thread receiver, int label) {
            return receiver.task() == component.task() ? component.pd().factory().createIrq(receiver, label) : null;
        }
    }

    record Rm(Core core, Component component) implements RmSession {
        @Override
        public RegionMap.AttachResult attach(Dataspace dataspace, int at, boolean writable, boolean executable) {
            RegionMap.AttachResult r = component.regionMap().attach(dataspace, 0, 0, at, Core.ATTACH_AREA, writable, executable);
            if (r.error() == L4Error.OK) core.retryPendingFaults();
            return r;
        }

        @Override
        public L4Error detach(int at) {
            return component.regionMap().detach(at);
        }
    }

    record Cpu(Core core, Component component) implements CpuSession {
        @Override
        public Created<Thread> createThread(String name, int priority) {
            return createThread(name, priority, 0);
        }

        @Override
        public Created<Thread> createThread(String name, int priority, int utcbAddress) {
            if (component.task() == null || component.destroyed()) return Created.refused(L4Error.NOT_FOUND, "the component is gone");
            int clamped = Math.max(0, Math.min(priority, component.priority()));
            Created<Thread> created = core.kernel().createThread(component.task(), name, clamped, utcbAddress);
            if (!created.ok()) return created;
            core.kernel().setPager(created.object(), core.pager.gate());
            component.addThread(created.object());
            return created;
        }

        private boolean ours(Thread t) {
            return t.task() == component.task();
        }

        @Override
        public L4Error start(Thread thread, int pc, int sp) {
            if (!ours(thread)) return L4Error.INVALID;
            core.kernel().exRegs(thread, pc, sp);
            return L4Error.OK;
        }

        @Override
        public L4Error pause(Thread thread) {
            if (!ours(thread)) return L4Error.INVALID;
            core.kernel().pause(thread);
            return L4Error.OK;
        }

        @Override
        public L4Error resume(Thread thread) {
            if (!ours(thread)) return L4Error.INVALID;
            core.kernel().resume(thread);
            return L4Error.OK;
        }

        @Override
        public RegisterFile state(Thread thread) {
            return ours(thread) ? core.kernel().registersOf(thread) : null;
        }

        @Override
        public L4Error setState(Thread thread, RegisterFile r) {
            RegisterFile now = state(thread);
            if (now == null) return L4Error.INVALID;
            // Only the flags and the Thumb bit are the thread's to set: it stays in user mode.
            int cpsr = (r.cpsr() & (0xF800_0000 | RegisterFile.CPSR_T)) | RegisterFile.CPSR_USER;
            core.kernel().setRegistersOf(thread, new RegisterFile(r.gpr(), cpsr, now.vfp(), now.fpscr(), now.tpidrurw(), now.tpidruro()));
            return L4Error.OK;
        }
    }
}
