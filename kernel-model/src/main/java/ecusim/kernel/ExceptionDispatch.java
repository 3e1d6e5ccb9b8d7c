package ecusim.kernel;

import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.memory.PhysicalRam;

/**
 * What stops a thread, dispatched: {@code svc #0} to the invoke system call ({@link Ipc}), other system
 * calls to the kernel's {@link SystemCallHandler}, page faults first to the kernel's own write tracking and
 * W^X, then as IPC to the thread's pager, other exceptions to its exception handler. A fault nobody resolves
 * stops the thread.
 */
final class ExceptionDispatch {
    private final Kernel k;

    ExceptionDispatch(Kernel kernel) {
        this.k = kernel;
    }

    void systemCall(Thread thread, CpuEvent.SystemCall call) {
        k.charge(KernelCost.SYSCALL);
        thread.stats.systemCalls++;
        for (KernelListener l : k.listeners) l.systemCall(thread, call.immediate());
        SystemCallHandler.Outcome outcome = call.immediate() == Abi.SVC_INVOKE ? k.ipc.invoke(thread)
                : k.otherSystemCallsHandler.handle(k, thread, call);
        switch (outcome) {
            case CONTINUE -> { }
            case YIELD -> k.scheduler.rotate(thread);
            case BLOCK -> {
                k.scheduler.remove(thread);
                thread.setState(ThreadState.BLOCKED);
            }
            case EXIT -> {
                k.end(thread, ThreadState.EXITED);
                for (KernelListener l : k.listeners) l.threadExited(thread);
            }
            case ENDED -> { }
            case FAULT -> exception(thread, call);
        }
    }

    /**
     * A translation or permission fault: first the kernel's own dirty tracking (a write to a page that is
     * write-protected only to catch the first write), then an IPC to the thread's pager, which maps the page
     * and replies (the access is then retried), or replies later, or says it cannot (the thread stops).
     */
    void pageFault(Thread thread, CpuEvent event, int address, int pc, boolean write, boolean execute) {
        k.charge(KernelCost.EXCEPTION_ENTRY);
        k.charge(KernelCost.PAGE_FAULT);
        thread.stats.pageFaults++;
        AddressSpace space = thread.task().addressSpace();
        if (write && ((address ^ pc) & -PhysicalRam.PAGE_SIZE) == 0 && space.beginStep(address)) {
            k.stepping = thread; // it stores into the page it runs from: one instruction with both rights
            k.steppingPage = address & -PhysicalRam.PAGE_SIZE;
            return;
        }
        if (write && space.resolveWriteFault(address)) return;
        if (execute && thread.task().addressSpace().resolveExecuteFault(address)) return;
        IpcGate pager = thread.pager;
        if (pager == null || pager.server() == null) {
            k.stop(thread, event); // guest pagers would need memory items in replies; none exist yet
            return;
        }
        k.charge(KernelCost.IPC);
        thread.stats.ipcs++;
        thread.pending = new PendingOperation.AwaitingServer(pager, event);
        Message reply = pager.server().serve(pager, thread, Message.of(Abi.LABEL_PAGE_FAULT, address, pc, (write ? 1 : 0) | (execute ? 2 : 0)));
        if (thread.state() != ThreadState.READY) return; // ended by the pager
        if (reply == null) {
            k.scheduler.remove(thread);
            thread.setState(ThreadState.BLOCKED);
            return;
        }
        thread.pending = PendingOperation.NONE;
        if (reply.label() < 0) k.stop(thread, event);
    }

    /** Undefined instructions, breakpoints, alignment faults: to the exception handler, else the thread stops. */
    void exception(Thread thread, CpuEvent event) {
        k.charge(KernelCost.EXCEPTION_ENTRY);
        IpcGate handler = thread.exceptionHandler;
        if (handler == null || handler.server() == null) {
            k.stop(thread, event);
            return;
        }
        k.charge(KernelCost.IPC);
        thread.stats.ipcs++;
        Message reply = handler.server().serve(handler, thread, Message.of(Abi.LABEL_EXCEPTION, k.registersOf(thread).pc()));
        if (thread.state() != ThreadState.READY) return;
        if (reply == null || reply.label() < 0) k.stop(thread, event);
    }
}
