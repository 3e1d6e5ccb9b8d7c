package ecusim.kernel;

/** A thread blocked in the kernel, and what it waits for in words: one line of a deadlock report. */
public record BlockedThread(Thread thread, String waitsFor) {
    /** {@code thread}, which is blocked, with its wait described from its pending operation. */
    static BlockedThread of(Thread thread) {
        return new BlockedThread(thread, switch (thread.ipcWait) {
            case SENDING -> "to send to " + name(thread.partner);
            case RECEIVING_OPEN -> "for a message or a signal (open wait)";
            case RECEIVING_IRQ -> "for a signal (" + thread.waitIrq + ")";
            case AWAITING_REPLY -> "for the reply of " + name(thread.partner);
            case AWAITING_SERVER -> thread.awaitedGate == null ? "for a reply of the platform"
                    : "for " + thread.awaitedGate.server().describeWait(thread.awaitedGate, thread);
            case SLEEPING, NONE -> "for nothing the kernel knows of";
        });
    }

    private static String name(Thread t) {
        return t == null ? "nobody" : "thread \"" + t.name() + "\" of \"" + t.task().name() + "\"";
    }
}
