package ecusim.core;

import ecusim.emulator.elf.ElfFormatException;
import ecusim.emulator.elf.ElfImage;
import ecusim.emulator.elf.Segment;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.kernel.Abi;
import ecusim.emulator.elf.SymbolTable;
import ecusim.kernel.Created;
import ecusim.kernel.GateServer;
import ecusim.kernel.IpcGate;
import ecusim.kernel.KernelCost;
import ecusim.kernel.Kernel;
import ecusim.kernel.L4Error;
import ecusim.kernel.PageFrames;
import ecusim.kernel.RamQuota;
import ecusim.kernel.Rights;
import ecusim.kernel.Task;
import ecusim.kernel.Thread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Genode's core on one ECU, as Java components reached through capabilities: the ROM, PD, RM, CPU, LOG
 * and Timer services, and the pager of every thread. It creates components (task, quota, address space
 * loaded from an ELF image, main thread) for their parent, and opens sessions of its services for them.
 * Every object core hands out is an IPC gate it serves; the gate's label identifies the object.
 */
public final class Core {
    /** Where a component's address space ends (the UTCB area follows) and its stack top. */
    public static final int ADDRESS_SPACE_BASE = 0x1000, ADDRESS_SPACE_END = Kernel.UTCB_AREA, STACK_TOP = 0x8000_0000;
    public static final int STACK_SIZE = 16 * 1024;
    /** Where "attach anywhere" starts looking: above the image, below the stack. */
    public static final int ATTACH_AREA = 0x4000_0000;
    /** IPC gates and signals a component may have created for it. */
    public static final int KERNEL_OBJECTS_PER_COMPONENT = 64;

    /** Names of core's gate servers, as snapshots refer to them. */
    static final String PAGER = "core.pager", LOG = "core.log", TIMER = "core.timer", ROM = "core.rom", PD = "core.pd", RM = "core.rm",
            CPU = "core.cpu", DATASPACE = "core.dataspace", CORE_QUOTA = "core", PD_QUOTA = "pd:";

    final Kernel kernel;
    final PageFrames frames;
    final RamQuota.Limited coreQuota;
    private final Function<String, byte[]> romModules;
    final Map<String, Dataspace> romDataspaces = new HashMap<>();
    private final LogSink logSink;
    final Map<IpcGate, Dataspace> dataspaces = new IdentityHashMap<>();
    final Map<Task, Component> components = new IdentityHashMap<>();
    final List<Component> componentList = new ArrayList<>();
    final Map<String, String> configs = new HashMap<>();
    private final Map<String, SymbolTable> symbols = new HashMap<>();
    final Map<String, RegionMap.FaultHandler> faultHandlers = new HashMap<>();
    final CorePager pager;
    final LogService log;
    final TimerService timer;
    final RomService rom;
    final PdService pd;
    final RmService rm;
    final CpuService cpu;
    /** The server of every dataspace's gate: a dataspace capability names memory and answers no requests. */
    final GateServer dataspaceServer = (g, caller, request) -> ecusim.kernel.Message.error(L4Error.NOSYS);
    long nextBadge = 1;

    /**
     * Core on {@code kernel}, handing out RAM from the kernel's frame pool; {@code romModules} gives a ROM
     * module's content by name (null if there is none). Core's own RAM, for the ROM modules it serves, is
     * {@code reserveBytes}; components' quotas cover everything else.
     */
    public Core(Kernel kernel, long reserveBytes, Function<String, byte[]> romModules, LogSink logSink) {
        this.kernel = kernel;
        this.frames = kernel.frames();
        this.coreQuota = RamQuota.limited(reserveBytes);
        this.romModules = romModules;
        this.logSink = logSink;
        this.pager = new CorePager(this);
        this.log = new LogService(this);
        this.timer = new TimerService(this);
        this.rom = new RomService(this);
        this.pd = new PdService(this);
        this.rm = new RmService(this);
        this.cpu = new CpuService(this);
    }

    public Kernel kernel() {
        return kernel;
    }

    PageFrames frames() {
        return frames;
    }

    LogSink logSink() {
        return logSink;
    }

    long nextBadge() {
        return nextBadge++;
    }

    /** Components in creation order. */
    public List<Component> components() {
        return List.copyOf(componentList);
    }

    /** Where {@code component} stands in {@link #components()}: how snapshots name it. */
    public int indexOf(Component component) {
        for (int i = 0; i < componentList.size(); i++) if (componentList.get(i) == component) return i;
        throw new IllegalStateException(component + " is not core's");
    }

    /** The component at {@code index} of {@link #components()} (a snapshot names it so). */
    public Component componentAt(int index) {
        if (index < 0 || index >= componentList.size()) throw new IllegalStateException("component " + index + ", which the snapshot lacks");
        return componentList.get(index);
    }

    public Component componentOf(Task task) {
        return components.get(task);
    }

    /** The dataspace a capability's gate names, or null. */
    public Dataspace dataspace(IpcGate gate) {
        return dataspaces.get(gate);
    }

    /** Gives a dataspace its capability (a gate core serves, answering nothing but naming it). */
    IpcGate register(Dataspace ds) {
        IpcGate gate = kernel.createGate((int) ds.id(), dataspaceServer);
        ds.setGate(gate);
        dataspaces.put(gate, ds);
        return gate;
    }

    /**
     * The read-only dataspace of a ROM module, shared by every session and component that asks for it and
     * paid from core's own RAM; null when that RAM cannot hold it.
     */
    private Dataspace romDataspace(String key, byte[] content) {
        Dataspace ds = romDataspaces.get(key);
        if (ds != null) return ds;
        int pages = (int) Math.max(1, ((long) content.length + PhysicalRam.PAGE_SIZE - 1) / PhysicalRam.PAGE_SIZE);
        long bytes = (long) pages * PhysicalRam.PAGE_SIZE;
        if (!coreQuota.charge(bytes)) return null;
        long[] allocated = new long[pages];
        for (int i = 0; i < pages; i++) {
            allocated[i] = frames.allocate();
            if (allocated[i] == PageFrames.NONE) {
                for (int j = 0; j < i; j++) frames.release(allocated[j]);
                coreQuota.refund(bytes);
                return null;
            }
        }
        ds = Dataspace.ram(nextBadge(), allocated, false, null);
        copyInto(ds, 0, content, 0, content.length);
        register(ds);
        romDataspaces.put(key, ds);
        return ds;
    }

    /** The dataspace of ROM module {@code label} as {@code client} sees it (its own {@code config}), or null. */
    Dataspace romDataspace(Component client, String label, byte[] content) {
        return romDataspace(label.equals("config") ? "config of " + client.name() : label, content);
    }

    /**
     * Writes {@code content[offset, offset + length)} into {@code ds} at {@code dsOffset}, through physical
     * RAM, charging the copy (a parent loading its child's image, or putting a checkpoint's pages back).
     */
    public void copyInto(Dataspace ds, int dsOffset, byte[] content, int offset, int length) {
        PhysicalRam ram = kernel.cpu().ram();
        for (int done = 0; done < length; ) {
            int at = dsOffset + done;
            int chunk = Math.min(length - done, PhysicalRam.PAGE_SIZE - at % PhysicalRam.PAGE_SIZE);
            ram.write(ds.frame(at) + at % PhysicalRam.PAGE_SIZE, content, offset + done, chunk);
            kernel.hostWrote(ds.frame(at));
            done += chunk;
        }
        long kib = ((long) length + 1023) / 1024;
        for (long i = 0; i < kib; i++) kernel.charge(KernelCost.PAGE_COPY_PER_KIB);
    }

    /** The content of the ROM module (a shipped image) {@code name}, or null: what a parent reads its child's binary from. */
    public byte[] romModule(String name) {
        return romModules.apply(name);
    }

    /** Content of a ROM module by name: a component's {@code config}, else the shipped images. */
    byte[] romModule(Component client, String label) {
        if (label.equals("config")) {
            String config = configs.get(client.name());
            return config == null ? null : config.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return romModules.apply(label);
    }

    /**
     * Where a new component's PD, RM and CPU sessions come from: core's own, or gates its parent serves (which
     * may forward to core's sessions, {@link #pdSession} and the others, and look at or change what passes).
     */
    public interface ChildSessions {
        IpcGate pd(Component child);

        IpcGate rm(Component child);

        IpcGate cpu(Component child);
    }

    /** The child's sessions are core's own. */
    public ChildSessions coreSessions() {
        return new ChildSessions() {
            @Override
            public IpcGate pd(Component child) {
                return pd.openSession(child);
            }

            @Override
            public IpcGate rm(Component child) {
                return rm.openSession(child);
            }

            @Override
            public IpcGate cpu(Component child) {
                return cpu.openSession(child);
            }
        };
    }

    /**
     * Creates a component: a task and PD with {@code ramQuota}, its address space with the ELF image
     * {@code binary} loaded, and its main thread at the entry point with core as pager. The quota pays for
     * everything: the image's segments (read-only ones too, as they are copied), the stack, and the kernel
     * memory of the task and thread. Its capability space gets the selectors of {@link Abi}: task, thread,
     * {@code parent}, and its PD, RM and CPU sessions. {@code config} (XML text, or null) becomes its
     * {@code config} ROM. A component that cannot be created leaves nothing behind.
     */
    public Component createComponent(String name, String binary, long ramQuota, int priority, IpcGate parent, String config)
            throws ComponentException {
        return createComponent(name, binary, ramQuota, priority, parent, config, coreSessions());
    }

    /** As {@link #createComponent(String, String, long, int, IpcGate, String)}, its PD, RM and CPU sessions from {@code sessions}. */
    public Component createComponent(String name, String binary, long ramQuota, int priority, IpcGate parent, String config,
                                     ChildSessions sessions) throws ComponentException {
        byte[] image = romModules.apply(binary);
        if (image == null) throw new ComponentException("no ROM module (binary) named '" + binary + "'");
        ElfImage elf;
        try {
            elf = ElfImage.parse(binary, image);
        } catch (ElfFormatException e) {
            throw new ComponentException(e.getMessage());
        }
        symbols.putIfAbsent(binary, elf.symbols());
        Component component = newComponent(name, binary, ramQuota, priority, elf.symbols());
        try {
            for (Segment segment : elf.segments()) load(component, binary, segment);
            attachRam(component, STACK_TOP - STACK_SIZE, STACK_SIZE, "stack");
            Task task = component.task();
            Created<Thread> main = kernel.createThread(task, name, priority);
            if (!main.ok()) throw new ComponentException("cannot create its main thread: " + main.reason());
            kernel.setPager(main.object(), pager.gate());
            component.addThread(main.object());
            publish(component, parent, config, sessions);
            install(task, Abi.CAP_THREAD, main.object(), Rights.RW);
            kernel.start(main.object(), elf.entry(), STACK_TOP);
            return component;
        } catch (ComponentException e) {
            discard(component);
            throw e;
        }
    }

    /**
     * Creates an empty component: a task and PD with {@code ramQuota} and an empty address space, with its
     * capabilities (task, {@code parent}, PD, RM and CPU sessions from {@code sessions}) but no image and no
     * thread — for a parent that fills it itself (a restore), or a component implemented in Java.
     */
    public Component createEmptyComponent(String name, long ramQuota, int priority, IpcGate parent, String config, ChildSessions sessions)
            throws ComponentException {
        return createEmptyComponent(name, "", ramQuota, priority, parent, config, sessions);
    }

    /**
     * As {@link #createEmptyComponent(String, long, int, IpcGate, String, ChildSessions)}, for a parent that
     * loads the ELF image {@code binary} into it itself: faults are reported with that image's symbols.
     */
    public Component createEmptyComponent(String name, String binary, long ramQuota, int priority, IpcGate parent, String config,
                                          ChildSessions sessions) throws ComponentException {
        Component component = newComponent(name, binary, ramQuota, priority, binary.isEmpty() ? SymbolTable.empty() : symbolsOf(binary));
        try {
            publish(component, parent, config, sessions);
            return component;
        } catch (RuntimeException e) {
            discard(component);
            throw e;
        }
    }

    /** A component's task, PD (with its factory) and region map; nothing in it yet. */
    private Component newComponent(String name, String binary, long ramQuota, int priority, SymbolTable symbolTable) throws ComponentException {
        ProtectionDomain domain = new ProtectionDomain(name, frames, ramQuota);
        Created<Task> task = kernel.createTask(name, Abi.CAP_COUNT, domain);
        if (!task.ok()) throw new ComponentException("cannot create its task: " + task.reason());
        domain.bind(task.object(), kernel.createFactory(KERNEL_OBJECTS_PER_COMPONENT, domain));
        RegionMap space = new RegionMap(ADDRESS_SPACE_BASE, ADDRESS_SPACE_END - ADDRESS_SPACE_BASE);
        space.backs(task.object().addressSpace());
        space.chargeTo(domain);
        Component component = new Component(name, binary, domain, space, priority, symbolTable);
        components.put(task.object(), component);
        componentList.add(component);
        return component;
    }

    /** Makes a new component known: its config ROM, and its capabilities to itself, its parent and its sessions. */
    private void publish(Component component, IpcGate parent, String config, ChildSessions sessions) {
        if (config != null) configs.put(component.name(), config);
        Task task = component.task();
        install(task, Abi.CAP_TASK, task, Rights.RW);
        install(task, Abi.CAP_PARENT, parent, new Rights(Rights.W));
        install(task, Abi.CAP_PD, sessions.pd(component), new Rights(Rights.W));
        install(task, Abi.CAP_RM, sessions.rm(component), new Rights(Rights.W));
        install(task, Abi.CAP_CPU, sessions.cpu(component), new Rights(Rights.W));
    }

    /** Undoes a component's partial creation: task, memory and sessions go. */
    private void discard(Component component) {
        components.remove(component.task());
        componentList.remove(component);
        configs.remove(component.name());
        closeServiceSessions(component);
        kernel.deleteTask(component.task());
        kernel.forget(component.pd().factory()); // nobody ever had a capability to it or to what it made
        releaseAll(component.pd());
    }

    private void install(Task task, int selector, ecusim.kernel.KernelObject object, Rights rights) {
        L4Error e = kernel.install(task, selector, object, rights);
        if (e != L4Error.OK) throw new IllegalStateException("installing selector " + selector + " of " + task + ": " + e);
    }

    private void load(Component component, String binary, Segment segment) throws ComponentException {
        if (segment.memSize() == 0) return; // occupies no address (linkers emit such for empty sections)
        int page = PhysicalRam.PAGE_SIZE;
        int start = segment.vaddr() & -page;
        long size = ((segment.end() + page - 1) & -page) - Integer.toUnsignedLong(start);
        int into = segment.vaddr() - start;
        String what = (segment.writable() ? "" : "read-only ") + "segment at 0x" + Integer.toHexString(segment.vaddr());
        if (Integer.toUnsignedLong(start) < ADDRESS_SPACE_BASE || segment.end() > Integer.toUnsignedLong(ADDRESS_SPACE_END)) {
            throw new ComponentException(binary + ": " + what + " lies outside the component address space [0x"
                    + Integer.toHexString(ADDRESS_SPACE_BASE) + ", 0x" + Integer.toHexString(ADDRESS_SPACE_END) + ")");
        }
        Dataspace ds = allocate(component, size, what, segment.writable());
        copyInto(ds, into, segment.data(), 0, segment.fileSize());
        RegionMap.AttachResult r = component.regionMap().attach(ds, 0, (int) size, start, 0, segment.writable(), segment.executable());
        if (r.error() != L4Error.OK) {
            throw new ComponentException(binary + ": " + what + " cannot be placed (" + r.error() + ")");
        }
    }

    private void attachRam(Component component, int at, int size, String what) throws ComponentException {
        Dataspace ds = allocate(component, size, what, true);
        RegionMap.AttachResult r = component.regionMap().attach(ds, 0, size, at, 0, true, false);
        if (r.error() != L4Error.OK) throw new ComponentException("its " + what + " cannot be placed (" + r.error() + ")");
    }

    private Dataspace allocate(Component component, long size, String what, boolean writable) throws ComponentException {
        ProtectionDomain.AllocResult r = component.pd().allocate(nextBadge(), size, writable);
        if (r.error() != L4Error.OK) {
            throw new ComponentException("RAM quota of " + component.pd().quota() + " bytes is too small for its "
                    + what + " (" + size + " bytes; " + component.pd().available() + " left)");
        }
        register(r.dataspace());
        return r.dataspace();
    }

    /** Opens a session of a core service ("LOG", "Timer", "ROM") for {@code client}; {@code label} as in Genode. */
    public SessionResult openSession(String service, Component client, String label) {
        return switch (service) {
            case "LOG" -> SessionResult.ok(log.open(client, label));
            case "Timer" -> SessionResult.ok(timer.open(client));
            case "ROM" -> rom.open(client, label);
            default -> SessionResult.denied(L4Error.NOT_FOUND, "core provides no service '" + service + "'");
        };
    }

    /** Closes a session of a core service: its gate and its timers are destroyed (every capability to them revoked). */
    public void closeSession(IpcGate session) {
        boolean ours = log.closeSession(session) != null;
        TimerService.Session t = timer.closeSession(session);
        if (t != null) {
            ours = true;
            kernel.destroy(t.signalAlarm);
            for (var sleep : t.sleeps.values()) kernel.destroy(sleep);
        }
        ours |= rom.closeSession(session) != null;
        if (ours) kernel.destroy(session);
    }

    /** The services core offers to init. */
    public static List<String> services() {
        return List.of("LOG", "Timer", "ROM");
    }

    /**
     * Ends a component: its threads end, its task is deleted (capabilities, page tables, ASID), its RAM
     * returns to the free pool, and its statistics are kept as they were at the end.
     */
    public void destroy(Component component) {
        component.freezeStats();
        components.remove(component.task());
        closeServiceSessions(component);
        kernel.deleteTask(component.task());
        releaseAll(component.pd());
        pager.forget(component.task());
        if (component.pd().factory() != null) kernel.retire(component.pd().factory());
    }

    private void closeServiceSessions(Component component) {
        for (IpcGate gate : pd.closeSessionsOf(component)) kernel.destroy(gate);
        for (IpcGate gate : rm.closeSessionsOf(component)) kernel.destroy(gate);
        for (IpcGate gate : cpu.closeSessionsOf(component)) kernel.destroy(gate);
    }

    /** Frees a dataspace of {@code pd} (detaching it wherever it is attached); its capabilities are revoked. */
    L4Error free(ProtectionDomain pd, Dataspace ds) {
        L4Error e = pd.free(ds);
        if (e == L4Error.OK) {
            dataspaces.remove(ds.gate());
            kernel.destroy(ds.gate());
        }
        return e;
    }

    private void releaseAll(ProtectionDomain domain) {
        for (Dataspace ds : domain.dataspaces()) {
            domain.free(ds);
            dataspaces.remove(ds.gate());
            kernel.destroy(ds.gate());
        }
    }

    /**
     * A managed dataspace of {@code size} bytes: an empty region map that can be attached like memory. Faults
     * in it go to {@code handler}, which resolves them by attaching with {@link #attach}. The handler is
     * known by {@code handlerName} (a snapshot names it so; one name, one handler per core).
     */
    public Dataspace createManagedDataspace(int size, String handlerName, RegionMap.FaultHandler handler) {
        RegionMap.FaultHandler known = faultHandlers.putIfAbsent(handlerName, handler);
        if (known != null && known != handler) throw new IllegalArgumentException("another fault handler is named '" + handlerName + "'");
        RegionMap map = new RegionMap(0, size);
        map.setFaultHandler(handlerName, handler);
        Dataspace ds = Dataspace.managed(nextBadge(), map);
        register(ds);
        return ds;
    }

    /**
     * Ends a managed dataspace made by {@link #createManagedDataspace}: it is detached wherever it is attached,
     * what is attached in it is detached (the memory stays its owner's), and its capabilities are revoked.
     */
    public void destroyManagedDataspace(Dataspace ds) {
        if (ds.managed() == null) throw new IllegalArgumentException(ds + " is not managed");
        ds.detachEverywhere();
        for (RegionMap.Region r : ds.managed().regions()) ds.managed().detach(r.start());
        dataspaces.remove(ds.gate());
        kernel.destroy(ds.gate());
    }

    /** RAM charged to {@code component}'s quota, as its PD session would hand out; null when the quota is exhausted. */
    public Dataspace allocateRam(Component component, int bytes) {
        ProtectionDomain.AllocResult r = component.pd().allocate(nextBadge(), bytes, true);
        if (r.error() != L4Error.OK) return null;
        register(r.dataspace());
        return r.dataspace();
    }

    /**
     * Attaches {@code ds} at exactly {@code at} in the managed region map {@code map} — offset 0 included, which
     * {@link #attach} takes for "anywhere" — and lets faults waiting for it continue (a fault handler's attach).
     */
    public RegionMap.AttachResult attachAt(RegionMap map, Dataspace ds, int at, boolean writable, boolean executable) {
        RegionMap.AttachResult r = map.attachExactly(ds, at, writable, executable);
        if (r.error() == L4Error.OK) retryPendingFaults();
        return r;
    }

    /** Attaches {@code ds} at {@code at} in {@code map} (as the RM service does) and lets faults waiting for it continue. */
    public RegionMap.AttachResult attach(RegionMap map, Dataspace ds, int at, boolean writable, boolean executable) {
        RegionMap.AttachResult r = map.attach(ds, 0, 0, at, ATTACH_AREA, writable, executable);
        if (r.error() == L4Error.OK) retryPendingFaults();
        return r;
    }

    /** Logs {@code text} under {@code label} at the present virtual time, as a LOG session does (Java components log so). */
    public void log(String label, String text) {
        long now = kernel.cyclesToMicros(kernel.now());
        for (String part : text.split("\n")) if (!part.isEmpty()) logSink.log(label, now, part);
    }

    /** Core's own PD session of {@code component}: what its PD service does for it, as typed operations. */
    public PdSession pdSession(Component component) {
        return new CoreSessions.Pd(this, component);
    }

    /** Core's own RM session of {@code component}. */
    public RmSession rmSession(Component component) {
        return new CoreSessions.Rm(this, component);
    }

    /** Core's own CPU session of {@code component}. */
    public CpuSession cpuSession(Component component) {
        return new CoreSessions.Cpu(this, component);
    }

    /**
     * Maps the page at {@code address} of {@code component} as its pager would on a fault there: a parent
     * restoring its child brings back the mappings the child had, so that it takes no fault the original
     * would not have taken. False if nothing is attached there or the page is mapped already.
     */
    public boolean prefault(Component component, int address) {
        return pager.prefault(component, address);
    }

    /** Retries faults waiting in managed region maps after an attach changed what is there. */
    void retryPendingFaults() {
        pager.retryPending();
    }

    /**
     * Registers {@code handler} under {@code name} before a snapshot with managed dataspaces it serves is
     * restored into this core (a fresh ECU's owner does this, as it did on the ECU the snapshot came from);
     * it replaces a handler of that name (the owner's earlier instance, in an in-place restore).
     */
    public void registerFaultHandler(String name, RegionMap.FaultHandler handler) {
        faultHandlers.put(name, handler); // a restored owner takes the name over from the one the snapshot saw
    }

    /** The symbols of ELF image {@code binary} (cached: restoring a component does not parse its image again). */
    SymbolTable symbolsOf(String binary) {
        SymbolTable known = symbols.get(binary);
        if (known != null) return known;
        byte[] image = romModules.apply(binary);
        SymbolTable parsed = SymbolTable.empty();
        if (image != null) {
            try {
                parsed = ElfImage.parse(binary, image).symbols();
            } catch (ElfFormatException e) {
                parsed = SymbolTable.empty();
            }
        }
        symbols.put(binary, parsed);
        return parsed;
    }

    // ---- naming, for snapshots ----

    /** The name a snapshot gives {@code server}, or null if it is none of core's. */
    public String nameOf(GateServer server) {
        if (server == pager) return PAGER;
        if (server == log) return LOG;
        if (server == timer) return TIMER;
        if (server == rom) return ROM;
        if (server == pd) return PD;
        if (server == rm) return RM;
        if (server == cpu) return CPU;
        if (server == dataspaceServer) return DATASPACE;
        return null;
    }

    /** Core's server named {@code name}, or null. */
    public GateServer server(String name) {
        return switch (name) {
            case PAGER -> pager;
            case LOG -> log;
            case TIMER -> timer;
            case ROM -> rom;
            case PD -> pd;
            case RM -> rm;
            case CPU -> cpu;
            case DATASPACE -> dataspaceServer;
            default -> null;
        };
    }

    /** The name a snapshot gives {@code quota} (core's own, or a component's PD), or null. */
    public String nameOf(RamQuota quota) {
        if (quota == coreQuota) return CORE_QUOTA;
        for (int i = 0; i < componentList.size(); i++) if (componentList.get(i).pd() == quota) return PD_QUOTA + i;
        return null;
    }

    /** The quota named {@code name}, or null. */
    public RamQuota quota(String name) {
        if (name.equals(CORE_QUOTA)) return coreQuota;
        if (!name.startsWith(PD_QUOTA)) return null;
        try {
            int i = Integer.parseInt(name.substring(PD_QUOTA.length()));
            return i >= 0 && i < componentList.size() ? componentList.get(i).pd() : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
