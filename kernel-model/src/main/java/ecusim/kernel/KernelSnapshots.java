package ecusim.kernel;

import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.decode.AccessRange;
import ecusim.emulator.mmu.FaultKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Saves a kernel's whole state as a {@link KernelState} and puts one back, into the same kernel or into a
 * fresh one on another ECU (same configuration). The one place where the kernel's objects become data and
 * data becomes objects again: a field added to an object joins {@link KernelState} and both methods here.
 */
public final class KernelSnapshots {
    /** What a snapshot cannot name by itself: the Java servers behind gates, and the quotas that pay for tasks. */
    public interface Links {
        String nameOf(GateServer server);

        GateServer server(String name);

        String nameOf(RamQuota quota);

        RamQuota quota(String name);
    }

    private KernelSnapshots() {}

    // ------------------------------------------------------------------ capture

    public static KernelState capture(Kernel k, Links links) {
        Map<CapSpace, Long> owners = new java.util.IdentityHashMap<>();
        for (Task t : k.tasks) owners.put(t.capSpace(), t.id().value());
        List<KernelState.SavedTask> tasks = new ArrayList<>();
        List<KernelState.SavedThread> threads = new ArrayList<>();
        List<KernelState.SavedGate> gates = new ArrayList<>();
        List<KernelState.SavedIrq> irqs = new ArrayList<>();
        List<KernelState.SavedAlarm> alarms = new ArrayList<>();
        List<KernelState.SavedFactory> factories = new ArrayList<>();
        for (KernelObject o : k.objects.values()) {
            switch (o) {
                case Task t -> tasks.add(task(t, links, owners));
                case Thread t -> threads.add(thread(k, t));
                case IpcGate g -> gates.add(new KernelState.SavedGate(g.id().value(), g.label(), id(g.boundThread()),
                        g.server() == null ? null : links.nameOf(g.server())));
                case Irq i -> irqs.add(new KernelState.SavedIrq(i.id().value(), id(i.attached()), i.label(), i.pending()));
                case Alarm a -> alarms.add(new KernelState.SavedAlarm(a.id().value(), id(a.irq()), id(a.replyTo()), a.period(), a.armed()));
                case Factory f -> factories.add(new KernelState.SavedFactory(f.id().value(), f.limit(), f.created(), links.nameOf(f.quota()),
                        f.createdObjects().stream().map(x -> x.id().value()).toList()));
                default -> throw new IllegalStateException("no snapshot form for " + o);
            }
        }
        List<KernelState.SavedQueue> queues = new ArrayList<>();
        for (var e : k.scheduler.queues().entrySet()) queues.add(new KernelState.SavedQueue(e.getKey(), e.getValue().stream().map(KernelSnapshots::id).toList()));
        List<KernelState.SavedTimeout> timeouts = new ArrayList<>();
        for (TimeoutQueue.Entry e : k.timeouts.entries()) timeouts.add(new KernelState.SavedTimeout(e.deadline(), e.sequence(), id(e.thread()), id(e.alarm())));
        return new KernelState(k.nextObjectId, k.timeouts.nextSequence(), k.deadlockReported, id(k.current), id(k.currentTask),
                id(k.stepping), k.steppingPage, tasks, threads, gates, irqs, alarms, factories, queues, timeouts);
    }

    private static KernelState.SavedTask task(Task t, Links links, Map<CapSpace, Long> owners) {
        AddressSpace space = t.addressSpace();
        List<KernelState.SavedSlot> slots = new ArrayList<>();
        for (CapSpace.Entry e : t.capSpace().entries()) {
            MappingDatabase.Node node = t.capSpace().node(e.selector());
            MappingDatabase.Node parent = MappingDatabase.parentOf(node);
            Long parentTask = parent == null ? Long.valueOf(0) : owners.get(parent.space);
            if (parentTask == null) throw new IllegalStateException("a capability derived from one in a space of no live task: " + t.capSpace());
            slots.add(new KernelState.SavedSlot(e.selector(), e.capability().object().id().value(), e.capability().rights().bits(),
                    parentTask, parent == null ? -1 : parent.selector, MappingDatabase.childIndex(node)));
        }
        List<KernelState.SavedFrames> memory = new ArrayList<>();
        for (var e : t.memory().frames().entrySet()) memory.add(new KernelState.SavedFrames(e.getKey(), e.getValue()));
        return new KernelState.SavedTask(t.id().value(), t.name(), links.nameOf(t.memory().quota()), space.asid(), space.l1Base(),
                space.trackedRanges(), space.tlbFlushes(), space.savedPages(), t.capSpace().capacity(), slots, memory,
                t.memory().freeL2Tables(), t.memory().charged());
    }

    private static KernelState.SavedThread thread(Kernel k, Thread t) {
        ThreadStats s = t.stats();
        return new KernelState.SavedThread(t.id().value(), t.name(), t.task().id().value(), t.priority(), t.utcbAddress(), t.utcbFrame(),
                t.state().name(), k.registersOf(t), t.sliceLeft(), t.paused(), pending(t.pending), id(t.replyTo),
                t.senders.stream().map(KernelSnapshots::id).toList(), t.irqs.stream().map(KernelSnapshots::id).toList(),
                id(t.pager), id(t.exceptionHandler), t.resultsOwed,
                new KernelState.SavedStats(s.instructions, s.cycles, s.systemCalls, s.ipcs, s.pageFaults, s.sendWaits));
    }

    private static KernelState.SavedPending pending(PendingOperation p) {
        return switch (p) {
            case PendingOperation.None n -> new KernelState.SavedPending("NONE", 0, 0, 0, false, 0, 0, null);
            case PendingOperation.Sending s -> new KernelState.SavedPending("SENDING", id(s.receiver()), id(s.gate()), s.tag(), s.call(), s.timeoutUs(), 0, null);
            case PendingOperation.AwaitingReply r -> new KernelState.SavedPending("AWAITING_REPLY", id(r.callee()), 0, 0, false, 0, 0, null);
            case PendingOperation.AwaitingServer a -> new KernelState.SavedPending("AWAITING_SERVER", 0, id(a.gate()), 0, false, 0, 0, event(a.fault()));
            case PendingOperation.ReceivingOpen r -> new KernelState.SavedPending("RECEIVING_OPEN", 0, 0, 0, false, 0, 0, null);
            case PendingOperation.ReceivingIrq r -> new KernelState.SavedPending("RECEIVING_IRQ", 0, 0, 0, false, 0, id(r.irq()), null);
            case PendingOperation.Sleeping s -> new KernelState.SavedPending("SLEEPING", 0, 0, 0, false, 0, 0, null);
        };
    }

    private static KernelState.SavedEvent event(CpuEvent e) {
        return switch (e) {
            case null -> null;
            case CpuEvent.DataAbort d -> new KernelState.SavedEvent("DataAbort", d.pc(), d.access().start(), d.access().length(),
                    d.access().read(), d.access().write(), d.faultAddress(), d.kind().name(), d.instruction());
            case CpuEvent.PrefetchAbort p -> new KernelState.SavedEvent("PrefetchAbort", p.address(), 0, 0, false, false, p.address(),
                    p.kind().name(), "");
            default -> throw new IllegalStateException("a page fault pending with " + e);
        };
    }

    private static long id(KernelObject o) {
        return o == null ? 0 : o.id().value();
    }

    // ------------------------------------------------------------------ restore

    /**
     * Replaces everything {@code k} holds with {@code state}: its objects become new objects with the saved
     * identities. The frame pool and RAM are the caller's (they hold the tables and UTCBs this refers to),
     * as is loading the CPU ({@link Kernel#loadCpu()}) once RAM is back.
     */
    public static void restore(Kernel k, KernelState state, Links links) {
        k.objects.clear();
        k.tasks.clear();
        k.threads.clear();
        k.frameMappings.invalidate(() -> k.tasks.stream().map(Task::addressSpace).toList());
        Map<Long, KernelObject> byId = new HashMap<>();
        List<Integer> asids = new ArrayList<>();
        for (KernelState.SavedTask t : state.tasks()) {
            TaskMemory memory = new TaskMemory(k.cpu().ram(), k.frames, links.quota(t.quota()));
            Map<Long, Integer> frames = new LinkedHashMap<>();
            for (KernelState.SavedFrames f : t.memory()) frames.put(f.first(), f.pages());
            memory.restore(frames, t.freeL2Tables(), t.charged());
            AddressSpace space = AddressSpace.existing(k.cpu().ram(), memory, t.l1Base(), t.asid(), k.tlb, k.frameMappings, (int) t.id());
            for (KernelState.SavedPage p : t.pages()) {
                space.restorePage(p.va(), p.frame(), p.writable(), p.executable(), p.accessed(), p.dirty(), p.writeProtected(), p.writing());
            }
            space.restoreTracking(t.trackedRanges(), t.tlbFlushes());
            Task task = new Task(new ObjectId(t.id()), t.name(), space, new CapSpace(t.name(), t.capCapacity()), Kernel.UTCB_AREA, memory);
            byId.put(t.id(), task);
            asids.add(t.asid());
        }
        for (KernelState.SavedThread t : state.threads()) {
            Thread thread = new Thread(new ObjectId(t.id()), t.name(), (Task) byId.get(t.task()), t.priority(), t.utcbAddress(), t.utcbFrame());
            byId.put(t.id(), thread);
        }
        for (KernelState.SavedGate g : state.gates()) {
            IpcGate gate = g.server() != null ? new IpcGate(new ObjectId(g.id()), g.label(), null, links.server(g.server()))
                    : new IpcGate(new ObjectId(g.id()), g.label(), (Thread) byId.get(g.boundThread()), null);
            byId.put(g.id(), gate);
        }
        for (KernelState.SavedIrq i : state.irqs()) byId.put(i.id(), new Irq(new ObjectId(i.id())));
        for (KernelState.SavedAlarm a : state.alarms()) byId.put(a.id(), new Alarm(new ObjectId(a.id()), k));
        for (KernelState.SavedFactory f : state.factories()) {
            byId.put(f.id(), new Factory(new ObjectId(f.id()), k, f.limit(), links.quota(f.quota())));
        }
        // Link what refers to what, now that every object exists.
        for (KernelState.SavedIrq i : state.irqs()) ((Irq) byId.get(i.id())).restore((Thread) byId.get(i.attached()), i.label(), i.pending());
        for (KernelState.SavedAlarm a : state.alarms()) {
            ((Alarm) byId.get(a.id())).restore((Irq) byId.get(a.irq()), (Thread) byId.get(a.replyTo()), a.period(), a.armed());
        }
        for (KernelState.SavedFactory f : state.factories()) {
            ((Factory) byId.get(f.id())).restore(f.created(), f.createdObjects().stream().map(byId::get).toList());
        }
        for (KernelState.SavedThread t : state.threads()) {
            Thread thread = (Thread) byId.get(t.id());
            thread.setState(ThreadState.valueOf(t.state()));
            thread.setRegisters(t.registers());
            thread.setSliceLeft(t.sliceLeft());
            thread.setPaused(t.paused());
            thread.pending = pending(t.pending(), byId);
            thread.replyTo = (Thread) byId.get(t.replyTo());
            for (long sender : t.senders()) thread.senders.addLast((Thread) byId.get(sender));
            for (long irq : t.irqs()) thread.irqs.add((Irq) byId.get(irq));
            thread.pager = (IpcGate) byId.get(t.pager());
            thread.exceptionHandler = (IpcGate) byId.get(t.exceptionHandler());
            thread.resultsOwed = t.resultsOwed();
            KernelState.SavedStats s = t.stats();
            thread.restoreStats(s.instructions(), s.cycles(), s.systemCalls(), s.ipcs(), s.pageFaults(), s.sendWaits());
        }
        restoreCapabilities(state, byId);
        // Registries, in the saved (creation) order.
        List<Long> ids = new ArrayList<>(byId.keySet());
        ids.sort(Comparator.naturalOrder());
        for (long id : ids) k.objects.put(id, byId.get(id));
        for (KernelState.SavedTask t : state.tasks()) k.tasks.add((Task) byId.get(t.id()));
        for (KernelState.SavedThread t : state.threads()) k.threads.add((Thread) byId.get(t.id()));
        k.asids.restore(asids);
        Map<Integer, List<Thread>> queues = new TreeMap<>();
        for (KernelState.SavedQueue q : state.readyQueues()) queues.put(q.priority(), q.threads().stream().map(id -> (Thread) byId.get(id)).toList());
        k.scheduler.restore(queues);
        List<TimeoutQueue.Entry> timeouts = new ArrayList<>();
        for (KernelState.SavedTimeout t : state.timeouts()) {
            timeouts.add(new TimeoutQueue.Entry(t.deadline(), t.sequence(), (Thread) byId.get(t.thread()), (Alarm) byId.get(t.alarm())));
        }
        k.timeouts.restore(timeouts, state.nextTimeoutSequence());
        k.nextObjectId = state.nextObjectId();
        k.deadlockReported = state.deadlockReported();
        k.current = (Thread) byId.get(state.currentThread());
        k.currentTask = (Task) byId.get(state.currentTask());
        k.stepping = (Thread) byId.get(state.steppingThread());
        k.steppingPage = state.steppingPage();
    }

    /** Capability slots with their derivation tree: parents before children, siblings in their saved order. */
    private static void restoreCapabilities(KernelState state, Map<Long, KernelObject> byId) {
        record Pending(Task task, KernelState.SavedSlot slot) {}
        List<Pending> all = new ArrayList<>();
        for (KernelState.SavedTask t : state.tasks()) for (KernelState.SavedSlot s : t.slots()) all.add(new Pending((Task) byId.get(t.id()), s));
        all.sort(Comparator.comparingInt((Pending p) -> p.slot().childIndex()));
        Map<Long, MappingDatabase.Node> nodes = new HashMap<>(); // task id and selector -> node
        List<Pending> left = new ArrayList<>(all);
        while (!left.isEmpty()) {
            int before = left.size();
            for (var it = left.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                KernelState.SavedSlot s = p.slot();
                MappingDatabase.Node parent = null;
                if (s.parentTask() != 0) {
                    parent = nodes.get(s.parentTask() << 32 | Integer.toUnsignedLong(s.parentSelector()));
                    if (parent == null) continue; // its parent comes first
                }
                KernelObject object = byId.get(s.object());
                if (object == null) throw new IllegalStateException("capability to object " + s.object() + ", which the snapshot lacks");
                nodes.put(p.task().id().value() << 32 | Integer.toUnsignedLong(s.selector()),
                        MappingDatabase.restore(p.task().capSpace(), s.selector(), new Capability(object, new Rights(s.rights())), parent));
                it.remove();
            }
            if (left.size() == before) throw new IllegalStateException("capabilities whose parents are missing: " + left.size());
        }
    }

    private static PendingOperation pending(KernelState.SavedPending p, Map<Long, KernelObject> byId) {
        return switch (p.kind()) {
            case "NONE" -> PendingOperation.NONE;
            case "SENDING" -> new PendingOperation.Sending((Thread) byId.get(p.partner()), (IpcGate) byId.get(p.gate()), p.tag(), p.call(), p.timeoutUs());
            case "AWAITING_REPLY" -> new PendingOperation.AwaitingReply((Thread) byId.get(p.partner()));
            case "AWAITING_SERVER" -> new PendingOperation.AwaitingServer((IpcGate) byId.get(p.gate()), event(p.fault()));
            case "RECEIVING_OPEN" -> PendingOperation.RECEIVING_OPEN;
            case "RECEIVING_IRQ" -> new PendingOperation.ReceivingIrq((Irq) byId.get(p.irq()));
            case "SLEEPING" -> PendingOperation.SLEEPING;
            default -> throw new IllegalStateException("unknown pending operation " + p.kind());
        };
    }

    private static CpuEvent event(KernelState.SavedEvent e) {
        if (e == null) return null;
        FaultKind kind = FaultKind.valueOf(e.faultKind());
        return switch (e.type()) {
            case "DataAbort" -> new CpuEvent.DataAbort(e.pc(), new AccessRange(e.start(), e.length(), e.read(), e.write()), e.faultAddress(),
                    kind, e.instruction());
            case "PrefetchAbort" -> new CpuEvent.PrefetchAbort(e.faultAddress(), kind);
            default -> throw new IllegalStateException("unknown event " + e.type());
        };
    }
}
