package ecusim.kernel;

import ecusim.emulator.cpu.CpuEvent;

/**
 * What a thread waits for in the kernel, as one value: the whole of its pending operation, so that it can
 * be read, saved, and written back. A thread that is not blocked has {@link None}. Timeouts live in the
 * kernel's timeout queue, not here; {@code timeoutUs} is what a call re-arms for its reply phase.
 */
public sealed interface PendingOperation {
    /** The kind, for code that only needs to know which. */
    IpcWait kind();

    /** Not waiting in the kernel. */
    record None() implements PendingOperation {
        public IpcWait kind() {
            return IpcWait.NONE;
        }
    }

    /** Queued to send {@code tag} through {@code gate} to {@code receiver}, which is not receiving yet; a call waits for the reply after. */
    record Sending(Thread receiver, IpcGate gate, int tag, boolean call, int timeoutUs) implements PendingOperation {
        public IpcWait kind() {
            return IpcWait.SENDING;
        }
    }

    /** Its call was delivered; it waits for {@code callee}'s reply. */
    record AwaitingReply(Thread callee) implements PendingOperation {
        public IpcWait kind() {
            return IpcWait.AWAITING_REPLY;
        }
    }

    /** Its call to a Java-served {@code gate} (or its page fault, then {@code fault}) waits for the deferred reply. */
    record AwaitingServer(IpcGate gate, CpuEvent fault) implements PendingOperation {
        public IpcWait kind() {
            return IpcWait.AWAITING_SERVER;
        }
    }

    /** In an open wait: a message through any gate bound to it, or an IRQ attached to it. */
    record ReceivingOpen() implements PendingOperation {
        public IpcWait kind() {
            return IpcWait.RECEIVING_OPEN;
        }
    }

    /** In a closed wait on {@code irq}. */
    record ReceivingIrq(Irq irq) implements PendingOperation {
        public IpcWait kind() {
            return IpcWait.RECEIVING_IRQ;
        }
    }

    /** Sleeping until its timeout (a sleep the kernel serves itself). */
    record Sleeping() implements PendingOperation {
        public IpcWait kind() {
            return IpcWait.SLEEPING;
        }
    }

    PendingOperation NONE = new None();
    PendingOperation RECEIVING_OPEN = new ReceivingOpen();
    PendingOperation SLEEPING = new Sleeping();
}
