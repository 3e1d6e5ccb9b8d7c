package ecusim.kernel;

/** A thread blocked in the kernel, and what it waits for in words: one line of a deadlock report. */
public record BlockedThread(Thread thread, String waitsFor) {
    /** {@code thread}, which is blocked, with its wait described from its pending operation. */
    static BlockedThread of(Thread thread) {
        String wait = switch (thread.pending) {
            case PendingOperation.Sending s -> "to send to " + name(s.receiver());
            case PendingOperation.ReceivingOpen r -> "for a message or a signal (open wait)";
            case PendingOperation.ReceivingIrq r -> "for a signal (" + r.irq() + ")";
            case PendingOperation.AwaitingReply r -> "for the reply of " + name(r.callee());
            case PendingOperation.AwaitingServer s -> "for " + s.gate().server().describeWait(s.gate(), thread);
            case PendingOperation.Sleeping s -> "for its timeout";
            case PendingOperation.None n -> thread.paused() ? "to be resumed" : "for nothing the kernel knows of";
        };
        return new BlockedThread(thread, thread.paused() && !(thread.pending instanceof PendingOperation.None) ? wait + " (and is paused)" : wait);
    }

    private static String name(Thread t) {
        return t == null ? "nobody" : "thread \"" + t.name() + "\" of \"" + t.task().name() + "\"";
    }
}
