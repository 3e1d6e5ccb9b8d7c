package ecusim.rtcr;

import ecusim.core.Core;
import ecusim.core.Dataspace;
import ecusim.core.PdSession;
import ecusim.core.Protocol;
import ecusim.core.RegionMap;
import ecusim.core.RmSession;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.init.StartSpec;
import ecusim.kernel.Capability;
import ecusim.kernel.Created;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.Kernel;
import ecusim.kernel.KernelCost;
import ecusim.kernel.KernelObject;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.PendingOperation;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;
import ecusim.kernel.ThreadContext;
import ecusim.kernel.ThreadState;
import ecusim.rtcr.CheckpointImage.AnnounceImage;
import ecusim.rtcr.CheckpointImage.AttachmentImage;
import ecusim.rtcr.CheckpointImage.CapabilityImage;
import ecusim.rtcr.CheckpointImage.ChildImage;
import ecusim.rtcr.CheckpointImage.DataspaceImage;
import ecusim.rtcr.CheckpointImage.EndpointImage;
import ecusim.rtcr.CheckpointImage.PageImage;
import ecusim.rtcr.CheckpointImage.SessionImage;
import ecusim.rtcr.CheckpointImage.SleepImage;
import ecusim.rtcr.CheckpointImage.ThreadImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Restores an image chain into Rtcr's group, in dependency order: empty children (task, PD, address space,
 * the capabilities every child has), their threads at their UTCB addresses, RAM dataspaces, sessions and
 * the ROM dataspaces they hand out, gates and signals (with the triggers they had pending), announced
 * services and sessions between children, attachments, memory (each page from the newest image of the chain
 * that has it), UTCBs, alarms with the time that was left of them, capabilities at their selectors with
 * their derivation, and last every thread's state, its pending kernel operation included. The chain is
 * checked whole first ({@link #check}); nothing is changed by a chain that fails it.
 */
final class Restorer {
    private final Rtcr rtcr;
    private final List<CheckpointImage> chain;
    private final CheckpointImage last;
    private final Kernel k;
    private final Core core;
    private long objectCycles, memoryCycles, capabilityCycles, threadCycles, pagesWritten;
    private int objects;
    private long start, end;

    Restorer(Rtcr rtcr, List<CheckpointImage> chain) {
        this.rtcr = rtcr;
        this.chain = List.copyOf(chain);
        this.last = chain.isEmpty() ? null : chain.getLast();
        this.k = rtcr.kernel();
        this.core = rtcr.core();
    }

    RestoreStats stats() {
        return new RestoreStats(last.header().sequence(), chain.size(), start, end - start, objectCycles, memoryCycles, capabilityCycles,
                threadCycles, pagesWritten, objects);
    }

    /** Refuses a chain that does not fit: broken links, another group, another binary, references to nothing. */
    void check() throws CheckpointException {
        CheckpointImage.checkChain(chain, rtcr::digestOf);
        CheckpointImage.checkPages(chain);
        Set<Long> known = new HashSet<>();
        for (ChildImage c : last.children()) {
            StartSpec spec = rtcr.spec(c.name());
            if (spec == null) throw new CheckpointException("the image's child " + c.name() + " is none of " + rtcr.name() + "'s");
            if (!spec.binary().equals(c.binary()) || !rtcr.binaryDigest(c.binary()).equals(c.binaryDigest())) {
                throw new CheckpointException("the image's child " + c.name() + " ran binary " + c.binary() + " (SHA-256 " + c.binaryDigest()
                        + "); here it is " + spec.binary() + " (" + rtcr.binaryDigest(spec.binary()) + ")");
            }
            known.addAll(List.of(c.task(), c.parentGate(), c.pdSession(), c.rmSession(), c.cpuSession()));
            for (ThreadImage t : c.threads()) known.add(t.id());
            for (DataspaceImage d : c.dataspaces()) known.add(d.id());
            for (EndpointImage e : c.endpoints()) known.add(e.id());
            for (SessionImage s : c.sessions()) if (s.server() == null) known.add(s.id());
        }
        for (ChildImage c : last.children()) {
            for (CapabilityImage cap : c.capabilities()) {
                if (!known.contains(cap.object())) {
                    throw new CheckpointException("child " + c.name() + "'s capability at selector " + cap.selector() + " names object "
                            + cap.object() + ", which the image does not contain");
                }
            }
            for (AttachmentImage a : c.attachments()) {
                if (c.dataspaces().stream().noneMatch(d -> d.id() == a.dataspace())) {
                    throw new CheckpointException("child " + c.name() + "'s attachment at 0x" + Integer.toHexString(a.at()) + " names dataspace "
                            + a.dataspace() + ", which the image does not contain");
                }
            }
        }
    }

    /** Builds the group again from the chain (the old one is gone); {@code beforeResume} runs last before the group's time goes on. */
    void restore(Runnable beforeResume) throws CheckpointException {
        start = k.now();
        k.switchOut(); // Rtcr's thread runs the restore
        ObjectIds ids = rtcr.ids();
        ids.setNext(last.header().nextObjectId());
        List<TargetChild> made = new ArrayList<>();
        long t0 = k.now();
        for (ChildImage ci : last.children()) made.add(objects(ci));
        for (int i = 0; i < made.size(); i++) betweenChildren(made.get(i), last.children().get(i));
        objectCycles = k.now() - t0;
        t0 = k.now();
        Map<Long, CheckpointImage> pages = new HashMap<>(); // each checkpoint of the chain, by its number
        for (CheckpointImage image : chain) pages.put(image.header().sequence(), image);
        for (int i = 0; i < made.size(); i++) memory(made.get(i), last.children().get(i), pages);
        memoryCycles = k.now() - t0;
        t0 = k.now();
        capabilities(made);
        capabilityCycles = k.now() - t0;
        t0 = k.now();
        for (ChildImage ci : last.children()) rtcr.charge(RtcrCost.THREAD_STATE, ci.threads().size());
        beforeResume.run();
        // From here on nothing is charged: the group's time goes on from this instant, as it stood still at the checkpoint.
        long resume = k.now();
        rtcr.setGroupCycles(cycles(last.header().groupCycles(), last.header().clockHz()));
        for (int i = 0; i < made.size(); i++) timers(made.get(i), last.children().get(i), resume);
        threads(made, resume);
        threadCycles = k.now() - t0;
        end = k.now();
        for (int i = 0; i < made.size(); i++) inImageOrder(made.get(i), last.children().get(i));
    }

    private void made(int count) {
        objects += count;
        rtcr.charge(RtcrCost.RESTORE_OBJECT, count);
    }

    /** The child, empty, with its threads, RAM, sessions, ROM dataspaces, gates and signals. */
    private TargetChild objects(ChildImage ci) throws CheckpointException {
        ObjectIds ids = rtcr.ids();
        TargetChild c = new TargetChild(rtcr, rtcr.spec(ci.name()));
        rtcr.children.add(c);
        try {
            c.createEmpty();
        } catch (ecusim.core.ComponentException e) {
            throw new CheckpointException("child " + ci.name() + " cannot be made again: " + e.getMessage());
        }
        c.bindFixed(ci.task(), ci.parentGate(), ci.pdSession(), ci.rmSession(), ci.cpuSession());
        c.nextSessionId = ci.nextSessionId();
        var cpu = core.cpuSession(c.component);
        for (ThreadImage t : ci.threads()) {
            Created<Thread> thread = cpu.createThread(t.name(), t.priority(), t.utcbAddress());
            if (!thread.ok()) throw new CheckpointException("child " + ci.name() + "'s thread " + t.name() + " cannot be made again: " + thread.reason());
            c.threads.put(t.id(), new TargetChild.ThreadInfo(t.id(), thread.object(), t.name(), t.priority()));
            ids.bind(t.id(), thread.object());
        }
        PdSession pd = core.pdSession(c.component);
        for (DataspaceImage d : ci.dataspaces()) {
            if (d.rom() != null) continue;
            if (d.tilePages() > 0) {
                TargetChild.Designated tiled = c.allocateDesignated(pd, d.size(), d.tilePages());
                if (tiled == null) throw new CheckpointException("child " + ci.name() + "'s dataspace " + d.id() + " (" + d.size() + " bytes) cannot be made again: its quota is short");
                c.dataspaces.put(d.id(), new TargetChild.DataspaceInfo(d.id(), tiled.managed, null, 0));
                c.designated.put(d.id(), tiled);
                ids.bind(d.id(), tiled.managed.gate());
                continue;
            }
            PdSession.Allocation a = pd.alloc(d.size());
            if (a.error() != L4Error.OK) throw new CheckpointException("child " + ci.name() + "'s dataspace " + d.id() + " (" + d.size() + " bytes) cannot be made again: " + a.error());
            c.dataspaces.put(d.id(), new TargetChild.DataspaceInfo(d.id(), a.dataspace(), null, 0));
            ids.bind(d.id(), a.dataspace().gate());
        }
        for (SessionImage s : ci.sessions()) {
            if (s.server() != null) continue;
            if (!c.component.pd().withdraw(s.quota())) throw new CheckpointException("child " + ci.name() + " cannot donate " + s.quota() + " bytes to its " + s.service() + " session again");
            if (c.openSession(s.sessionId(), s.id(), s.service(), s.label(), s.quota()) == null) {
                throw new CheckpointException("child " + ci.name() + "'s " + s.service() + " session \"" + s.label() + "\" cannot be opened here");
            }
        }
        for (DataspaceImage d : ci.dataspaces()) {
            if (d.rom() == null) continue;
            TargetChild.Session session = null;
            for (TargetChild.Session s : c.sessions.values()) if (s.id == d.session()) session = s;
            if (session == null) throw new CheckpointException("child " + ci.name() + "'s ROM dataspace " + d.id() + " names no ROM session of it");
            IpcGate coreSession = session.coreSession;
            Message reply = coreSession.server().serve(coreSession, null, Message.of(Protocol.ROM_DATASPACE));
            if (reply == null || reply.capabilities().isEmpty() || !(reply.capabilities().getFirst().object() instanceof IpcGate g) || core.dataspace(g) == null) {
                throw new CheckpointException("ROM module \"" + d.rom() + "\" gives no dataspace here");
            }
            c.dataspaces.put(d.id(), new TargetChild.DataspaceInfo(d.id(), core.dataspace(g), d.rom(), d.session()));
            ids.bind(d.id(), g);
        }
        for (EndpointImage e : ci.endpoints()) {
            Thread receiver = ids.get(e.receiver(), Thread.class);
            if (receiver == null) throw new CheckpointException("child " + ci.name() + "'s " + (e.signal() ? "signal " : "gate ") + e.id() + " is bound to no thread of it");
            Object made = e.signal() ? pd.allocSignal(receiver, e.label()) : pd.allocGate(receiver, e.label());
            if (made == null) throw new CheckpointException("child " + ci.name() + "'s " + (e.signal() ? "signal " : "gate ") + e.id() + " cannot be made again");
            c.endpoints.put(e.id(), new TargetChild.Endpoint(e.id(), made, e.receiver(), e.label()));
            ids.bind(e.id(), made);
            if (made instanceof Irq irq) for (int i = 0; i < e.pending(); i++) k.trigger(irq);
        }
        for (AnnounceImage a : ci.announced()) {
            IpcGate gate = ids.get(a.gate(), IpcGate.class);
            if (gate == null) throw new CheckpointException("child " + ci.name() + " announced " + a.service() + " through a gate the image lacks");
            c.announced.put(a.service(), gate);
        }
        made(ci.threads().size() + ci.dataspaces().size() + ci.sessions().size() + ci.endpoints().size() + 1);
        return c;
    }

    /** Sessions of one child to another's service, and attachments (a ROM or RAM dataspace at its address). */
    private void betweenChildren(TargetChild c, ChildImage ci) throws CheckpointException {
        for (SessionImage s : ci.sessions()) {
            if (s.server() == null) continue;
            TargetChild server = null;
            for (TargetChild t : rtcr.children) if (t.spec.name().equals(s.server())) server = t;
            if (server == null || server.announced.get(s.service()) == null) {
                throw new CheckpointException("child " + ci.name() + "'s " + s.service() + " session names server " + s.server() + ", which did not announce it");
            }
            if (!c.component.pd().withdraw(s.quota())) throw new CheckpointException("child " + ci.name() + " cannot donate to its " + s.service() + " session again");
            c.childSession(s.sessionId(), s.id(), s.service(), s.label(), s.quota(), server, server.announced.get(s.service()));
        }
        RmSession rm = core.rmSession(c.component);
        for (AttachmentImage a : ci.attachments()) {
            Dataspace ds = c.dataspaces.get(a.dataspace()).dataspace();
            RegionMap.AttachResult r = rm.attach(ds, a.at(), a.writable(), a.executable());
            if (r.error() != L4Error.OK || r.address() != a.at()) {
                throw new CheckpointException("child " + ci.name() + "'s dataspace " + a.dataspace() + " cannot be attached at 0x" + Integer.toHexString(a.at()) + " again: " + r.error());
            }
            c.attachments.put(a.at(), new TargetChild.Attachment(a.at(), a.dataspace(), a.size(), a.writable(), a.executable()));
        }
        made(ci.attachments().size());
    }

    /** Each page of the child's RAM from the image of the chain that the newest image's version index names (seed 002). */
    private void memory(TargetChild c, ChildImage ci, Map<Long, CheckpointImage> bySequence) throws CheckpointException {
        for (DataspaceImage d : ci.dataspaces()) {
            if (d.rom() != null) continue;
            CheckpointImage.PageIndex index = last.indexOf(d.id());
            Dataspace ds = c.dataspaces.get(d.id()).dataspace();
            for (int offset = 0; offset < d.size(); offset += PhysicalRam.PAGE_SIZE) {
                long version = index == null || offset / PhysicalRam.PAGE_SIZE >= index.versions().length ? 0 : index.versions()[offset / PhysicalRam.PAGE_SIZE];
                if (version == 0) continue; // never written: the new dataspace is zeroed, as the old one was
                PageImage p = bySequence.get(version).page(d.id(), offset);
                if (p.data().length != PhysicalRam.PAGE_SIZE) throw new CheckpointException("page " + offset + " of dataspace " + d.id() + " has " + p.data().length + " bytes");
                c.write(ds, offset, p.data(), 0, p.data().length);
                pagesWritten++;
            }
        }
        for (int va : ci.mapped()) core.prefault(c.component, va); // the mappings it had: no fault the original would not take
        PhysicalRam ram = k.cpu().ram();
        for (ThreadImage t : ci.threads()) {
            Thread thread = c.threads.get(t.id()).thread();
            ram.write(thread.utcbFrame(), t.utcb(), 0, Math.min(t.utcb().length, PhysicalRam.PAGE_SIZE));
            k.hostWrote(thread.utcbFrame());
            for (int i = 0; i < PhysicalRam.PAGE_SIZE / 1024; i++) k.charge(KernelCost.PAGE_COPY_PER_KIB);
        }
    }

    /**
     * Installs every capability of the group at its selector: roots first, then each copy derived from one in
     * the group under its source (parents before their copies, siblings in their original order), so that
     * revoking a source revokes the restored copies again.
     */
    private void capabilities(List<TargetChild> group) throws CheckpointException {
        record Placed(int child, CapabilityImage cap, int depth) {}
        Map<Long, CapabilityImage> bySlot = new HashMap<>();
        for (int i = 0; i < group.size(); i++) for (CapabilityImage cap : last.children().get(i).capabilities()) bySlot.put(slot(i, cap.selector()), cap);
        List<Placed> ordered = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            for (CapabilityImage cap : last.children().get(i).capabilities()) {
                int depth = 0;
                for (CapabilityImage at = cap; at != null && at.parentChild() >= 0 && depth <= bySlot.size(); depth++) {
                    at = bySlot.get(slot(at.parentChild(), at.parentSelector()));
                }
                ordered.add(new Placed(i, cap, depth));
            }
        }
        ordered.sort(Comparator.comparingInt(Placed::depth).thenComparingInt(p -> p.cap().parentChild()).thenComparingInt(p -> p.cap().parentSelector())
                .thenComparingInt(p -> p.cap().childIndex()).thenComparingInt(Placed::child).thenComparingInt(p -> p.cap().selector()));
        ObjectIds ids = rtcr.ids();
        for (Placed p : ordered) {
            TargetChild c = group.get(p.child());
            CapabilityImage cap = p.cap();
            String name = c.spec.name();
            rtcr.charge(RtcrCost.CAPABILITY, 1);
            Object object = ids.get(cap.object());
            if (!(object instanceof KernelObject kernelObject)) throw new CheckpointException("child " + name + "'s selector " + cap.selector() + " names no kernel object");
            if (Checkpointer.fixedSelector(cap.selector())) {
                var there = c.component.task().capSpace().lookup(cap.selector());
                if (there == null || there.object() != kernelObject) throw new CheckpointException("child " + name + "'s selector " + cap.selector() + " differs after its creation");
                continue;
            }
            Rights rights = new Rights(cap.rights());
            L4Error e;
            if (cap.parentChild() < 0 || !bySlot.containsKey(slot(cap.parentChild(), cap.parentSelector()))) {
                e = k.install(c.component.task(), cap.selector(), kernelObject, rights);
            } else {
                var from = group.get(cap.parentChild()).component.task().capSpace();
                e = k.mappingDatabase().installDerived(from, cap.parentSelector(), c.component.task().capSpace(), cap.selector(), new Capability(kernelObject, rights));
            }
            if (e != L4Error.OK) throw new CheckpointException("child " + name + "'s capability at selector " + cap.selector() + " cannot be installed: " + e);
        }
    }

    private static long slot(int child, int selector) {
        return ((long) child << 32) | Integer.toUnsignedLong(selector);
    }

    /** Rtcr's records of the child in the image's order, so that the next checkpoint lists them as this one did. */
    private static void inImageOrder(TargetChild c, ChildImage ci) {
        Map<Long, TargetChild.DataspaceInfo> dataspaces = new java.util.LinkedHashMap<>();
        for (DataspaceImage d : ci.dataspaces()) dataspaces.put(d.id(), c.dataspaces.get(d.id()));
        c.dataspaces.clear();
        c.dataspaces.putAll(dataspaces);
        Map<Integer, TargetChild.Session> sessions = new java.util.LinkedHashMap<>();
        for (SessionImage s : ci.sessions()) sessions.put(s.sessionId(), c.sessions.get(s.sessionId()));
        c.sessions.clear();
        c.sessions.putAll(sessions);
    }

    private void timers(TargetChild c, ChildImage ci, long resume) {
        ObjectIds ids = rtcr.ids();
        long hz = last.header().clockHz();
        for (SessionImage s : ci.sessions()) {
            if (!s.service().equals("Timer")) continue;
            TargetChild.Session session = c.sessions.get(s.sessionId());
            session.signal = ids.get(s.signal(), Irq.class);
            if (s.alarmLeftCycles() >= 0 && session.signal != null) {
                session.alarm.arm(resume + cycles(s.alarmLeftCycles(), hz), cycles(s.alarmPeriodCycles(), hz), session.signal);
            }
            for (SleepImage sleep : s.sleeps()) {
                Thread t = ids.get(sleep.thread(), Thread.class);
                if (t != null) session.sleeps.computeIfAbsent(t, x -> k.createAlarm()).armReply(resume + cycles(sleep.leftCycles(), hz), t);
            }
        }
    }

    /** {@code cycles} at {@code fromHz} in this ECU's clock: the same virtual time, exact when the clocks agree. */
    private long cycles(long cycles, long fromHz) {
        long toHz = k.clockHz();
        if (fromHz == toHz || cycles <= 0) return cycles;
        return cycles / fromHz * toHz + (cycles % fromHz) * toHz / fromHz;
    }

    /**
     * Sets every thread's state: those in no line first, then those queued to send and the ready ones, each
     * in the order they stood in line, so that the queues are what they were.
     */
    private void threads(List<TargetChild> group, long resume) throws CheckpointException {
        record Placed(TargetChild child, ChildImage image, ThreadImage thread) {}
        List<Placed> all = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) for (ThreadImage t : last.children().get(i).threads()) all.add(new Placed(group.get(i), last.children().get(i), t));
        all.sort(Comparator.comparingInt((Placed p) -> p.thread().state().equals("READY") ? 2 : p.thread().pending().equals("SENDING") ? 1 : 0)
                .thenComparingInt(p -> p.thread().queuePosition() < 0 ? 0 : p.thread().queuePosition()));
        for (Placed p : all) thread(p.child(), p.image(), p.thread(), resume);
    }

    private void thread(TargetChild c, ChildImage ci, ThreadImage t, long resume) throws CheckpointException {
        ObjectIds ids = rtcr.ids();
        long hz = last.header().clockHz();
        {
            Thread thread = c.threads.get(t.id()).thread();
            PendingOperation pending = switch (t.pending()) {
                case "NONE" -> PendingOperation.NONE;
                case "SENDING" -> new PendingOperation.Sending(ids.get(t.partner(), Thread.class), ids.get(t.gate(), IpcGate.class), t.tag(), t.call(), t.timeoutUs());
                case "AWAITING_REPLY" -> new PendingOperation.AwaitingReply(ids.get(t.partner(), Thread.class));
                case "AWAITING_SERVER" -> new PendingOperation.AwaitingServer(ids.get(t.gate(), IpcGate.class), null);
                case "RECEIVING_OPEN" -> PendingOperation.RECEIVING_OPEN;
                case "RECEIVING_IRQ" -> new PendingOperation.ReceivingIrq(ids.get(t.irq(), Irq.class));
                case "SLEEPING" -> PendingOperation.SLEEPING;
                default -> throw new CheckpointException("thread " + t.name() + ": unknown pending operation " + t.pending());
            };
            long deadline = t.timeoutLeftCycles() >= 0 ? resume + cycles(t.timeoutLeftCycles(), hz) : -1;
            ThreadState state = ThreadState.valueOf(t.state());
            L4Error e = k.setContext(thread, new ThreadContext(t.registers(), state, t.paused(), pending, deadline, t.sliceLeft()));
            if (e != L4Error.OK) throw new CheckpointException("thread " + t.name() + " of " + ci.name() + " cannot be put back into state " + t.state() + " " + t.pending() + ": " + e);
        }
    }
}
