package ecusim.rtcr;

import ecusim.core.Dataspace;
import ecusim.core.RegionMap;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.kernel.Abi;
import ecusim.kernel.CapSpace;
import ecusim.kernel.Irq;
import ecusim.kernel.Kernel;
import ecusim.kernel.KernelCost;
import ecusim.kernel.MappingDatabase;
import ecusim.kernel.PendingOperation;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Takes a checkpoint of Rtcr's group: pause every thread at an instruction boundary (whatever it is doing),
 * read each one's complete state, walk each child's capability space, record the sessions, dataspaces,
 * attachments, gates, signals and alarms, copy the memory the mode says changed, restart tracking, resume
 * — then serialize (buffered mode: the pages were copied into a buffer while frozen, encoding follows the
 * resume). Every step is charged to virtual time as it happens.
 */
final class Checkpointer {
    private final Rtcr rtcr;
    private long sequence;
    private String lastDigest = "";
    /** Whether the children's writes have been tracked since the last image (a chain can go on from it). */
    private boolean tracking;
    /** The RAM dataspaces the last image had: one that is new since then is copied whole. */
    private Set<Long> imaged = new HashSet<>();
    private long faultsAtLastImage;
    private CheckpointStats lastStats;
    /** Seed 002's version index as of the last image: for each RAM dataspace, which checkpoint holds each page (0: none). */
    private Map<Long, long[]> versions = new java.util.TreeMap<>();

    Checkpointer(Rtcr rtcr) {
        this.rtcr = rtcr;
    }

    CheckpointStats lastStats() {
        return lastStats;
    }

    long sequence() {
        return sequence;
    }

    String lastDigest() {
        return lastDigest;
    }

    boolean tracking() {
        return tracking;
    }

    List<Long> imaged() {
        return imaged.stream().sorted().toList();
    }

    long faultsAtLastImage() {
        return faultsAtLastImage;
    }

    List<CheckpointImage.PageIndex> versions() {
        List<CheckpointImage.PageIndex> out = new ArrayList<>();
        versions.forEach((ds, v) -> out.add(new CheckpointImage.PageIndex(ds, v.clone())));
        return out;
    }

    /** Its place in the series as an ECU snapshot saved it. */
    void restore(RtcrState.CheckpointerState state, CheckpointStats last) {
        versions = new java.util.TreeMap<>();
        for (CheckpointImage.PageIndex i : state.versions()) versions.put(i.dataspace(), i.versions().clone());
        sequence = state.sequence();
        lastDigest = state.lastDigest();
        tracking = state.tracking();
        imaged = new HashSet<>(state.imaged());
        faultsAtLastImage = state.faultsAtLastImage();
        lastStats = last;
    }

    /** A restore from {@code chain} makes its last image the one the next incremental image builds on. */
    void restored(List<CheckpointImage> chain) {
        CheckpointImage last = chain.getLast();
        sequence = last.header().sequence();
        lastDigest = rtcr.digestOf(last);
        imaged = new HashSet<>();
        for (ChildImage c : last.children()) for (DataspaceImage d : c.dataspaces()) if (d.rom() == null) imaged.add(d.id());
        versions = new java.util.TreeMap<>();
        for (CheckpointImage.PageIndex i : last.index()) versions.put(i.dataspace(), i.versions().clone());
        startTracking();
        faultsAtLastImage = pageFaults();
    }

    CheckpointImage take(boolean wantIncremental) throws CheckpointException {
        Kernel k = rtcr.kernel();
        MemoryMode mode = rtcr.config().mode();
        boolean incremental = wantIncremental && mode != MemoryMode.FULL && tracking && sequence > 0;
        long start = k.now();
        k.switchOut(); // Rtcr's thread runs the checkpoint
        // Pause: every live thread of the group, at the instruction boundary it is at.
        Map<Thread, Boolean> wasPaused = new IdentityHashMap<>();
        for (TargetChild c : rtcr.children) {
            for (Thread t : c.liveThreads()) {
                wasPaused.put(t, t.paused());
                k.pause(t);
                rtcr.charge(RtcrCost.PAUSE_THREAD, 1);
            }
        }
        long paused = k.now();
        try {
            List<ChildImage> children = new ArrayList<>();
            int threads = 0, capabilities = 0;
            long capabilityCycles = 0;
            for (TargetChild c : rtcr.children) {
                if (c.exited) continue;
                List<ThreadImage> threadImages = threads(c, wasPaused);
                threads += threadImages.size();
                long before = k.now();
                List<CapabilityImage> caps = capabilities(c);
                capabilities += caps.size();
                capabilityCycles += k.now() - before;
                children.add(metadata(c, threadImages, caps));
            }
            long metadataCycles = k.now() - paused - capabilityCycles;
            long copyStart = k.now();
            Copy copy = copyMemory(incremental);
            startTracking();
            long copied = k.now();
            sequence++;
            // The image describes the group as it is when it runs again: what is left of its timeouts and alarms
            // counts from then, and its clock reads then, so a restored group and one that was only checkpointed
            // go on alike. That is after the encoding in both modes (direct mode encodes while the group is
            // frozen; buffered mode resumes it first, but the encoding takes the CPU before it runs). The
            // encoding's cost depends only on the image's length, which those values do not change.
            boolean direct = rtcr.config().direct();
            long serializeStart = k.now();
            long resumeAt = serializeStart + serializeCost(image(incremental, serializeStart, children, copy).encodedLength());
            CheckpointImage image = image(incremental, resumeAt, children, copy);
            versions = copy.versions;
            byte[] bytes = null;
            if (direct) bytes = serialize(image);
            long serializeInFrozen = k.now() - serializeStart;
            resume(wasPaused);
            long frozen = k.now() - start;
            long serializeCycles = serializeInFrozen;
            if (!direct) {
                long s = k.now();
                bytes = serialize(image);
                serializeCycles = k.now() - s;
            }
            lastDigest = CheckpointImage.digest(bytes);
            rtcr.rememberDigest(image, lastDigest);
            imaged = copy.ramDataspaces;
            long faults = pageFaults();
            lastStats = new CheckpointStats(sequence, incremental, start, frozen, paused - start, capabilityCycles, metadataCycles,
                    copied - copyStart, serializeCycles, threads, capabilities, copy.scanned, copy.skipped, copy.pages.size(),
                    (long) copy.pages.size() * PhysicalRam.PAGE_SIZE, bytes.length, faults - faultsAtLastImage);
            faultsAtLastImage = faults;
            return image;
        } catch (CheckpointException | RuntimeException e) {
            resume(wasPaused);
            throw e;
        }
    }

    private void resume(Map<Thread, Boolean> wasPaused) {
        Kernel k = rtcr.kernel();
        wasPaused.forEach((t, was) -> {
            if (!was) k.resume(t);
        });
    }

    private byte[] serialize(CheckpointImage image) {
        byte[] bytes = image.encode();
        rtcr.charge(RtcrCost.SERIALIZE_PER_KIB, (bytes.length + 1023) / 1024);
        return bytes;
    }

    private long serializeCost(long bytes) {
        return rtcr.kernel().cpu().costs().cycles(RtcrCost.SERIALIZE_PER_KIB.key()) * ((bytes + 1023) / 1024);
    }

    /** The image with every deadline (captured as an absolute time) made the time left of it at {@code resumeAt}. */
    private CheckpointImage image(boolean incremental, long resumeAt, List<ChildImage> captured, Copy copy) {
        Kernel k = rtcr.kernel();
        List<ChildImage> children = new ArrayList<>(captured.size());
        for (ChildImage c : captured) {
            List<ThreadImage> threads = new ArrayList<>();
            for (ThreadImage t : c.threads()) {
                threads.add(new ThreadImage(t.id(), t.name(), t.priority(), t.utcbAddress(), t.state(), t.registers(), t.paused(), t.pending(),
                        t.partner(), t.gate(), t.tag(), t.call(), t.timeoutUs(), t.irq(), left(t.timeoutLeftCycles(), resumeAt), t.sliceLeft(),
                        t.queuePosition(), t.utcb()));
            }
            List<SessionImage> sessions = new ArrayList<>();
            for (SessionImage s : c.sessions()) {
                List<SleepImage> sleeps = new ArrayList<>();
                for (SleepImage sleep : s.sleeps()) sleeps.add(new SleepImage(sleep.thread(), left(sleep.leftCycles(), resumeAt)));
                sessions.add(new SessionImage(s.sessionId(), s.id(), s.service(), s.label(), s.quota(), s.server(), s.signal(),
                        left(s.alarmLeftCycles(), resumeAt), s.alarmPeriodCycles(), sleeps));
            }
            children.add(new ChildImage(c.name(), c.binary(), c.binaryDigest(), c.ramQuota(), c.priority(), c.config(), c.task(), c.parentGate(),
                    c.pdSession(), c.rmSession(), c.cpuSession(), c.nextSessionId(), threads, c.dataspaces(), c.attachments(), c.endpoints(),
                    sessions, c.announced(), c.capabilities(), c.mapped()));
        }
        var header = new CheckpointImage.Header(rtcr.ecuName(), rtcr.name(), sequence, incremental ? lastDigest : "", rtcr.config().mode().xmlName(),
                rtcr.config().granularity(), k.clockHz(), resumeAt, rtcr.groupCyclesAt(resumeAt), rtcr.ids().next());
        List<CheckpointImage.PageIndex> index = new ArrayList<>();
        copy.versions.forEach((ds, v) -> index.add(new CheckpointImage.PageIndex(ds, v)));
        return new CheckpointImage(header, children, index, copy.pages);
    }

    /** What is left at {@code at} of a deadline (-1: none); one already due is due at once. */
    private static long left(long deadline, long at) {
        return deadline < 0 ? -1 : Math.max(0, deadline - at);
    }

    private long pageFaults() {
        long faults = 0;
        for (TargetChild c : rtcr.children) for (TargetChild.ThreadInfo t : c.threads.values()) faults += t.thread().stats().pageFaults();
        return faults;
    }

    // ------------------------------------------------------------------ threads

    private List<ThreadImage> threads(TargetChild c, Map<Thread, Boolean> wasPaused) throws CheckpointException {
        Kernel k = rtcr.kernel();
        PhysicalRam ram = k.cpu().ram();
        List<ThreadImage> out = new ArrayList<>();
        for (TargetChild.ThreadInfo info : c.threads.values()) {
            Thread t = info.thread();
            if (t.state() == ThreadState.EXITED || t.state() == ThreadState.STOPPED) continue;
            ThreadContext ctx = k.context(t);
            rtcr.charge(RtcrCost.THREAD_STATE, 1);
            var regs = ctx.registers();
            String pending = "NONE";
            long partner = 0, gate = 0, irq = 0;
            int tag = 0, timeoutUs = 0;
            boolean call = false;
            ThreadState state = ctx.state();
            switch (ctx.pending()) {
                case PendingOperation.None n -> { }
                case PendingOperation.Sending s -> {
                    pending = "SENDING";
                    partner = known(s.receiver(), t, "the thread it sends to");
                    gate = known(s.gate(), t, "the gate it sends through");
                    tag = s.tag();
                    call = s.call();
                    timeoutUs = s.timeoutUs();
                }
                case PendingOperation.AwaitingReply r -> {
                    pending = "AWAITING_REPLY";
                    partner = known(r.callee(), t, "the thread whose reply it awaits");
                }
                case PendingOperation.AwaitingServer a -> {
                    TargetChild.Session timer = a.fault() == null ? c.sessionOf(a.gate()) : null;
                    if (timer != null && timer.sleeps.containsKey(t) && timer.sleeps.get(t).deadline() >= 0) {
                        pending = "AWAITING_SERVER"; // a sleep in Rtcr's Timer: re-armed with what is left of it
                        gate = rtcr.ids().idOf(a.gate());
                    } else {
                        // A call to a server that answers later, or a page fault awaiting its pager: on restore the
                        // thread runs the system call (its r0..r3 are kept) or the faulting access again.
                        state = ThreadState.READY;
                        if (a.fault() == null) regs = regs.with(15, regs.pc() - (regs.thumb() ? 2 : 4));
                    }
                }
                case PendingOperation.ReceivingOpen r -> pending = "RECEIVING_OPEN";
                case PendingOperation.ReceivingIrq r -> {
                    pending = "RECEIVING_IRQ";
                    irq = known(r.irq(), t, "the signal it waits for");
                }
                case PendingOperation.Sleeping s -> pending = "SLEEPING";
            }
            if (state == ThreadState.READY && !pending.equals("NONE")) pending = "NONE";
            long timeoutLeft = state == ThreadState.BLOCKED && ctx.timeoutDeadline() >= 0 ? ctx.timeoutDeadline() : -1; // absolute until the image is made
            byte[] utcb = new byte[PhysicalRam.PAGE_SIZE];
            ram.read(t.utcbFrame(), utcb, 0, utcb.length);
            k.charge(KernelCost.PAGE_COPY_PER_KIB);
            out.add(new ThreadImage(info.id(), info.name(), t.priority(), t.utcbAddress(), state.name(), regs, wasPaused.getOrDefault(t, false),
                    pending, partner, gate, tag, call, timeoutUs, irq, timeoutLeft, ctx.sliceLeft(),
                    state == ctx.state() ? k.queuePosition(t) : Integer.MAX_VALUE, utcb)); // a call to re-issue goes to the back
        }
        return out;
    }

    /** The identity of {@code object}, which thread {@code t} waits on; a wait on something outside the group cannot be checkpointed. */
    private long known(Object object, Thread t, String what) throws CheckpointException {
        long id = rtcr.ids().idOf(object);
        if (id == 0) throw new CheckpointException("thread " + t.name() + " waits on something outside Rtcr's group (" + what + ": " + object + ")");
        return id;
    }

    // ------------------------------------------------------------------ capabilities

    private List<CapabilityImage> capabilities(TargetChild c) throws CheckpointException {
        CapSpace space = c.component.task().capSpace();
        MappingDatabase mapdb = rtcr.kernel().mappingDatabase();
        List<CapabilityImage> out = new ArrayList<>();
        for (CapSpace.Entry e : space.entries()) {
            rtcr.charge(RtcrCost.CAPABILITY, 1);
            long object = rtcr.ids().idOf(e.capability().object());
            if (object == 0) {
                throw new CheckpointException("child " + c.spec.name() + " holds at selector " + e.selector() + " a capability to "
                        + e.capability().object() + ", which Rtcr did not hand out (from outside its group)");
            }
            int parentChild = -1, parentSelector = 0, childIndex = 0;
            MappingDatabase.Derivation from = mapdb.derivedFrom(space, e.selector());
            if (from != null) {
                for (int i = 0; i < rtcr.children.size(); i++) {
                    TargetChild p = rtcr.children.get(i);
                    if (p.exited || p.component.task().capSpace() != from.space()) continue;
                    parentChild = i;
                    parentSelector = from.selector();
                    List<MappingDatabase.Derivation> siblings = mapdb.derivationTree(from.space(), from.selector()).derived();
                    for (int j = 0; j < siblings.size(); j++) {
                        if (siblings.get(j).space() == space && siblings.get(j).selector() == e.selector()) childIndex = j;
                    }
                }
            }
            out.add(new CapabilityImage(e.selector(), object, e.capability().rights().bits(), parentChild, parentSelector, childIndex));
        }
        return out;
    }

    // ------------------------------------------------------------------ sessions, dataspaces, regions

    /** The child's objects (its alarms' deadlines absolute until the image is made). */
    private ChildImage metadata(TargetChild c, List<ThreadImage> threads, List<CapabilityImage> caps) {
        Kernel k = rtcr.kernel();
        ObjectIds ids = rtcr.ids();
        List<DataspaceImage> dataspaces = new ArrayList<>();
        for (TargetChild.DataspaceInfo d : c.dataspaces.values()) {
            TargetChild.Designated tiled = c.designated.get(d.id());
            dataspaces.add(new DataspaceImage(d.id(), d.dataspace().size(), d.rom(), d.session(), tiled == null ? 0 : tiled.tileBytes / PhysicalRam.PAGE_SIZE));
        }
        List<AttachmentImage> attachments = new ArrayList<>();
        for (TargetChild.Attachment a : c.attachments.values()) {
            attachments.add(new AttachmentImage(a.at(), a.dataspace(), a.size(), a.writable(), a.executable()));
        }
        List<EndpointImage> endpoints = new ArrayList<>();
        for (TargetChild.Endpoint e : c.endpoints.values()) {
            endpoints.add(new EndpointImage(e.id(), e.object() instanceof Irq, e.receiver(), e.label(), e.object() instanceof Irq irq ? irq.pending() : 0));
        }
        List<SessionImage> sessions = new ArrayList<>();
        for (TargetChild.Session s : c.sessions.values()) {
            List<SleepImage> sleeps = new ArrayList<>();
            s.sleeps.forEach((t, alarm) -> {
                if (alarm.deadline() >= 0) sleeps.add(new SleepImage(ids.idOf(t), alarm.deadline()));
            });
            long alarmLeft = s.alarm != null && s.alarm.deadline() >= 0 ? s.alarm.deadline() : -1;
            sessions.add(new SessionImage(s.sessionId, s.id, s.service, s.label, s.quota, s.server == null ? null : s.server.spec.name(),
                    ids.idOf(s.signal), alarmLeft, s.alarm == null ? 0 : s.alarm.period(), sleeps));
        }
        List<AnnounceImage> announced = new ArrayList<>();
        c.announced.forEach((service, gate) -> announced.add(new AnnounceImage(service, ids.idOf(gate))));
        var pageTable = c.component.task().addressSpace();
        // Pages of designated dataspaces are left out: the checkpoint detaches their tiles, which unmaps them.
        int[] mapped = pageTable.pages().stream().mapToInt(e -> e.getKey()).filter(va -> {
            RegionMap.Region r = c.component.regionMap().regionAt(va);
            return r != null && !c.designated.containsKey(ids.idOf(r.dataspace().gate()));
        }).toArray();
        rtcr.charge(RtcrCost.PAGE_SCAN, pageTable.mappedPages());
        rtcr.charge(RtcrCost.METADATA_RECORD, dataspaces.size() + attachments.size() + endpoints.size() + sessions.size() + announced.size());
        return new ChildImage(c.spec.name(), c.spec.binary(), rtcr.binaryDigest(c.spec.binary()), c.spec.ramQuantum(), c.component.priority(),
                c.configText(), ids.idOf(c.component.task()), ids.idOf(c.parentGate), ids.idOf(c.pdGate), ids.idOf(c.rmGate), ids.idOf(c.cpuGate),
                c.nextSessionId, threads, dataspaces, attachments, endpoints, sessions, announced, caps, mapped);
    }

    // ------------------------------------------------------------------ memory

    /** The pages copied (in dataspace and offset order), and the version index they make with the earlier images'. */
    private record Copy(List<PageImage> pages, Set<Long> ramDataspaces, long scanned, long skipped, java.util.TreeMap<Long, long[]> versions) {}

    /**
     * Copies the pages of the children's RAM dataspaces into page records: all of them (a full image), or
     * those the mode saw change since the last image, plus dataspaces that are new or that Rtcr saw leave
     * the kernel's sight (detached) since then.
     */
    private Copy copyMemory(boolean incremental) {
        Kernel k = rtcr.kernel();
        PhysicalRam ram = k.cpu().ram();
        List<PageImage> pages = new ArrayList<>();
        Set<Long> ramDataspaces = new HashSet<>();
        java.util.TreeMap<Long, long[]> index = new java.util.TreeMap<>();
        long scanned = 0, skipped = 0;
        long version = sequence + 1;
        for (TargetChild c : rtcr.children) {
            if (c.exited) continue;
            Map<Long, TreeSet<Integer>> dirty = incremental ? dirtyPages(c) : Map.of();
            for (TargetChild.DataspaceInfo d : c.dataspaces.values()) {
                if (d.rom() != null) continue;
                ramDataspaces.add(d.id());
                Dataspace ds = d.dataspace();
                boolean whole = !incremental || !imaged.contains(d.id()) || c.touchedDataspaces.contains(d.id());
                TreeSet<Integer> changed = dirty.get(d.id());
                TargetChild.Designated tiled = c.designated.get(d.id());
                long[] known = whole ? null : versions.get(d.id());
                long[] now = known != null && known.length == ds.size() / PhysicalRam.PAGE_SIZE ? known.clone() : new long[ds.size() / PhysicalRam.PAGE_SIZE];
                index.put(d.id(), now);
                for (int offset = 0; offset < ds.size(); offset += PhysicalRam.PAGE_SIZE) {
                    scanned++;
                    boolean copy = whole || (tiled != null ? tiled.marked.get(offset / tiled.tileBytes) : changed != null && changed.contains(offset));
                    if (!copy) {
                        skipped++;
                        continue;
                    }
                    byte[] data = new byte[PhysicalRam.PAGE_SIZE];
                    ram.read(c.frame(d, offset), data, 0, data.length);
                    pages.add(new PageImage(d.id(), offset, version, data));
                    now[offset / PhysicalRam.PAGE_SIZE] = version;
                }
                if (tiled != null) c.detachTiles(tiled); // tracking begins again: the next touch of each tile faults
            }
            rtcr.charge(RtcrCost.PAGE_SCAN, scanned);
            c.touchedDataspaces.clear();
        }
        for (int i = 0; i < pages.size() * (PhysicalRam.PAGE_SIZE / 1024); i++) k.charge(KernelCost.PAGE_COPY_PER_KIB);
        pages.sort(java.util.Comparator.comparingLong(PageImage::dataspace).thenComparingInt(PageImage::offset));
        return new Copy(pages, ramDataspaces, scanned, skipped, index);
    }

    /** The pages written since tracking began, by dataspace identity and offset, from the kernel's write bits. */
    private Map<Long, TreeSet<Integer>> dirtyPages(TargetChild c) {
        Map<Long, TreeSet<Integer>> dirty = new java.util.HashMap<>();
        RegionMap space = c.component.regionMap();
        for (int va : c.component.task().addressSpace().dirtyPages()) {
            RegionMap.Region r = space.regionAt(va);
            if (r == null) continue; // a UTCB: saved with its thread
            long id = rtcr.ids().idOf(r.dataspace().gate());
            dirty.computeIfAbsent(id, x -> new TreeSet<>()).add(va - r.start() + r.offset());
        }
        return dirty;
    }

    /** Begins a tracking interval in the modes that track: the next image can carry only what changes from now on. */
    private void startTracking() {
        MemoryMode mode = rtcr.config().mode();
        tracking = mode != MemoryMode.FULL;
        if (mode != MemoryMode.WRITE_BIT) return;
        for (TargetChild c : rtcr.children) {
            if (c.exited) continue;
            var space = c.component.task().addressSpace();
            rtcr.charge(RtcrCost.PAGE_SCAN, space.mappedPages());
            space.writeProtectAll();
            rtcr.kernel().charge(KernelCost.TLB_FLUSH_ALL);
        }
    }

    static boolean fixedSelector(int selector) {
        return selector == Abi.CAP_TASK || selector == Abi.CAP_PARENT || selector == Abi.CAP_PD || selector == Abi.CAP_RM || selector == Abi.CAP_CPU;
    }

}
