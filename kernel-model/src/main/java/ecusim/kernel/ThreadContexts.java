package ecusim.kernel;

/**
 * Writes a thread's complete state ({@link ThreadContext}): whatever it did is cancelled without a word to
 * anyone, and the new state is entered as the thread would have entered it — sending queues it behind the
 * receiver's other senders, awaiting a reply makes the callee owe it one, a wait on a signal attaches nothing
 * (the signal must be attached to the thread). Refused with INVALID where the kernel cannot make it so: a
 * wait that would end at once (a sender queued, a signal pending), a callee that owes another thread a
 * reply, an ended partner, or a page fault awaiting its pager (run the access again instead). A wait for a Java
 * server's reply is entered as it is: the one who sets it makes the server owe that reply.
 */
final class ThreadContexts {
    private final Kernel k;

    ThreadContexts(Kernel kernel) {
        this.k = kernel;
    }

    L4Error set(Thread thread, ThreadContext context) {
        if (!k.threads.contains(thread)) return L4Error.NOT_FOUND;
        L4Error check = checkContext(thread, context);
        if (check != L4Error.OK) return check;
        if (thread.state() == ThreadState.BLOCKED) {
            k.timeouts.cancel(thread);
            if (!(thread.pending instanceof PendingOperation.None)) k.ipc.abort(thread, 0);
        }
        k.scheduler.remove(thread);
        k.setRegistersOf(thread, context.registers());
        thread.setSliceLeft(context.sliceLeft());
        thread.setPaused(context.paused());
        thread.pending = PendingOperation.NONE;
        thread.resultsOwed = false;
        switch (context.state()) {
            case INACTIVE -> thread.setState(ThreadState.INACTIVE);
            case READY -> {
                thread.setState(ThreadState.READY);
                k.scheduler.enqueue(thread);
            }
            case BLOCKED -> {
                thread.setState(ThreadState.BLOCKED);
                thread.pending = context.pending();
                thread.resultsOwed = !(context.pending() instanceof PendingOperation.Sleeping);
                switch (context.pending()) {
                    case PendingOperation.Sending s -> s.receiver().senders.addLast(thread);
                    case PendingOperation.AwaitingReply r -> r.callee().replyTo = thread;
                    default -> { }
                }
                if (context.timeoutDeadline() >= 0) k.timeouts.arm(thread, context.timeoutDeadline());
            }
            case EXITED, STOPPED -> k.end(thread, context.state());
        }
        return L4Error.OK;
    }

    private static L4Error checkContext(Thread thread, ThreadContext c) {
        if (c.registers() == null && c.state() != ThreadState.INACTIVE) return L4Error.INVALID;
        boolean blocked = c.state() == ThreadState.BLOCKED;
        if (blocked == c.pending() instanceof PendingOperation.None) return L4Error.INVALID;
        return switch (c.pending()) {
            case PendingOperation.None n -> L4Error.OK;
            case PendingOperation.Sleeping s -> c.timeoutDeadline() >= 0 ? L4Error.OK : L4Error.INVALID;
            case PendingOperation.ReceivingOpen r -> {
                boolean signalled = thread.irqs.stream().anyMatch(irq -> irq.pending() > 0);
                yield thread.senders.isEmpty() && !signalled ? L4Error.OK : L4Error.INVALID;
            }
            case PendingOperation.ReceivingIrq r -> r.irq().attached() == thread && r.irq().pending() == 0 ? L4Error.OK : L4Error.INVALID;
            case PendingOperation.Sending s -> s.receiver() != thread && alive(s.receiver()) && s.gate().boundThread() == s.receiver()
                    && !(s.receiver().pending instanceof PendingOperation.ReceivingOpen) ? L4Error.OK : L4Error.INVALID;
            case PendingOperation.AwaitingReply r -> r.callee() != thread && alive(r.callee()) && (r.callee().replyTo == null || r.callee().replyTo == thread)
                    ? L4Error.OK : L4Error.INVALID;
            // A call a Java server answers later: whoever sets this makes that server owe the reply (a parent
            // restoring a child re-arms its sleep); a pending page fault is re-raised by running the access again.
            case PendingOperation.AwaitingServer a -> a.fault() == null && a.gate() != null && a.gate().server() != null ? L4Error.OK : L4Error.INVALID;
        };
    }

    private static boolean alive(Thread t) {
        return t.state() != ThreadState.EXITED && t.state() != ThreadState.STOPPED;
    }
}
