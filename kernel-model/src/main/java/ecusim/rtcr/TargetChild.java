package ecusim.rtcr;

import ecusim.core.Component;
import ecusim.core.ComponentException;
import ecusim.core.Core;
import ecusim.core.CpuSession;
import ecusim.core.Dataspace;
import ecusim.core.MessageStrings;
import ecusim.core.PdSession;
import ecusim.core.Protocol;
import ecusim.core.RegionMap;
import ecusim.core.RmSession;
import ecusim.core.SessionResult;
import ecusim.core.TimerProtocol;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.elf.ElfFormatException;
import ecusim.emulator.elf.ElfImage;
import ecusim.emulator.elf.Segment;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.init.SessionArgs;
import ecusim.init.StartSpec;
import ecusim.kernel.Abi;
import ecusim.kernel.Alarm;
import ecusim.kernel.Capability;
import ecusim.kernel.Created;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.Kernel;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One child of Rtcr (Genode's Target_child): Rtcr creates it on its own quota, loads its ELF image through
 * the child's own PD and RM sessions, and serves all of its sessions — PD (RAM, gates, signals), RM and CPU
 * forwarded to core's, LOG and ROM forwarded to core's, Timer served by Rtcr itself in the group's virtual
 * time — recording every object they hand out under a stable identity ({@link ObjectIds}), so that a
 * checkpoint can name everything the child holds and a restore can make it again.
 */
final class TargetChild {
    /** A dataspace the child holds: RAM from its PD session, or a ROM module's (by its ROM session). */
    record DataspaceInfo(long id, Dataspace dataspace, String rom, long session) {}

    /** An attachment in the child's address space, as its RM session made it. */
    record Attachment(int at, long dataspace, int size, boolean writable, boolean executable) {}

    record ThreadInfo(long id, Thread thread, String name, int priority) {}

    /**
     * A RAM allocation in designated-dataspace mode (seeds 000/001): a managed dataspace tiled with
     * designated dataspaces of G pages each (the last one holds the rest), attached one by one as the child
     * first touches them; an attached tile is marked, and a checkpoint copies the marked tiles and detaches
     * them all again.
     */
    static final class Designated {
        final Dataspace managed;
        final Dataspace[] tiles;
        final int tileBytes;
        final java.util.BitSet marked = new java.util.BitSet();

        Designated(Dataspace managed, Dataspace[] tiles, int tileBytes) {
            this.managed = managed;
            this.tiles = tiles;
            this.tileBytes = tileBytes;
        }

        long frame(int offset) {
            return tiles[offset / tileBytes].frame(offset % tileBytes);
        }
    }

    /** An IPC gate or a signal the child's PD session made, bound to one of its threads. */
    record Endpoint(long id, Object object, long receiver, int label) {}

    /** A session of the child's parent interface. */
    static final class Session {
        final int sessionId;
        final long id;
        final String service, label;
        long quota;
        final IpcGate gate;
        /** LOG and ROM: core's session it forwards to. */
        IpcGate coreSession;
        /** Timer: its signal, the alarm that triggers it, and a sleep alarm per thread. */
        Irq signal;
        Alarm alarm;
        final Map<Thread, Alarm> sleeps = new LinkedHashMap<>();
        /** A service another child of the group announced: its server. */
        TargetChild server;
        /** The child holding it. */
        final TargetChild child;

        Session(TargetChild child, int sessionId, long id, String service, String label, long quota, IpcGate gate) {
            this.child = child;
            this.sessionId = sessionId;
            this.id = id;
            this.service = service;
            this.label = label;
            this.quota = quota;
            this.gate = gate;
        }
    }

    final Rtcr rtcr;
    final StartSpec spec;
    final Core core;
    final Kernel kernel;
    final ObjectIds ids;
    Component component;
    IpcGate parentGate, pdGate, rmGate, cpuGate;
    /** Its PD, RM and CPU sessions: core's, with what passes recorded. */
    Pd pd;
    Rm rm;
    Cpu cpu;
    final Map<Long, DataspaceInfo> dataspaces = new LinkedHashMap<>();
    /** The designated-dataspace allocations among them, by identity. */
    final Map<Long, Designated> designated = new LinkedHashMap<>();
    final Map<Integer, Attachment> attachments = new TreeMap<>();
    final Map<Long, ThreadInfo> threads = new LinkedHashMap<>();
    final Map<Long, Endpoint> endpoints = new LinkedHashMap<>();
    final Map<Integer, Session> sessions = new LinkedHashMap<>();
    final Map<String, IpcGate> announced = new LinkedHashMap<>();
    int nextSessionId = 1;
    /** Session requests waiting for another child of the group to announce the service. */
    private final List<PendingRequest> pending = new ArrayList<>();
    /** Pages Rtcr knows changed without the kernel's write bits: dataspaces detached or freed since the last checkpoint. */
    final java.util.Set<Long> touchedDataspaces = new java.util.LinkedHashSet<>();
    boolean exited;
    /** Session requests the child made of Rtcr (a restored child makes none for the sessions it has). */
    int sessionRequests;

    record PendingRequest(Thread caller, String service, String label, long quota) {}

    List<PendingRequest> pendingRequests() {
        return List.copyOf(pending);
    }

    void restorePending(Thread caller, String service, String label, long quota) {
        pending.add(new PendingRequest(caller, service, label, quota));
    }

    TargetChild(Rtcr rtcr, StartSpec spec) {
        this.rtcr = rtcr;
        this.spec = spec;
        this.core = rtcr.core();
        this.kernel = core.kernel();
        this.ids = rtcr.ids();
    }

    /** The child's name at core and in its log lines: its parent's name, an arrow and its own (Genode's label). */
    String label() {
        return rtcr.name() + " -> " + spec.name();
    }

    String configText() {
        return spec.config().map(c -> c.raw()).orElse(null);
    }

    // ------------------------------------------------------------------ creation

    /** An empty child: task, PD with its quota, address space, the capabilities of {@link Abi}; no image, no thread. */
    void createEmpty() throws ComponentException {
        RtcrServers servers = rtcr.servers();
        parentGate = kernel.createGate(0, servers.get(RtcrServers.PARENT));
        servers.parents.put(parentGate, this);
        component = core.createEmptyComponent(label(), spec.binary(), spec.ramQuantum(), Math.min(spec.priority(), rtcr.priority()), parentGate,
                configText(), new Core.ChildSessions() {
                    @Override
                    public IpcGate pd(Component c) {
                        pdGate = kernel.createGate(1, servers.get(RtcrServers.PD));
                        servers.pds.put(pdGate, TargetChild.this);
                        return pdGate;
                    }

                    @Override
                    public IpcGate rm(Component c) {
                        rmGate = kernel.createGate(2, servers.get(RtcrServers.RM));
                        servers.rms.put(rmGate, TargetChild.this);
                        return rmGate;
                    }

                    @Override
                    public IpcGate cpu(Component c) {
                        cpuGate = kernel.createGate(3, servers.get(RtcrServers.CPU));
                        servers.cpus.put(cpuGate, TargetChild.this);
                        return cpuGate;
                    }
                });
        sessionsOf(component);
    }

    /** The intercepting PD, RM and CPU sessions of {@code c} (forwarding to core's). */
    void sessionsOf(Component c) {
        pd = new Pd(core.pdSession(c));
        rm = new Rm(core.rmSession(c));
        cpu = new Cpu(core.cpuSession(c));
    }

    /** Binds the identities every child has from its creation (task and the gates of its parent and sessions). */
    void bindFixed(long task, long parent, long pd, long rm, long cpu) {
        ids.bind(task, component.task());
        ids.bind(parent, parentGate);
        ids.bind(pd, pdGate);
        ids.bind(rm, rmGate);
        ids.bind(cpu, cpuGate);
    }

    /**
     * Starts the child from its ELF image, as Genode's Child does: each segment into a dataspace of its own
     * PD session attached through its own RM session, a stack, and the main thread from its CPU session at
     * the entry point.
     */
    void start() throws ComponentException {
        createEmpty();
        bindFixed(ids.assign(component.task()), ids.assign(parentGate), ids.assign(pdGate), ids.assign(rmGate), ids.assign(cpuGate));
        byte[] image = core.romModule(spec.binary());
        if (image == null) throw new ComponentException("no ROM module (binary) named '" + spec.binary() + "'");
        ElfImage elf;
        try {
            elf = ElfImage.parse(spec.binary(), image);
        } catch (ElfFormatException e) {
            throw new ComponentException(e.getMessage());
        }
        int page = PhysicalRam.PAGE_SIZE;
        for (Segment s : elf.segments()) {
            if (s.memSize() == 0) continue;
            int start = s.vaddr() & -page;
            long size = ((s.end() + page - 1) & -page) - Integer.toUnsignedLong(start);
            String what = (s.writable() ? "" : "read-only ") + "segment at 0x" + Integer.toHexString(s.vaddr());
            PdSession.Allocation a = s.writable() ? pd.alloc(size) : pd.allocPlain(size); // code is never written
            if (a.error() != L4Error.OK) throw new ComponentException("RAM quota of " + spec.ramQuantum() + " bytes is too small for its " + what);
            write(a.dataspace(), s.vaddr() - start, s.data(), 0, s.fileSize());
            RegionMap.AttachResult r = rm.attach(a.dataspace(), start, s.writable(), s.executable());
            if (r.error() != L4Error.OK) throw new ComponentException(spec.binary() + ": " + what + " cannot be placed (" + r.error() + ")");
        }
        PdSession.Allocation stack = pd.alloc(Core.STACK_SIZE);
        if (stack.error() != L4Error.OK) throw new ComponentException("RAM quota of " + spec.ramQuantum() + " bytes is too small for its stack");
        RegionMap.AttachResult r = rm.attach(stack.dataspace(), Core.STACK_TOP - Core.STACK_SIZE, true, false);
        if (r.error() != L4Error.OK) throw new ComponentException("its stack cannot be placed (" + r.error() + ")");
        Created<Thread> main = cpu.createThread(spec.name(), component.priority());
        if (!main.ok()) throw new ComponentException("cannot create its main thread: " + main.reason());
        L4Error installed = kernel.install(component.task(), Abi.CAP_THREAD, main.object(), Rights.RW);
        if (installed != L4Error.OK) throw new ComponentException("cannot install its thread capability: " + installed);
        kernel.start(main.object(), elf.entry(), Core.STACK_TOP);
    }

    /** Writes into a dataspace of the child, through its tiles if it is a designated one. */
    void write(Dataspace ds, int offset, byte[] data, int from, int length) {
        Designated d = designated.get(ids.idOf(ds.gate()));
        if (d == null) {
            core.copyInto(ds, offset, data, from, length);
            return;
        }
        for (int done = 0; done < length; ) {
            int at = offset + done;
            int chunk = Math.min(length - done, d.tileBytes - at % d.tileBytes);
            core.copyInto(d.tiles[at / d.tileBytes], at % d.tileBytes, data, from + done, chunk);
            done += chunk;
        }
    }

    /** The frame holding byte {@code offset} of dataspace {@code d}, through its tiles if it is a designated one. */
    long frame(DataspaceInfo d, int offset) {
        Designated tiled = designated.get(d.id());
        return tiled == null ? d.dataspace().frame(offset) : tiled.frame(offset);
    }

    /**
     * {@code size} bytes of RAM as a managed dataspace tiled with designated dataspaces of {@code tilePages}
     * pages from the child's own PD session (its quota pays); null, with nothing left behind, when the quota
     * cannot.
     */
    Designated allocateDesignated(PdSession inner, long size, int tilePages) {
        int page = PhysicalRam.PAGE_SIZE;
        long bytes = (size + page - 1) / page * page;
        if (bytes <= 0 || bytes > Integer.MAX_VALUE / 2) return null;
        int tileBytes = tilePages * page;
        int count = (int) ((bytes + tileBytes - 1) / tileBytes);
        Dataspace[] tiles = new Dataspace[count];
        for (int i = 0; i < count; i++) {
            PdSession.Allocation a = inner.alloc(Math.min(tileBytes, bytes - (long) i * tileBytes));
            if (a.error() != L4Error.OK) {
                for (int j = 0; j < i; j++) inner.free(tiles[j]);
                return null;
            }
            tiles[i] = a.dataspace();
        }
        Dataspace managed = core.createManagedDataspace((int) bytes, rtcr.faultHandlerName(), rtcr.faultHandler());
        Designated d = new Designated(managed, tiles, tileBytes);
        rtcr.track(managed.managed(), this, d);
        return d;
    }

    /** Ends a designated allocation: the managed dataspace goes, its tiles return to the child's quota. */
    void freeDesignated(PdSession inner, Designated d) {
        rtcr.untrack(d.managed.managed());
        core.destroyManagedDataspace(d.managed);
        for (Dataspace tile : d.tiles) inner.free(tile);
    }

    /** The child first touched tile {@code offset / tileBytes} since the last checkpoint: it is attached whole and marked. */
    void designatedFault(Designated d, int offset) {
        int tile = offset / d.tileBytes;
        if (tile < 0 || tile >= d.tiles.length || d.marked.get(tile)) return;
        rtcr.charge(RtcrCost.TRACKING_FAULT, 1);
        RegionMap.AttachResult r = core.attachAt(d.managed.managed(), d.tiles[tile], tile * d.tileBytes, true, true);
        if (r.error() == L4Error.OK) d.marked.set(tile);
    }

    /** Detaches every marked tile: the next access to each faults to Rtcr again. */
    void detachTiles(Designated d) {
        for (int tile = d.marked.nextSetBit(0); tile >= 0; tile = d.marked.nextSetBit(tile + 1)) {
            d.managed.managed().detach(tile * d.tileBytes);
            kernel.charge(ecusim.kernel.KernelCost.MAP_PAGE);
        }
        d.marked.clear();
    }

    /** Ends the child: its sessions close, its component goes with everything in it, Rtcr forgets what it recorded. */
    void destroy() {
        for (Session s : List.copyOf(sessions.values())) closeSession(s);
        sessions.clear();
        if (component != null && !component.destroyed()) core.destroy(component);
        RtcrServers servers = rtcr.servers();
        servers.parents.remove(parentGate);
        servers.pds.remove(pdGate);
        servers.rms.remove(rmGate);
        servers.cpus.remove(cpuGate);
        for (IpcGate g : new IpcGate[] {parentGate, pdGate, rmGate, cpuGate}) if (g != null) kernel.destroy(g);
        for (Object o : new Object[] {component == null ? null : component.task(), parentGate, pdGate, rmGate, cpuGate}) if (o != null) ids.forget(o);
        for (Designated d : designated.values()) {
            rtcr.untrack(d.managed.managed());
            core.destroyManagedDataspace(d.managed); // its tiles went with the component's RAM
        }
        for (DataspaceInfo d : dataspaces.values()) ids.forget(d.dataspace().gate());
        for (ThreadInfo t : threads.values()) ids.forget(t.thread());
        for (Endpoint e : endpoints.values()) ids.forget(e.object());
        dataspaces.clear();
        designated.clear();
        attachments.clear();
        threads.clear();
        endpoints.clear();
        announced.clear();
        pending.clear();
        touchedDataspaces.clear();
    }

    List<Thread> liveThreads() {
        List<Thread> live = new ArrayList<>();
        for (ThreadInfo t : threads.values()) {
            var state = t.thread().state();
            if (state != ecusim.kernel.ThreadState.EXITED && state != ecusim.kernel.ThreadState.STOPPED) live.add(t.thread());
        }
        return live;
    }

    // ------------------------------------------------------------------ intercepted PD, RM and CPU sessions

    /** The child's PD session: core's, with every dataspace, gate and signal recorded. */
    final class Pd implements PdSession {
        private final PdSession inner;

        Pd(PdSession inner) {
            this.inner = inner;
        }

        /** RAM as the child asks for it: designated dataspaces in that mode, else core's. */
        @Override
        public Allocation alloc(long bytes) {
            if (rtcr.config().mode() != MemoryMode.DESIGNATED) return allocPlain(bytes);
            Designated d = allocateDesignated(inner, bytes, rtcr.config().granularity());
            if (d == null) return new Allocation(L4Error.NO_MEMORY, null);
            long id = ids.assign(d.managed.gate());
            dataspaces.put(id, new DataspaceInfo(id, d.managed, null, 0));
            designated.put(id, d);
            return new Allocation(L4Error.OK, d.managed);
        }

        /** Core's RAM, whatever the mode. */
        Allocation allocPlain(long bytes) {
            Allocation a = inner.alloc(bytes);
            if (a.error() == L4Error.OK) {
                long id = ids.assign(a.dataspace().gate());
                dataspaces.put(id, new DataspaceInfo(id, a.dataspace(), null, 0));
            }
            return a;
        }

        @Override
        public L4Error free(Dataspace ds) {
            long id = ids.idOf(ds.gate());
            Designated d = designated.remove(id);
            L4Error e = L4Error.OK;
            if (d != null) freeDesignated(inner, d);
            else e = inner.free(ds);
            if (e == L4Error.OK) { // Rtcr forgets it, and where it was attached
                dataspaces.remove(id);
                attachments.values().removeIf(a -> a.dataspace() == id);
                ids.forget(ds.gate());
            }
            return e;
        }

        @Override
        public long quota() {
            return inner.quota();
        }

        @Override
        public long used() {
            return inner.used();
        }

        @Override
        public IpcGate allocGate(Thread receiver, int label) {
            IpcGate gate = inner.allocGate(receiver, label);
            if (gate != null) {
                long id = ids.assign(gate);
                endpoints.put(id, new Endpoint(id, gate, ids.idOf(receiver), label));
            }
            return gate;
        }

        @Override
        public Irq allocSignal(Thread receiver, int label) {
            Irq irq = inner.allocSignal(receiver, label);
            if (irq != null) {
                long id = ids.assign(irq);
                endpoints.put(id, new Endpoint(id, irq, ids.idOf(receiver), label));
            }
            return irq;
        }
    }

    /** The child's RM session: core's, with every attachment recorded. */
    final class Rm implements RmSession {
        private final RmSession inner;

        Rm(RmSession inner) {
            this.inner = inner;
        }

        @Override
        public RegionMap.AttachResult attach(Dataspace ds, int at, boolean writable, boolean executable) {
            RegionMap.AttachResult r = inner.attach(ds, at, writable, executable);
            if (r.error() == L4Error.OK) {
                long id = ids.idOf(ds.gate());
                attachments.put(r.address(), new Attachment(r.address(), id, ds.size(), writable && ds.writable(), executable));
            }
            return r;
        }

        @Override
        public L4Error detach(int at) {
            L4Error e = inner.detach(at);
            if (e == L4Error.OK) {
                Attachment a = attachments.remove(at);
                // What was written through it is out of the kernel's sight now: the next checkpoint copies it whole.
                if (a != null) touchedDataspaces.add(a.dataspace());
            }
            return e;
        }
    }

    /** The child's CPU session: core's, with every thread recorded. */
    final class Cpu implements CpuSession {
        private final CpuSession inner;

        Cpu(CpuSession inner) {
            this.inner = inner;
        }

        @Override
        public Created<Thread> createThread(String name, int priority) {
            return createThread(name, priority, 0);
        }

        @Override
        public Created<Thread> createThread(String name, int priority, int utcbAddress) {
            Created<Thread> t = inner.createThread(name, priority, utcbAddress);
            if (t.ok()) {
                long id = ids.assign(t.object());
                threads.put(id, new ThreadInfo(id, t.object(), name, t.object().priority()));
            }
            return t;
        }

        @Override
        public L4Error start(Thread t, int pc, int sp) {
            return inner.start(t, pc, sp);
        }

        @Override
        public L4Error pause(Thread t) {
            return inner.pause(t);
        }

        @Override
        public L4Error resume(Thread t) {
            return inner.resume(t);
        }

        @Override
        public RegisterFile state(Thread t) {
            return inner.state(t);
        }

        @Override
        public L4Error setState(Thread t, RegisterFile r) {
            return inner.setState(t, r);
        }
    }

    // ------------------------------------------------------------------ the parent interface

    Message parent(Thread caller, Message request) {
        if (component == null || caller.task() != component.task()) return Message.error(L4Error.PERMISSION);
        return switch (request.label()) {
            case Protocol.PARENT_SESSION -> requestSession(caller, request);
            case Protocol.PARENT_UPGRADE -> upgrade(request);
            case Protocol.PARENT_CLOSE -> {
                Session s = sessions.get(request.word(0));
                if (s == null) yield Message.error(L4Error.NOT_FOUND);
                closeSession(s);
                yield Message.of(0);
            }
            case Protocol.PARENT_ANNOUNCE -> announce(request);
            case Protocol.PARENT_EXIT -> {
                rtcr.childExited(this, request.word(0));
                yield null;
            }
            default -> Message.error(L4Error.NOSYS);
        };
    }

    private Message requestSession(Thread caller, Message request) {
        sessionRequests++;
        var service = MessageStrings.decode(request.words(), 0);
        var args = service == null ? null : MessageStrings.decode(request.words(), service.next());
        SessionArgs parsed = args == null ? null : SessionArgs.parse(args.text());
        if (parsed == null) return Message.error(L4Error.INVALID);
        if (!component.pd().withdraw(parsed.ramQuota())) return Message.error(L4Error.NO_MEMORY);
        Session s = switch (service.text()) {
            case "LOG", "ROM", "Timer" -> openSession(nextSessionId, ids.next(), service.text(), parsed.label(), parsed.ramQuota());
            default -> {
                TargetChild server = rtcr.provider(service.text(), this);
                if (server == null) yield null;
                IpcGate served = server.announced.get(service.text());
                if (served == null) { // its server has not announced it yet: the reply waits (Genode's init does so too)
                    pending.add(new PendingRequest(caller, service.text(), parsed.label(), parsed.ramQuota()));
                    yield null;
                }
                yield childSession(nextSessionId, ids.next(), service.text(), parsed.label(), parsed.ramQuota(), server, served);
            }
        };
        if (s == null) {
            if (!pending.isEmpty() && pending.getLast().caller() == caller) return null;
            component.pd().deposit(parsed.ramQuota());
            return Message.error(L4Error.NOT_FOUND);
        }
        return granted(s);
    }

    private Message granted(Session s) {
        return Message.of(0, s.sessionId).withCapability(new Capability(s.gate, new Rights(Rights.W)));
    }

    /** Opens a session of a service Rtcr serves or forwards (LOG, ROM, Timer); null if core refuses it. */
    Session openSession(int sessionId, long id, String service, String label, long quota) {
        RtcrServers servers = rtcr.servers();
        IpcGate gate;
        Session s;
        switch (service) {
            case "Timer" -> {
                gate = kernel.createGate(sessionId, servers.get(RtcrServers.TIMER));
                s = new Session(this, sessionId, id, service, label, quota, gate);
                s.alarm = kernel.createAlarm();
            }
            case "LOG", "ROM" -> {
                SessionResult r = core.openSession(service, component, label);
                if (r.error() != L4Error.OK) return null;
                gate = kernel.createGate(sessionId, servers.get(service.equals("ROM") ? RtcrServers.ROM : RtcrServers.LOG));
                s = new Session(this, sessionId, id, service, label, quota, gate);
                s.coreSession = r.gate();
            }
            default -> throw new IllegalArgumentException(service);
        }
        servers.sessions.put(gate, s);
        ids.bind(id, gate);
        sessions.put(sessionId, s);
        nextSessionId = Math.max(nextSessionId, sessionId + 1);
        return s;
    }

    /** A session of a service {@code server} (another child of the group) announced through {@code served}. */
    Session childSession(int sessionId, long id, String service, String label, long quota, TargetChild server, IpcGate served) {
        Session s = new Session(this, sessionId, id, service, label, quota, served);
        s.server = server;
        server.component.pd().deposit(quota); // the donation pays the server for the session, as under init
        ids.bind(id, s);
        sessions.put(sessionId, s);
        nextSessionId = Math.max(nextSessionId, sessionId + 1);
        return s;
    }

    /** The ROM dataspace core's reply names becomes known under an identity (a capability walk finds it). */
    void noteRomDataspace(Message reply, Session session) {
        for (Capability c : reply.capabilities()) {
            if (!(c.object() instanceof IpcGate g) || core.dataspace(g) == null || ids.idOf(g) != 0) continue;
            long id = ids.assign(g);
            dataspaces.put(id, new DataspaceInfo(id, core.dataspace(g), session.label, session.id));
        }
    }

    private Message upgrade(Message request) {
        Session s = sessions.get(request.word(0));
        var args = MessageStrings.decode(request.words(), 1);
        SessionArgs parsed = args == null ? null : SessionArgs.parse(args.text());
        if (s == null) return Message.error(L4Error.NOT_FOUND);
        if (parsed == null) return Message.error(L4Error.INVALID);
        if (!component.pd().withdraw(parsed.ramQuota())) return Message.error(L4Error.NO_MEMORY);
        if (s.server != null) s.server.component.pd().deposit(parsed.ramQuota());
        s.quota += parsed.ramQuota();
        return Message.of(0);
    }

    void closeSession(Session s) {
        sessions.remove(s.sessionId);
        if (s.server == null) {
            if (s.alarm != null) {
                s.alarm.cancel();
                kernel.destroy(s.alarm);
            }
            for (Alarm sleep : s.sleeps.values()) {
                sleep.cancel();
                kernel.destroy(sleep);
            }
            if (s.coreSession != null) core.closeSession(s.coreSession);
            rtcr.servers().sessions.remove(s.gate);
            kernel.destroy(s.gate);
            ids.forget(s.gate);
        } else {
            ids.forget(s);
            if (!s.server.component.destroyed()) s.server.component.pd().withdraw(s.quota);
        }
        if (!component.destroyed()) component.pd().deposit(s.quota);
    }

    private Message announce(Message request) {
        var service = MessageStrings.decode(request.words(), 0);
        if (service == null || request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof IpcGate gate)) {
            return Message.error(L4Error.INVALID);
        }
        announced.put(service.text(), gate);
        rtcr.announced(this, service.text());
        return Message.of(0);
    }

    /** {@code server} announced {@code service}: the requests waiting for it get their sessions. */
    void answerPending(TargetChild server, String service) {
        for (PendingRequest p : List.copyOf(pending)) {
            if (!p.service().equals(service) || rtcr.provider(service, this) != server) continue;
            pending.remove(p);
            Session s = childSession(nextSessionId, ids.next(), service, p.label(), p.quota(), server, server.announced.get(service));
            kernel.reply(p.caller(), granted(s));
        }
    }

    /** A caller whose session request waited stopped waiting: its donation goes back. */
    void abandonedRequest(Thread caller) {
        for (PendingRequest p : List.copyOf(pending)) {
            if (p.caller() != caller) continue;
            pending.remove(p);
            component.pd().deposit(p.quota());
        }
    }

    // ------------------------------------------------------------------ Timer, in the group's virtual time

    /** Serves a request on Timer session {@code s} (Rtcr's own): it knows every alarm and sleep, and their remaining time. */
    Message timer(Session s, Thread caller, Message request) {
        return TimerProtocol.serve(new TimerProtocol.Session() {
            @Override
            public long nowMicros() {
                return rtcr.groupMicros(); // the group's time, which a restore carries on
            }

            @Override
            public void sleep(Thread sleeper, long micros) {
                s.sleeps.computeIfAbsent(sleeper, t -> kernel.createAlarm()).armReply(kernel.now() + kernel.microsToCycles(micros), sleeper);
            }

            @Override
            public void sigh(Irq irq) {
                s.signal = irq;
            }

            @Override
            public boolean hasSigh() {
                return s.signal != null;
            }

            @Override
            public void alarm(long micros, boolean periodic) {
                long cycles = kernel.microsToCycles(micros);
                s.alarm.arm(kernel.now() + cycles, periodic ? cycles : 0, s.signal);
            }

            @Override
            public void stopAlarm() {
                s.alarm.cancel();
            }
        }, caller, request);
    }

    /** The session a gate of this child's parent interface serves, or null (for a checkpoint's look at a wait). */
    Session sessionOf(IpcGate gate) {
        for (Session s : sessions.values()) if (s.gate == gate && s.server == null) return s;
        return null;
    }

}
