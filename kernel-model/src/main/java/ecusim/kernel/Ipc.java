package ecusim.kernel;

import ecusim.emulator.memory.PhysicalRam;
import java.util.ArrayList;
import java.util.List;

/**
 * The invoke system call: IPC between threads through gates (send, receive in open or closed wait, call,
 * reply-and-wait) with timeouts and capability transfer, calls into Java-served gates, and operations on
 * kernel objects. Messages travel UTCB to UTCB through physical RAM; every transfer is charged as an IPC.
 */
final class Ipc {
    private final Kernel kernel;
    private final PhysicalRam ram;

    Ipc(Kernel kernel) {
        this.kernel = kernel;
        this.ram = kernel.cpu().ram();
    }

    private final int[] arguments = new int[4];

    /** Serves {@code svc #0} of the thread on the CPU; returns whether it keeps running. */
    SystemCallHandler.Outcome invoke(Thread self) {
        kernel.cpu().systemCallArguments(arguments);
        int tag = arguments[0], selector = arguments[1], flags = arguments[2], timeoutUs = arguments[3];
        self.resultsOwed = true;
        SystemCallHandler.Outcome outcome = dispatch(self, tag, selector, flags, timeoutUs);
        if (outcome != SystemCallHandler.Outcome.BLOCK && self.resultsOwed) kernel.setResult(self, 0, 0, 0);
        return outcome;
    }

    private SystemCallHandler.Outcome dispatch(Thread self, int tag, int selector, int flags, int timeoutUs) {
        if ((flags & Abi.REPLY) != 0) reply(self, tag);
        if ((flags & Abi.SEND) != 0 && (flags & Abi.REPLY) == 0) return send(self, tag, selector, flags, timeoutUs);
        if ((flags & Abi.RECV) == 0) return SystemCallHandler.Outcome.CONTINUE;
        if ((flags & Abi.OPEN_WAIT) != 0) return openWait(self, timeoutUs);
        return closedWait(self, selector, timeoutUs);
    }

    // ---- send and call ----

    private SystemCallHandler.Outcome send(Thread self, int tag, int selector, int flags, int timeoutUs) {
        CapSpace space = self.task().capSpace();
        Capability cap = space.lookup(selector);
        if (cap == null) return fail(self, space.inRange(selector) ? L4Error.NOT_FOUND : L4Error.RANGE);
        boolean call = (flags & Abi.RECV) != 0;
        return switch (cap.object()) {
            case IpcGate gate when gate.server() != null -> callServer(self, gate, tag, call, timeoutUs);
            case IpcGate gate -> sendToThread(self, gate, tag, call, timeoutUs);
            case Task task -> objectResult(self, KernelObjects.task(kernel, self, cap, task));
            case Thread thread -> objectResult(self, KernelObjects.thread(kernel, self, cap, thread));
            case Irq irq -> objectResult(self, KernelObjects.irq(kernel, self, cap, irq));
            default -> fail(self, L4Error.NOSYS);
        };
    }

    private SystemCallHandler.Outcome callServer(Thread self, IpcGate gate, int tag, boolean call, int timeoutUs) {
        Message request = readMessage(self, tag);
        charge(self, KernelCost.IPC);
        self.pending = new PendingOperation.AwaitingServer(gate, null); // the server may reply later, or end the caller's task
        Message reply = gate.server().serve(gate, self, request);
        if (self.state() == ThreadState.EXITED || self.state() == ThreadState.STOPPED) return SystemCallHandler.Outcome.ENDED;
        if (reply != null || !call) {
            self.pending = PendingOperation.NONE;
            if (reply != null && call) deliverFromServer(self, reply);
            return SystemCallHandler.Outcome.CONTINUE;
        }
        kernel.armTimeout(self, timeoutUs);
        return SystemCallHandler.Outcome.BLOCK;
    }

    private SystemCallHandler.Outcome sendToThread(Thread self, IpcGate gate, int tag, boolean call, int timeoutUs) {
        Thread receiver = gate.boundThread();
        if (receiver.state() == ThreadState.EXITED || receiver.state() == ThreadState.STOPPED) return fail(self, Abi.E_CANCELED);
        if (receiver.pending instanceof PendingOperation.ReceivingOpen) {
            transfer(self, receiver, tag, gate.label(), call);
            kernel.wake(receiver);
            if (!call) return SystemCallHandler.Outcome.CONTINUE;
            awaitReply(self, receiver, timeoutUs);
            return SystemCallHandler.Outcome.BLOCK;
        }
        if (timeoutUs == 0) return fail(self, Abi.E_TIMEDOUT);
        self.pending = new PendingOperation.Sending(receiver, gate, tag, call, timeoutUs);
        self.stats.sendWaits++;
        receiver.senders.addLast(self);
        kernel.armTimeout(self, timeoutUs);
        return SystemCallHandler.Outcome.BLOCK;
    }

    private void awaitReply(Thread caller, Thread callee, int timeoutUs) {
        caller.pending = new PendingOperation.AwaitingReply(callee);
        kernel.armTimeout(caller, timeoutUs);
    }

    // ---- reply and receive ----

    private void reply(Thread self, int tag) {
        Thread caller = self.replyTo;
        self.replyTo = null;
        if (caller == null || !(caller.pending instanceof PendingOperation.AwaitingReply r && r.callee() == self)) return; // caller gone or timed out
        transfer(self, caller, tag, 0, false);
        kernel.wake(caller);
    }

    private SystemCallHandler.Outcome openWait(Thread self, int timeoutUs) {
        for (Irq irq : self.irqs) {
            if (irq.pending() > 0) {
                deliverIrq(self, irq);
                return SystemCallHandler.Outcome.CONTINUE;
            }
        }
        Thread sender = self.senders.pollFirst();
        if (sender != null) {
            var sending = (PendingOperation.Sending) sender.pending;
            transfer(sender, self, sending.tag(), sending.gate().label(), sending.call());
            kernel.cancelTimeout(sender);
            if (sending.call()) {
                awaitReply(sender, self, sending.timeoutUs()); // still blocked, now for the reply
            } else {
                sender.pending = PendingOperation.NONE;
                kernel.wake(sender);
            }
            return SystemCallHandler.Outcome.CONTINUE;
        }
        if (timeoutUs == 0) return fail(self, Abi.E_TIMEDOUT);
        self.pending = PendingOperation.RECEIVING_OPEN;
        kernel.armTimeout(self, timeoutUs);
        return SystemCallHandler.Outcome.BLOCK;
    }

    private SystemCallHandler.Outcome closedWait(Thread self, int selector, int timeoutUs) {
        CapSpace space = self.task().capSpace();
        Capability cap = space.lookup(selector);
        if (cap == null) return fail(self, space.inRange(selector) ? L4Error.NOT_FOUND : L4Error.RANGE);
        if (!(cap.object() instanceof Irq irq)) return fail(self, L4Error.INVALID);
        if (irq.attached() != self) return fail(self, L4Error.PERMISSION);
        if (irq.pending() > 0) {
            deliverIrq(self, irq);
            return SystemCallHandler.Outcome.CONTINUE;
        }
        if (timeoutUs == 0) return fail(self, Abi.E_TIMEDOUT);
        self.pending = new PendingOperation.ReceivingIrq(irq);
        kernel.armTimeout(self, timeoutUs);
        return SystemCallHandler.Outcome.BLOCK;
    }

    /** An IRQ was triggered: wakes its thread if it waits for it, else the trigger stays pending. */
    void trigger(Irq irq) {
        irq.addPending();
        Thread t = irq.attached();
        if (t == null || t.state() != ThreadState.BLOCKED) return;
        if (t.pending instanceof PendingOperation.ReceivingOpen || t.pending instanceof PendingOperation.ReceivingIrq r && r.irq() == irq) {
            deliverIrq(t, irq);
            kernel.wake(t);
        }
    }

    private void deliverIrq(Thread receiver, Irq irq) {
        int count = irq.takePending();
        ram.writeInt(receiver.utcbFrame() + Utcb.MR_OFFSET, count);
        kernel.hostWrote(receiver.utcbFrame());
        receiver.pending = PendingOperation.NONE;
        kernel.setResult(receiver, Abi.tag(0, 1, 0), 0, irq.label());
    }

    // ---- message transfer ----

    /** Copies the message in {@code from}'s UTCB to {@code to}'s, with its capabilities, and sets {@code to}'s results. */
    private void transfer(Thread from, Thread to, int tag, int gateLabel, boolean call) {
        int words = Math.min(Abi.words(tag), Utcb.MESSAGE_REGISTERS);
        int items = Math.min(Abi.items(tag), (Utcb.MESSAGE_REGISTERS - words) / 2);
        long src = from.utcbFrame() + Utcb.MR_OFFSET, dst = to.utcbFrame() + Utcb.MR_OFFSET;
        copy(src, dst, words * 4L);
        for (int i = 0; i < items; i++) {
            int word = ram.readInt(src + 4L * (words + 2 * i));
            int installed = transferItem(from, to, word, i);
            ram.writeInt(dst + 4L * (words + 2 * i), installed);
            ram.writeInt(dst + 4L * (words + 2 * i + 1), 0);
        }
        kernel.hostWrote(to.utcbFrame());
        charge(from, KernelCost.IPC);
        to.pending = PendingOperation.NONE;
        if (call) to.replyTo = from;
        kernel.setResult(to, Abi.tag(Abi.label(tag), words, items), 0, gateLabel);
    }

    /** Maps (or grants) one capability into the receiver's i-th buffer; returns the received item word, 0 if none. */
    private int transferItem(Thread from, Thread to, int word, int index) {
        if ((word & Abi.ITEM_MAP) == 0 || index >= Abi.RECEIVE_BUFFERS) return 0;
        int target = ram.readInt(to.utcbFrame() + Utcb.BR_OFFSET + 4L * index);
        if (target == 0) return 0;
        CapSpace fromSpace = from.task().capSpace(), toSpace = to.task().capSpace();
        int source = Abi.itemSelector(word);
        Rights mask = Abi.itemRights(word);
        L4Error result = (word & Abi.ITEM_GRANT) != 0
                ? kernel.mappingDatabase().grant(fromSpace, source, toSpace, target, mask)
                : kernel.mappingDatabase().map(fromSpace, source, toSpace, target, mask);
        if (result != L4Error.OK) return 0;
        return Abi.item(target, toSpace.lookup(target).rights());
    }

    /** The message a thread sends to a Java server, its items resolved to capabilities. */
    Message readMessage(Thread from, int tag) {
        int words = Math.min(Abi.words(tag), Utcb.MESSAGE_REGISTERS);
        int items = Math.min(Abi.items(tag), (Utcb.MESSAGE_REGISTERS - words) / 2);
        long src = from.utcbFrame() + Utcb.MR_OFFSET;
        int[] w = new int[words];
        for (int i = 0; i < words; i++) w[i] = ram.readInt(src + 4L * i);
        List<Capability> caps = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            int word = ram.readInt(src + 4L * (words + 2 * i));
            Capability cap = (word & Abi.ITEM_MAP) == 0 ? null : from.task().capSpace().lookup(Abi.itemSelector(word));
            if (cap != null) caps.add(new Capability(cap.object(), cap.rights().intersect(Abi.itemRights(word))));
        }
        return new Message(Abi.label(tag), w, caps);
    }

    /** Writes a Java server's reply into the caller's UTCB, installing its capabilities at the caller's buffers. */
    void deliverFromServer(Thread to, Message reply) {
        long dst = to.utcbFrame() + Utcb.MR_OFFSET;
        int[] words = reply.words();
        for (int i = 0; i < words.length; i++) ram.writeInt(dst + 4L * i, words[i]);
        int items = 0;
        for (Capability cap : reply.capabilities()) {
            int word = 0;
            if (items < Abi.RECEIVE_BUFFERS) {
                int target = ram.readInt(to.utcbFrame() + Utcb.BR_OFFSET + 4L * items);
                if (target != 0 && kernel.mappingDatabase().insertRoot(to.task().capSpace(), target, cap) == L4Error.OK) {
                    word = Abi.item(target, cap.rights());
                }
            }
            ram.writeInt(dst + 4L * (words.length + 2 * items), word);
            ram.writeInt(dst + 4L * (words.length + 2 * items + 1), 0);
            items++;
        }
        kernel.hostWrote(to.utcbFrame());
        to.pending = PendingOperation.NONE;
        int error = reply.label() < 0 ? -reply.label() : 0;
        kernel.setResult(to, Abi.tag(reply.label(), words.length, items), error, 0);
    }

    // ---- helpers ----

    private void copy(long src, long dst, long bytes) {
        if (bytes == 0) return;
        ram.copy(src, dst, bytes);
    }

    private SystemCallHandler.Outcome objectResult(Thread self, KernelObjects.Result result) {
        long dst = self.utcbFrame() + Utcb.MR_OFFSET;
        for (int i = 0; i < result.words().length; i++) ram.writeInt(dst + 4L * i, result.words()[i]);
        if (result.words().length > 0) kernel.hostWrote(self.utcbFrame());
        kernel.setResult(self, Abi.tag(0, result.words().length, 0), result.error().code(), 0);
        return result.outcome();
    }

    private SystemCallHandler.Outcome fail(Thread self, L4Error error) {
        return fail(self, error.code());
    }

    private SystemCallHandler.Outcome fail(Thread self, int code) {
        self.pending = PendingOperation.NONE;
        kernel.setResult(self, 0, code, 0);
        return SystemCallHandler.Outcome.CONTINUE;
    }

    private void charge(Thread thread, KernelCost op) {
        thread.stats.ipcs++;
        kernel.charge(op);
    }

    /** A thread blocked in IPC timed out or its partner vanished: undo its wait and report {@code code}. */
    void abort(Thread thread, int code) {
        if (thread.pending instanceof PendingOperation.Sending s) s.receiver().senders.remove(thread);
        if (thread.pending instanceof PendingOperation.AwaitingServer a) {
            thread.pending = PendingOperation.NONE; // first: the server may look at the thread
            a.gate().server().abandoned(a.gate(), thread);
        }
        thread.pending = PendingOperation.NONE;
        kernel.setResult(thread, 0, code, 0);
    }
}
