package ecusim.rtcr;

import ecusim.core.Component;
import ecusim.core.Dataspace;
import ecusim.init.StartSpec;
import ecusim.kernel.Alarm;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.KernelObject;
import ecusim.kernel.Thread;
import ecusim.platform.SnapshotFile;
import ecusim.platform.SnapshotFormatException;
import ecusim.rtcr.CheckpointImage.AttachmentImage;
import ecusim.rtcr.RtcrState.AnnounceEntry;
import ecusim.rtcr.RtcrState.ChildState;
import ecusim.rtcr.RtcrState.DataspaceState;
import ecusim.rtcr.RtcrState.EndpointEntry;
import ecusim.rtcr.RtcrState.IdEntry;
import ecusim.rtcr.RtcrState.PendingEntry;
import ecusim.rtcr.RtcrState.SessionState;
import ecusim.rtcr.RtcrState.SleepEntry;
import ecusim.rtcr.RtcrState.ThreadEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/** The single place where Rtcr's state becomes data ({@link RtcrState}) and back, for ECU snapshots. */
final class RtcrSnapshots {
    private static final SnapshotFile FILE = new SnapshotFile("ECUSIM-RTCRSTATE".getBytes(StandardCharsets.US_ASCII), "Rtcr state",
            List.of(RtcrState.class));

    private RtcrSnapshots() {}

    static byte[] capture(Rtcr rtcr) {
        ObjectIds ids = rtcr.ids();
        List<ChildState> children = new ArrayList<>();
        for (TargetChild c : rtcr.children) children.add(child(rtcr, c));
        List<IdEntry> entries = new ArrayList<>();
        ids.forEach((id, object) -> {
            if (object instanceof KernelObject k) {
                entries.add(new IdEntry(id, k.id().value(), -1, 0));
            } else if (object instanceof TargetChild.Session s) {
                entries.add(new IdEntry(id, 0, rtcr.children.indexOf(s.child), s.sessionId));
            } else {
                throw new IllegalStateException("Rtcr's identity " + id + " names " + object + ", which a snapshot cannot name");
            }
        });
        var cp = rtcr.checkpointer();
        var checkpointer = new RtcrState.CheckpointerState(cp.sequence(), cp.lastDigest(), cp.tracking(), List.copyOf(cp.imaged()), cp.faultsAtLastImage(),
                cp.versions());
        List<byte[]> chain = rtcr.chain().stream().map(CheckpointImage::encode).toList();
        List<byte[]> received = rtcr.received().stream().map(CheckpointImage::encode).toList();
        RtcrState state = new RtcrState(rtcr.groupOffsetCycles(), ids.next(), entries, children, checkpointer, chain, received,
                rtcr.checkpointStats(), rtcr.restoreStats());
        return FILE.encode(List.of(state));
    }

    private static ChildState child(Rtcr rtcr, TargetChild c) {
        List<DataspaceState> dataspaces = new ArrayList<>();
        for (TargetChild.DataspaceInfo d : c.dataspaces.values()) {
            TargetChild.Designated tiled = c.designated.get(d.id());
            List<Long> tiles = new ArrayList<>();
            List<Integer> marked = new ArrayList<>();
            if (tiled != null) {
                for (Dataspace t : tiled.tiles) tiles.add(t.gate().id().value());
                tiled.marked.stream().forEach(marked::add);
            }
            dataspaces.add(new DataspaceState(d.id(), d.dataspace().gate().id().value(), d.rom(), d.session(), tiles,
                    tiled == null ? 0 : tiled.tileBytes, marked));
        }
        List<AttachmentImage> attachments = new ArrayList<>();
        for (TargetChild.Attachment a : c.attachments.values()) attachments.add(new AttachmentImage(a.at(), a.dataspace(), a.size(), a.writable(), a.executable()));
        List<ThreadEntry> threads = new ArrayList<>();
        for (TargetChild.ThreadInfo t : c.threads.values()) threads.add(new ThreadEntry(t.id(), t.thread().id().value(), t.name(), t.priority()));
        List<EndpointEntry> endpoints = new ArrayList<>();
        for (TargetChild.Endpoint e : c.endpoints.values()) endpoints.add(new EndpointEntry(e.id(), ((KernelObject) e.object()).id().value(), e.receiver(), e.label()));
        List<SessionState> sessions = new ArrayList<>();
        for (TargetChild.Session s : c.sessions.values()) {
            List<SleepEntry> sleeps = new ArrayList<>();
            s.sleeps.forEach((t, alarm) -> sleeps.add(new SleepEntry(t.id().value(), alarm.id().value())));
            sessions.add(new SessionState(s.sessionId, s.id, s.service, s.label, s.quota, s.gate.id().value(), id(s.coreSession), id(s.signal),
                    id(s.alarm), sleeps, s.server == null ? null : s.server.spec.name()));
        }
        List<AnnounceEntry> announced = new ArrayList<>();
        c.announced.forEach((service, gate) -> announced.add(new AnnounceEntry(service, gate.id().value())));
        List<PendingEntry> pending = new ArrayList<>();
        for (var p : c.pendingRequests()) pending.add(new PendingEntry(p.caller().id().value(), p.service(), p.label(), p.quota()));
        boolean gone = c.component == null || c.component.destroyed(); // its gates went with it
        return new ChildState(c.spec.name(), c.exited, gone ? -1 : rtcr.core().indexOf(c.component),
                gone ? 0 : id(c.parentGate), gone ? 0 : id(c.pdGate), gone ? 0 : id(c.rmGate), gone ? 0 : id(c.cpuGate), dataspaces, attachments, threads, endpoints, sessions, announced, pending,
                List.copyOf(c.touchedDataspaces), c.sessionRequests, c.nextSessionId);
    }

    private static long id(KernelObject o) {
        return o == null ? 0 : o.id().value();
    }

    /** Rtcr's state from {@code bytes}, linked to the restored kernel's objects and core's components. */
    static void restore(Rtcr rtcr, byte[] bytes, LongFunction<KernelObject> objects, IntFunction<Component> components) {
        RtcrState state;
        try {
            state = (RtcrState) FILE.decode(bytes).getFirst();
        } catch (SnapshotFormatException e) {
            throw new IllegalStateException("Rtcr's saved state: " + e.getMessage(), e);
        }
        Links links = new Links(objects);
        rtcr.children.clear();
        for (ChildState saved : state.children()) {
            StartSpec spec = rtcr.spec(saved.name());
            if (spec == null) throw new IllegalStateException("Rtcr's saved child " + saved.name() + " is none of this configuration's");
            TargetChild c = new TargetChild(rtcr, spec);
            rtcr.children.add(c);
            c.exited = saved.exited();
            c.component = saved.component() < 0 ? null : components.apply(saved.component());
            if (c.component != null) c.sessionsOf(c.component);
            RtcrServers servers = rtcr.servers();
            c.parentGate = links.get(saved.parentGate(), IpcGate.class);
            c.pdGate = links.get(saved.pdGate(), IpcGate.class);
            c.rmGate = links.get(saved.rmGate(), IpcGate.class);
            c.cpuGate = links.get(saved.cpuGate(), IpcGate.class);
            if (c.parentGate != null) servers.parents.put(c.parentGate, c);
            if (c.pdGate != null) servers.pds.put(c.pdGate, c);
            if (c.rmGate != null) servers.rms.put(c.rmGate, c);
            if (c.cpuGate != null) servers.cpus.put(c.cpuGate, c);
            for (DataspaceState d : saved.dataspaces()) {
                Dataspace ds = rtcr.core().dataspace(links.get(d.gate(), IpcGate.class));
                if (ds == null) throw new IllegalStateException("Rtcr's saved dataspace " + d.id() + " is none of core's");
                c.dataspaces.put(d.id(), new TargetChild.DataspaceInfo(d.id(), ds, d.rom(), d.session()));
                if (d.tileBytes() > 0) {
                    Dataspace[] tiles = new Dataspace[d.tiles().size()];
                    for (int i = 0; i < tiles.length; i++) tiles[i] = rtcr.core().dataspace(links.get(d.tiles().get(i), IpcGate.class));
                    TargetChild.Designated tiled = new TargetChild.Designated(ds, tiles, d.tileBytes());
                    for (int m : d.marked()) tiled.marked.set(m);
                    c.designated.put(d.id(), tiled);
                    rtcr.track(ds.managed(), c, tiled);
                }
            }
            for (AttachmentImage a : saved.attachments()) c.attachments.put(a.at(), new TargetChild.Attachment(a.at(), a.dataspace(), a.size(), a.writable(), a.executable()));
            for (ThreadEntry t : saved.threads()) c.threads.put(t.id(), new TargetChild.ThreadInfo(t.id(), links.get(t.thread(), Thread.class), t.name(), t.priority()));
            for (EndpointEntry e : saved.endpoints()) c.endpoints.put(e.id(), new TargetChild.Endpoint(e.id(), links.get(e.object(), KernelObject.class), e.receiver(), e.label()));
            for (SessionState s : saved.sessions()) {
                TargetChild.Session session = new TargetChild.Session(c, s.sessionId(), s.id(), s.service(), s.label(), s.quota(), links.get(s.gate(), IpcGate.class));
                session.coreSession = links.get(s.coreSession(), IpcGate.class);
                session.signal = links.get(s.signal(), Irq.class);
                session.alarm = links.get(s.alarm(), Alarm.class);
                for (SleepEntry sleep : s.sleeps()) session.sleeps.put(links.get(sleep.thread(), Thread.class), links.get(sleep.alarm(), Alarm.class));
                c.sessions.put(s.sessionId(), session);
                if (s.server() == null) servers.sessions.put(session.gate, session);
            }
            for (AnnounceEntry a : saved.announced()) c.announced.put(a.service(), links.get(a.gate(), IpcGate.class));
            for (PendingEntry p : saved.pending()) c.restorePending(links.get(p.caller(), Thread.class), p.service(), p.label(), p.quota());
            c.touchedDataspaces.addAll(saved.touched());
            c.sessionRequests = saved.sessionRequests();
            c.nextSessionId = saved.nextSessionId();
        }
        for (int i = 0; i < state.children().size(); i++) { // sessions of one child with another's service
            for (SessionState s : state.children().get(i).sessions()) {
                if (s.server() == null) continue;
                TargetChild server = rtcr.children.stream().filter(t -> t.spec.name().equals(s.server())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("a saved session's server " + s.server() + " is no child of Rtcr"));
                rtcr.children.get(i).sessions.get(s.sessionId()).server = server;
            }
        }
        ObjectIds ids = rtcr.ids();
        ids.clear();
        for (IdEntry e : state.ids()) {
            Object object = e.kernelObject() != 0 ? links.get(e.kernelObject(), KernelObject.class)
                    : rtcr.children.get(e.child()).sessions.get(e.sessionId());
            if (object == null) throw new IllegalStateException("Rtcr's saved identity " + e.id() + " names nothing");
            ids.bind(e.id(), object);
        }
        ids.setNext(state.nextId());
        rtcr.restoreState(state.groupOffsetCycles(), state.checkpointer(), decode(state.chain()), decode(state.received()), state.checkpointStats(),
                state.restoreStats());
    }

    private static List<CheckpointImage> decode(List<byte[]> images) {
        List<CheckpointImage> out = new ArrayList<>();
        for (byte[] b : images) {
            try {
                out.add(CheckpointImage.decode(b));
            } catch (SnapshotFormatException e) {
                throw new IllegalStateException("an image Rtcr kept: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The restored kernel's objects by id (0: none), checked for their kind. */
    private record Links(LongFunction<KernelObject> objects) {
        <T> T get(long id, Class<T> type) {
            if (id == 0) return null;
            KernelObject o = objects.apply(id);
            if (!type.isInstance(o)) throw new IllegalStateException("kernel object " + id + " is not a " + type.getSimpleName() + " in the snapshot");
            return type.cast(o);
        }
    }
}
