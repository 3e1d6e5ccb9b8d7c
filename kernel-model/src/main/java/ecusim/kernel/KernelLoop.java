package ecusim.kernel;

import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.mmu.FaultKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's scheduling loop: expires timeouts, picks the next thread, switches to it (address space,
 * registers) and runs it for the rest of its slice, then hands what stopped it to {@link ExceptionDispatch};
 * idles to the next timeout when nothing is ready, and reports a deadlock when nothing can ever run again.
 */
final class KernelLoop {
    private final Kernel k;

    KernelLoop(Kernel kernel) {
        this.k = kernel;
    }

    /**
     * Runs until virtual time reaches {@code untilCycles} (a replicated thread's processing element may take it
     * past, see below). While nothing is ready, virtual time advances to
     * the next timeout, or to {@code untilCycles} when none is pending (the CPU idles). Returns whether any
     * thread is still ready or a timeout pending.
     */
    boolean run(long untilCycles) {
        while (k.now() < untilCycles) {
            expireTimeouts();
            Thread next = k.scheduler.pick();
            if (next == null) {
                long wake = k.timeouts.nextDeadline();
                if (wake == Long.MAX_VALUE) {
                    reportIfDeadlocked();
                    idle(untilCycles - k.now()); // the CPU idles on: the clock of an ECU with nothing to do still runs
                    return false;
                }
                idle(Math.min(wake, untilCycles) - k.now()); // idle until the next timeout
                continue;
            }
            k.deadlockReported = false;
            if (k.stepping != null && k.stepping != next) k.endStep(); // it will fault again when it runs
            long start = k.now();
            switchTo(next);
            long sliceStart = k.now();
            boolean debugStep = k.debugStep == next;
            boolean stepping = k.stepping != null || debugStep;
            // A slice also ends when a timeout falls due: the woken thread may outrank the running one. A
            // thread alone at its priority runs on past its slice's end (see Scheduler.aloneAtItsPriority):
            // stopping there costs a cut translated block, about 0.1 ms of host time, every quantum.
            long deadline = k.timeouts.nextDeadline();
            if (stepping || !k.scheduler.aloneAtItsPriority(next)) deadline = Math.min(deadline, sliceStart + next.sliceLeft());
            long sliceEnd = Math.min(untilCycles, deadline);
            long instructionsBefore = k.cpu.instructions();
            CpuEvent event;
            if (next.task().replication() != null && !stepping) {
                // A processing element, run and compared (it counts the thread's instructions once); a step
                // for W^X or the debugger runs once. A PE ends where the ECU's state says (a slice end, a
                // timeout), never where the caller's run happens to stop: a PE boundary costs time, so a run
                // split in two (to take a snapshot) must cut PEs where the run in one piece does. The run may
                // therefore end up to one PE past untilCycles.
                event = k.processingElements.run(next, deadline);
            } else {
                long threadBefore = next.instructions();
                event = k.cpu.run(k.faultBudget(next, threadBefore, 0, stepping ? 1 : Long.MAX_VALUE / 2), sliceEnd);
                next.stats.instructions += k.cpu.instructions() - instructionsBefore;
                for (KernelListener l : k.listeners) l.threadRan(next, instructionsBefore, threadBefore, event);
            }
            if (k.stepping != null) k.endStep();
            next.setSliceLeft(next.sliceLeft() - (k.now() - sliceStart));
            // A slice end reached (or passed, alone) takes effect before what stopped the thread is handled.
            if (next.sliceLeft() <= 0) k.scheduler.expire(next);
            switch (event) {
                case null -> { } // a processing element stopped its thread, or ended with nothing to dispatch
                case CpuEvent.BudgetExhausted b -> { } // the slice's end, a timeout or the end of the run
                case CpuEvent.SystemCall call -> k.dispatch.systemCall(next, call);
                case CpuEvent.DataAbort abort when abort.kind() != FaultKind.ALIGNMENT && abort.kind() != FaultKind.UNDECODED ->
                        k.dispatch.pageFault(next, event, abort.faultAddress(), abort.pc(), abort.access().write(), false);
                case CpuEvent.PrefetchAbort abort -> k.dispatch.pageFault(next, event, abort.address(), abort.address(), false, true);
                case CpuEvent.Breakpoint b when k.debugger != null && k.debugger.debugs(next) -> debugStop(next, Debugger.Stop.BREAKPOINT);
                default -> k.dispatch.exception(next, event);
            }
            // A step ends when its instruction retired; a deadline before it, or a page fault resolved for its
            // retry, leaves the step pending.
            if (debugStep && k.debugStep == next && k.cpu.instructions() > instructionsBefore) {
                debugStop(next, Debugger.Stop.STEPPED);
            }
            next.stats.cycles += k.now() - start;
        }
        expireTimeouts();
        boolean active = k.scheduler.pick() != null || k.timeouts.nextDeadline() != Long.MAX_VALUE;
        if (!active) reportIfDeadlocked();
        return active;
    }

    /** Hands a stopped thread to the debugger; the ECU stands still until it returns. */
    private void debugStop(Thread thread, Debugger.Stop why) {
        Debugger.Resume resume = k.debugger == null ? Debugger.Resume.CONTINUE : k.debugger.stopped(thread, why);
        k.debugStep = resume == Debugger.Resume.STEP ? thread : null;
    }

    private void idle(long cycles) {
        k.cpu.charge(cycles);
        k.idleCycles += cycles;
    }

    /**
     * Nothing is ready and no timeout is pending: no blocked thread can ever be woken from inside the ECU (a
     * paused one cannot resume itself either). If one of them waits for another — to send, for a reply, for
     * a server — that is a deadlock, and k.listeners hear once which thread waits for what, paused k.threads
     * among them. Servers idle in an open wait, or k.threads waiting for a signal, alone are not: an ECU whose
     * work is done looks like that.
     */
    private void reportIfDeadlocked() {
        if (k.deadlockReported) return;
        List<BlockedThread> blocked = new ArrayList<>();
        boolean waitingForAnother = false;
        for (Thread t : k.threads) {
            boolean waiting = t.state() == ThreadState.BLOCKED;
            if (waiting && (t.pending instanceof PendingOperation.Sending || t.pending instanceof PendingOperation.AwaitingReply
                    || t.pending instanceof PendingOperation.AwaitingServer)) {
                waitingForAnother = true;
            }
            if (waiting || t.paused() && t.state() == ThreadState.READY) blocked.add(BlockedThread.of(t));
        }
        if (!waitingForAnother) return;
        k.deadlockReported = true;
        for (KernelListener l : k.listeners) l.deadlocked(List.copyOf(blocked));
    }

    private void expireTimeouts() {
        for (TimeoutQueue.Entry e : k.timeouts.expire(k.now())) {
            if (e.alarm() != null) {
                e.alarm().fire(e.deadline());
                continue;
            }
            Thread thread = e.thread();
            if (thread.state() != ThreadState.BLOCKED) continue;
            if (!(thread.pending instanceof PendingOperation.Sleeping)) k.ipc.abort(thread, Abi.E_TIMEDOUT);
            thread.pending = PendingOperation.NONE;
            thread.setState(ThreadState.READY);
            k.scheduler.enqueue(thread); // a paused thread keeps its place; the k.scheduler passes over it
        }
    }

    /** Puts {@code next} on the CPU: saves the k.current thread's registers, switches address space if needed. */
    private void switchTo(Thread next) {
        if (next == k.current) return;
        Thread previous = k.current;
        if (previous != null) previous.setRegisters(k.cpu.registers());
        if (next.task() != k.currentTask) {
            AddressSpace space = next.task().addressSpace();
            k.cpu.switchAddressSpace(space.l1Base(), space.asid(), (int) next.task().id().value());
            if (!k.cpu.mmuEnabled()) k.cpu.enableMmu();
            k.charge(KernelCost.TLB_FLUSH_ALL);
            space.countTlbFlush();
            k.currentTask = next.task();
        }
        k.cpu.setRegisters(next.registers());
        k.charge(KernelCost.CONTEXT_SWITCH);
        k.current = next;
        for (KernelListener l : k.listeners) l.switched(previous, next);
    }
}
