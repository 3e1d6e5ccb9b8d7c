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
                        f.createdObjects().stream().map(x -> x.id().value()).toList(), f.retired()));
                default -> throw new IllegalStateException("no snapshot form for " + o);
            }
        }
        List<KernelState.SavedQueue> queues = new ArrayList<>();
        for (var e : k.scheduler.queues().entrySet()) queues.add(new KernelState.SavedQueue(e.getKey(), e.getValue().stream().map(KernelSnapshots::id).toList()));
        List<KernelState.SavedTimeout> timeouts = new ArrayList<>();
        for (TimeoutQueue.Entry e : k.timeouts.entries()) timeouts.add(new KernelState.SavedTimeout(e.deadline(), e.sequence(), id(e.thread()), id(e.alarm())));
        return new KernelState(k.nextObjectId, k.timeouts.nextSequence(), k.deadlockReported, k.idleCycles, id(k.current), id(k.currentTask),
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
                t.memory().freeL2Tables(), t.memory().charged(), replication(t));
    }

    private static KernelState.SavedReplication replication(Task t) {
        Replication r = t.replication();
        if (r == null) return null;
        return new KernelState.SavedReplication(r.mode().name(), r.peBudget(), r.retries(), r.cacheFlush(), t.replicationStats().toArray());
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
        k.dropPendingFault(); // its thread is one of the objects replaced: arm a fault after restoring
        k.objects.clear();
        k.tasks.clear();
        k.threads.clear();
        k.frameMappings.invalidate(k.tasks);
        Objects byId = new Objects(state.nextObjectId());
        int[] asids = new int[state.tasks().size()];
        int n = 0;
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
            KernelState.SavedReplication r = t.replication();
            if (r != null) {
                task.setReplication(new Replication(Replication.Mode.valueOf(r.mode()), r.peBudget(), r.retries(), r.cacheFlush()));
                task.replicationStats().restore(r.counters());
            }
            byId.put(t.id(), task);
            asids[n++] = t.asid();
        }
        for (KernelState.SavedThread t : state.threads()) {
            byId.put(t.id(), new Thread(new ObjectId(t.id()), t.name(), byId.get(t.task(), Task.class), t.priority(), t.utcbAddress(), t.utcbFrame()));
        }
        for (KernelState.SavedGate g : state.gates()) {
            byId.put(g.id(), g.server() != null ? new IpcGate(new ObjectId(g.id()), g.label(), null, links.server(g.server()))
                    : new IpcGate(new ObjectId(g.id()), g.label(), byId.get(g.boundThread(), Thread.class), null));
        }
        for (KernelState.SavedIrq i : state.irqs()) byId.put(i.id(), new Irq(new ObjectId(i.id())));
        for (KernelState.SavedAlarm a : state.alarms()) byId.put(a.id(), new Alarm(new ObjectId(a.id()), k));
        for (KernelState.SavedFactory f : state.factories()) {
            byId.put(f.id(), new Factory(new ObjectId(f.id()), k, f.limit(), links.quota(f.quota())));
        }
        // Link what refers to what, now that every object exists.
        for (KernelState.SavedIrq i : state.irqs()) byId.get(i.id(), Irq.class).restore(byId.get(i.attached(), Thread.class), i.label(), i.pending());
        for (KernelState.SavedAlarm a : state.alarms()) {
            byId.get(a.id(), Alarm.class).restore(byId.get(a.irq(), Irq.class), byId.get(a.replyTo(), Thread.class), a.period(), a.armed());
        }
        for (KernelState.SavedFactory f : state.factories()) {
            List<KernelObject> created = new ArrayList<>(f.createdObjects().size());
            for (long id : f.createdObjects()) created.add(byId.get(id, KernelObject.class));
            byId.get(f.id(), Factory.class).restore(f.created(), created, f.retired());
        }
        for (KernelState.SavedThread t : state.threads()) {
            Thread thread = byId.get(t.id(), Thread.class);
            thread.setState(ThreadState.valueOf(t.state()));
            thread.setRegisters(t.registers());
            thread.setSliceLeft(t.sliceLeft());
            thread.setPaused(t.paused());
            thread.pending = pending(t.pending(), byId);
            thread.replyTo = byId.get(t.replyTo(), Thread.class);
            for (long sender : t.senders()) thread.senders.addLast(byId.get(sender, Thread.class));
            for (long irq : t.irqs()) thread.irqs.add(byId.get(irq, Irq.class));
            thread.pager = byId.get(t.pager(), IpcGate.class);
            thread.exceptionHandler = byId.get(t.exceptionHandler(), IpcGate.class);
            thread.resultsOwed = t.resultsOwed();
            KernelState.SavedStats s = t.stats();
            thread.restoreStats(s.instructions(), s.cycles(), s.systemCalls(), s.ipcs(), s.pageFaults(), s.sendWaits());
        }
        restoreCapabilities(state, byId);
        // Registries, in the saved (creation) order.
        byId.forEachInIdOrder(o -> k.objects.put(o.id().value(), o));
        for (KernelState.SavedTask t : state.tasks()) k.tasks.add(byId.get(t.id(), Task.class));
        for (KernelState.SavedThread t : state.threads()) k.threads.add(byId.get(t.id(), Thread.class));
        k.asids.restore(asids);
        Map<Integer, List<Thread>> queues = new TreeMap<>();
        for (KernelState.SavedQueue q : state.readyQueues()) {
            List<Thread> queue = new ArrayList<>(q.threads().size());
            for (long id : q.threads()) queue.add(byId.get(id, Thread.class));
            queues.put(q.priority(), queue);
        }
        k.scheduler.restore(queues);
        List<TimeoutQueue.Entry> timeouts = new ArrayList<>(state.timeouts().size());
        for (KernelState.SavedTimeout t : state.timeouts()) {
            timeouts.add(new TimeoutQueue.Entry(t.deadline(), t.sequence(), byId.get(t.thread(), Thread.class), byId.get(t.alarm(), Alarm.class)));
        }
        k.timeouts.restore(timeouts, state.nextTimeoutSequence());
        k.nextObjectId = state.nextObjectId();
        k.deadlockReported = state.deadlockReported();
        k.idleCycles = state.idleCycles();
        k.current = byId.get(state.currentThread(), Thread.class);
        k.currentTask = byId.get(state.currentTask(), Task.class);
        k.stepping = byId.get(state.steppingThread(), Thread.class);
        k.steppingPage = state.steppingPage();
    }

    /**
     * The objects being restored, by id: ids are below the snapshot's next object id, so an array serves.
     * Id 0 is "none" (null); an id the snapshot has no object of, or one of another type, is refused.
     */
    private static final class Objects {
        private final KernelObject[] byId;

        Objects(long nextObjectId) {
            if (nextObjectId < 1 || nextObjectId > 1 << 24) throw new IllegalStateException("next object id " + nextObjectId + " is out of range");
            byId = new KernelObject[(int) nextObjectId];
        }

        void put(long id, KernelObject object) {
            if (id < 1 || id >= byId.length) throw new IllegalStateException("object id " + id + " is not below the next object id " + byId.length);
            if (byId[(int) id] != null) throw new IllegalStateException("two objects with id " + id);
            byId[(int) id] = object;
        }

        <T extends KernelObject> T get(long id, Class<T> type) {
            if (id == 0) return null;
            KernelObject o = id > 0 && id < byId.length ? byId[(int) id] : null;
            if (!type.isInstance(o)) {
                throw new IllegalStateException("a reference to object " + id + ", which the snapshot has no " + type.getSimpleName() + " for");
            }
            return type.cast(o);
        }

        void forEachInIdOrder(java.util.function.Consumer<KernelObject> action) {
            for (KernelObject o : byId) if (o != null) action.accept(o);
        }
    }

    /**
     * Capability slots with their derivation tree: each root, then its children in their saved order (so a
     * parent is always in place before its children, and siblings keep their revocation order).
     */
    private static void restoreCapabilities(KernelState state, Objects byId) {
        record Pending(Task task, KernelState.SavedSlot slot) {}
        Map<Long, List<Pending>> children = new HashMap<>(); // parent's task id and selector -> its children
        List<Pending> roots = new ArrayList<>();
        int total = 0;
        for (KernelState.SavedTask t : state.tasks()) {
            Task task = byId.get(t.id(), Task.class);
            for (KernelState.SavedSlot s : t.slots()) {
                Pending p = new Pending(task, s);
                if (s.parentTask() == 0) roots.add(p);
                else children.computeIfAbsent(key(s.parentTask(), s.parentSelector()), x -> new ArrayList<>()).add(p);
                total++;
            }
        }
        for (List<Pending> siblings : children.values()) siblings.sort(Comparator.comparingInt((Pending p) -> p.slot().childIndex()));
        record Place(Pending pending, MappingDatabase.Node parent) {}
        java.util.ArrayDeque<Place> work = new java.util.ArrayDeque<>();
        for (Pending r : roots) work.add(new Place(r, null));
        int placed = 0;
        while (!work.isEmpty()) {
            Place next = work.poll();
            KernelState.SavedSlot s = next.pending().slot();
            Task task = next.pending().task();
            MappingDatabase.Node node = MappingDatabase.restore(task.capSpace(), s.selector(),
                    new Capability(byId.get(s.object(), KernelObject.class), new Rights(s.rights())), next.parent());
            placed++;
            List<Pending> derived = children.remove(key(task.id().value(), s.selector()));
            if (derived != null) for (Pending d : derived) work.add(new Place(d, node));
        }
        if (placed != total) throw new IllegalStateException("capabilities whose parents are missing: " + (total - placed));
    }

    private static long key(long task, int selector) {
        return task << 32 | Integer.toUnsignedLong(selector);
    }

    private static PendingOperation pending(KernelState.SavedPending p, Objects byId) {
        return switch (p.kind()) {
            case "NONE" -> PendingOperation.NONE;
            case "SENDING" -> new PendingOperation.Sending(byId.get(p.partner(), Thread.class), byId.get(p.gate(), IpcGate.class), p.tag(), p.call(),
                    p.timeoutUs());
            case "AWAITING_REPLY" -> new PendingOperation.AwaitingReply(byId.get(p.partner(), Thread.class));
            case "AWAITING_SERVER" -> new PendingOperation.AwaitingServer(byId.get(p.gate(), IpcGate.class), event(p.fault()));
            case "RECEIVING_OPEN" -> PendingOperation.RECEIVING_OPEN;
            case "RECEIVING_IRQ" -> new PendingOperation.ReceivingIrq(byId.get(p.irq(), Irq.class));
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
