package ecusim.platform;

import ecusim.core.Component;
import ecusim.core.Core;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.init.Init;
import ecusim.kernel.BlockedThread;
import ecusim.kernel.Kernel;
import ecusim.kernel.KernelListener;
import ecusim.kernel.PageFrames;
import ecusim.kernel.SystemCallHandler;
import ecusim.kernel.ReplicaVerdict;
import ecusim.kernel.Thread;
import ecusim.core.CoreSnapshots;
import ecusim.kernel.GateServer;
import ecusim.kernel.KernelSnapshots;
import ecusim.kernel.ObjectId;
import ecusim.kernel.RamQuota;
import ecusim.kernel.Task;
import ecusim.kernel.KernelState;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One simulated ECU: RAM and a CPU, the kernel, core and init with its children. Runs in virtual time;
 * several ECUs live side by side in one process, each with its own engine and state.
 */
public final class Ecu implements AutoCloseable {
    /** Where RAM starts in the physical address space. */
    public static final long RAM_BASE = 0x8000_0000L;

    private final EcuConfig config;
    private final PhysicalRam ram;
    private final ArmCpu cpu;
    private final Kernel kernel;
    private final Core core;
    private final Init init;
    private final MemorySegment zeroPage = MemorySegment.ofArray(new byte[PhysicalRam.PAGE_SIZE]);
    private String configDigest;
    /** The snapshot RAM's change log is relative to (the last one taken or restored), or null. */
    private EcuSnapshot baseline;
    /** The baseline's RAM image in host memory (compared against page by page at memcmp speed), and its arena. */
    private Arena baselineArena;
    private MemorySegment baselineImage;

    public Ecu(EcuConfig config, EcuEvents reported) {
        this.config = config;
        EcuEvents events = escaping(reported);
        this.ram = new PhysicalRam(RAM_BASE, config.ramBytes());
        try {
            this.cpu = ArmCpu.create(config.cpu(), ram, config.costs());
            if (config.cacheModel()) cpu.enableCacheModel(ecusim.emulator.cpu.CacheModel.cortexA9());
        } catch (RuntimeException e) {
            ram.close();
            throw e;
        }
        // One pool of frames for everything: the kernel's objects and core's dataspaces, each charged to the
        // quota of the component that caused it; core keeps a reserve for the ROM modules it serves.
        PageFrames frames = new PageFrames(ram, RAM_BASE, config.ramBytes());
        SystemCallHandler noOtherCalls = (k, thread, call) -> SystemCallHandler.Outcome.FAULT; // only svc #0 exists
        this.kernel = new Kernel(cpu, frames, config.clockHz(), Kernel.microsToCycles(config.clockHz(), config.quantumMicros()), noOtherCalls);
        long coreReserve = coreReserveBytes(config.ramBytes());
        this.core = new Core(kernel, coreReserve, config.romModules(), (component, time, text) -> events.log(config.name(), component, time, text));
        this.init = new Init(core, config.init(), frames.totalBytes() - coreReserve, new Init.Listener() {
            @Override
            public void log(String text) {
                events.log(config.name(), "init", now(), text);
            }

            @Override
            public void childExited(String child, int code) {
                events.exited(config.name(), child, now(), code);
            }

            @Override
            public void childFailed(String child, String reason) {
                events.stopped(config.name(), child, now(), reason);
            }

            @Override
            public String ecu() {
                return config.name();
            }
        }, config.javaComponents());
        kernel.addListener(new KernelListener() {
            @Override
            public void threadStopped(Thread thread, CpuEvent fault) {
                Component c = core.componentOf(thread.task());
                String name = c == null ? thread.task().name() : c.name();
                String what = fault instanceof CpuEvent.SystemCall ? fault + ", not a system call of this kernel" : fault.toString();
                String reason = "thread \"" + thread.name() + "\" stopped: " + what + where(c, fault);
                events.log(config.name(), "core", now(), "\"" + name + "\": " + reason);
                if (c != null && !c.alive()) events.stopped(config.name(), name, now(), reason);
            }

            @Override
            public void threadStoppedByKernel(Thread thread, String reason) {
                Component c = core.componentOf(thread.task());
                String name = c == null ? thread.task().name() : c.name();
                String why = "thread \"" + thread.name() + "\" stopped: " + reason;
                events.log(config.name(), "kernel", now(), "\"" + name + "\": " + why);
                if (c != null && !c.alive()) events.stopped(config.name(), name, now(), why);
            }

            @Override
            public void replicasDiffered(Thread thread, long pe, int attempt, ReplicaVerdict verdict) {
                Component c = core.componentOf(thread.task());
                String name = c == null ? thread.task().name() : c.name();
                String what = switch (verdict) {
                    case RESTARTED -> "restarted";
                    case OUTVOTED -> "corrected by the majority";
                    case GAVE_UP -> "given up";
                };
                events.log(config.name(), "kernel", now(), "\"" + name + "\": the runs of processing element " + pe + " of thread \""
                        + thread.name() + "\" differed (attempt " + (attempt + 1) + "): " + what);
            }

            @Override
            public void deadlocked(List<BlockedThread> blocked) {
                List<String> waits = new ArrayList<>();
                for (BlockedThread b : blocked) {
                    Component c = core.componentOf(b.thread().task());
                    String name = c == null ? b.thread().task().name() : c.name();
                    waits.add("\"" + name + "\" (thread \"" + b.thread().name() + "\") waits " + b.waitsFor());
                }
                boolean paused = blocked.stream().anyMatch(b -> b.thread().paused());
                events.log(config.name(), "kernel", now(), "deadlock: every thread is blocked" + (paused ? " or paused" : "")
                        + " and nothing can wake them (" + waits.size()
                        + (waits.size() == 1 ? " thread)" : " threads)"));
                for (String w : waits) events.log(config.name(), "kernel", now(), "deadlock: " + w);
                events.deadlocked(config.name(), now(), waits);
            }
        });
    }

    /** The events with every guest-chosen text made safe to print. */
    private static EcuEvents escaping(EcuEvents events) {
        return new EcuEvents() {
            @Override
            public void log(String ecu, String component, long time, String text) {
                events.log(ecu, PrintableText.escape(component), time, PrintableText.escape(text));
            }

            @Override
            public void exited(String ecu, String component, long time, int code) {
                events.exited(ecu, PrintableText.escape(component), time, code);
            }

            @Override
            public void stopped(String ecu, String component, long time, String reason) {
                events.stopped(ecu, PrintableText.escape(component), time, PrintableText.escape(reason));
            }

            @Override
            public void deadlocked(String ecu, long time, List<String> waits) {
                events.deadlocked(ecu, time, waits.stream().map(PrintableText::escape).toList());
            }
        };
    }

    /**
     * Core's own RAM on an ECU with {@code ramBytes}: the ROM modules it serves live there (the rest is init's
     * to give its children). ROM modules must fit into it together; configurations are checked for that.
     */
    public static long coreReserveBytes(long ramBytes) {
        return Math.max(1L << 20, ramBytes / 8);
    }

    /** " in main+0x24" for a fault at a known code address, else nothing. */
    private static String where(Component c, CpuEvent fault) {
        int pc = switch (fault) {
            case CpuEvent.DataAbort d -> d.pc();
            case CpuEvent.PrefetchAbort p -> p.address();
            case CpuEvent.UndefinedInstruction u -> u.pc();
            case CpuEvent.Breakpoint b -> b.pc();
            case CpuEvent.SystemCall call -> call.pc();
            default -> -1;
        };
        if (c == null || pc == -1) return "";
        String symbol = c.symbols().describe(pc);
        return symbol.isEmpty() || symbol.startsWith("0x") ? "" : " (" + symbol + ")";
    }

    public String name() {
        return config.name();
    }

    /** Boots: init starts its children. */
    public void boot() {
        init.start();
    }

    /** Runs until virtual time reaches {@code untilMicros}; returns whether anything could still run. */
    public boolean runUntil(long untilMicros) {
        return kernel.run(kernel.microsToCycles(untilMicros));
    }

    /** Virtual time in microseconds. */
    public long now() {
        return kernel.cyclesToMicros(kernel.now());
    }

    public Kernel kernel() {
        return kernel;
    }

    public Core core() {
        return core;
    }

    public Init init() {
        return init;
    }

    public List<Component> components() {
        return core.components();
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * The complete state of this ECU now, between two runs (an instruction boundary). Taking it costs no
     * virtual time and changes nothing the guests can see; it also starts RAM's change log, so that restoring
     * this snapshot in place copies back only the pages changed since.
     *
     * @throws SnapshotException if part of its state cannot be saved (a Java component that keeps none as data,
     *                           a gate served by a Java object that has no name)
     */
    public EcuSnapshot snapshot() throws SnapshotException {
        KernelState kernelState;
        ecusim.core.CoreState coreState;
        ecusim.init.InitState initState;
        try {
            initState = init.capture(core::indexOf);
            kernelState = KernelSnapshots.capture(kernel, links());
            coreState = CoreSnapshots.capture(core);
        } catch (IllegalStateException e) {
            throw new SnapshotException("ECU \"" + config.name() + "\" cannot be saved: " + e.getMessage(), e);
        }
        long[] frames = kernel.frames().allocated();
        byte[] content = new byte[Math.multiplyExact(frames.length, PhysicalRam.PAGE_SIZE)];
        MemorySegment into = MemorySegment.ofArray(content);
        for (int i = 0; i < frames.length; i++) {
            MemorySegment.copy(ram.segment(), frames[i] - ram.base(), into, (long) i * PhysicalRam.PAGE_SIZE, PhysicalRam.PAGE_SIZE);
        }
        EcuSnapshot snapshot = new EcuSnapshot(config.name(), configDigest(), cpu.instructions(), cpu.cycles(), cpu.cacheContent(),
                new EcuSnapshot.RamImage(frames, content), kernelState, coreState, initState);
        startChangeLog(snapshot);
        return snapshot;
    }

    /**
     * Puts this ECU back into the state of {@code snapshot}, taken of it or of an ECU of the same
     * configuration. In place, the same tasks come back with the same page tables and ASIDs, so translated
     * code stays valid; only pages that differ from the snapshot are copied back (for the last snapshot taken
     * or restored, only those RAM's change log names), and code translated from a page whose content or
     * mapping changed is forgotten.
     *
     * @throws SnapshotException if the snapshot is of another configuration or does not fit this ECU
     */
    public void restore(EcuSnapshot snapshot) throws SnapshotException {
        if (!snapshot.configDigest().equals(configDigest())) {
            throw new SnapshotException("the snapshot is of ECU \"" + snapshot.ecu() + "\" with configuration " + snapshot.configDigest().substring(0, 16)
                    + "…, this is \"" + config.name() + "\" with " + configDigest().substring(0, 16) + "…");
        }
        long[] saved = snapshot.ram().frames();
        for (long frame : saved) {
            if (!ram.contains(frame, PhysicalRam.PAGE_SIZE) || (frame & (PhysicalRam.PAGE_SIZE - 1)) != 0) {
                throw new SnapshotException("the snapshot's RAM has a frame at 0x" + Long.toHexString(frame) + ", outside this ECU's RAM");
            }
        }
        MemorySegment image = snapshot == baseline ? baselineImage : MemorySegment.ofArray(snapshot.ram().content());
        long[] candidates = snapshot == baseline ? ram.changedPages() : union(saved, kernel.frames().allocated());
        // Pages that hold code now or in the snapshot are compared, so that code translated from them is
        // forgotten only if they changed; every other candidate is copied back without a look.
        long[] code = codeFrames(snapshot.kernel());
        long[] changedFrames = new long[candidates.length]; // ascending, as the candidates are
        int changedCount = 0;
        MemorySegment now = ram.segment();
        final long page = PhysicalRam.PAGE_SIZE;
        for (long frame : candidates) {
            int i = Arrays.binarySearch(saved, frame);
            long at = frame - ram.base();
            if (Arrays.binarySearch(code, frame) >= 0) {
                boolean differs = i >= 0 ? MemorySegment.mismatch(now, at, at + page, image, i * page, i * page + page) != -1
                        : MemorySegment.mismatch(now, at, at + page, zeroPage, 0, page) != -1;
                if (!differs) continue;
                changedFrames[changedCount++] = frame;
            }
            if (i >= 0) MemorySegment.copy(image, i * page, now, at, page);
            else now.asSlice(at, page).fill((byte) 0);
        }
        Frames changed = new Frames(changedFrames, changedCount);
        forgetCodeBefore(snapshot.kernel());
        try {
            kernel.frames().restore(saved);
            init.prepare(snapshot.init());
            CoreSnapshots.Restoring restoring = CoreSnapshots.prepare(core, snapshot.core());
            KernelSnapshots.restore(kernel, snapshot.kernel(), links());
            restoring.finish();
            init.restore(snapshot.init(), id -> kernel.object(new ObjectId(id)), core::componentAt);
        } catch (RuntimeException e) {
            throw new SnapshotException("the snapshot does not fit this ECU: " + e.getMessage(), e);
        }
        cpu.restoreCounters(snapshot.instructions(), snapshot.cycles());
        cpu.restoreCacheContent(snapshot.cache());
        kernel.loadCpu();
        // Code pages whose content came back: forget what was translated through the restored mappings too.
        for (KernelState.SavedTask t : snapshot.kernel().tasks()) {
            for (KernelState.SavedPage p : t.pages()) {
                if (p.executable() && changed.contains(p.frame())) cpu.forgetCode(t.l1Base(), (int) t.id(), p.va(), PhysicalRam.PAGE_SIZE);
            }
        }
        startChangeLog(snapshot);
    }

    /** A new ECU of {@code config} in the state of {@code snapshot} (not booted: the snapshot says what runs). */
    public static Ecu restored(EcuConfig config, EcuEvents events, EcuSnapshot snapshot) throws SnapshotException {
        Ecu ecu = new Ecu(config, events);
        try {
            ecu.restore(snapshot);
            return ecu;
        } catch (SnapshotException | RuntimeException e) {
            ecu.close();
            throw e;
        }
    }

    /**
     * Before the kernel's state is replaced: forgets the code translated from every executable page that is
     * not mapped the same way in the snapshot (its decoded blocks are keyed by task and address, and the
     * task's id may come back with other code). Pages mapped the same way whose content changes are
     * forgotten after, through the restored mappings, with the snapshot's other code pages that changed.
     */
    private void forgetCodeBefore(KernelState snapshot) {
        for (Task t : kernel.tasks()) {
            long id = t.id().value(), l1 = t.addressSpace().l1Base();
            KernelState.SavedTask then = null;
            for (KernelState.SavedTask s : snapshot.tasks()) if (s.id() == id && s.l1Base() == l1) then = s;
            List<KernelState.SavedPage> pages = then == null ? List.of() : then.pages(); // ascending by address
            t.addressSpace().forEachPage((va, frame, writable, executable) -> {
                if (!executable) return;
                KernelState.SavedPage p = pageAt(pages, va);
                if (p == null || !p.executable() || p.frame() != frame) cpu.forgetCode(l1, (int) id, va, PhysicalRam.PAGE_SIZE);
            });
        }
    }

    /** The frames mapped executable by a task now or in {@code snapshot}, ascending. */
    private long[] codeFrames(KernelState snapshot) {
        var frames = new Object() {
            long[] all = new long[32];
            int n;

            void add(long frame) {
                if (n == all.length) all = Arrays.copyOf(all, 2 * n);
                all[n++] = frame;
            }
        };
        for (Task t : kernel.tasks()) t.addressSpace().forEachPage((va, frame, writable, executable) -> {
            if (executable) frames.add(frame);
        });
        for (KernelState.SavedTask t : snapshot.tasks()) for (KernelState.SavedPage p : t.pages()) if (p.executable()) frames.add(p.frame());
        long[] out = Arrays.copyOf(frames.all, frames.n);
        Arrays.sort(out);
        return out;
    }

    private static KernelState.SavedPage pageAt(List<KernelState.SavedPage> pages, int va) {
        int lo = 0, hi = pages.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = Integer.compareUnsigned(pages.get(mid).va(), va);
            if (cmp == 0) return pages.get(mid);
            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return null;
    }

    /** A set of frames, ascending (the pages a restore copies back). */
    private record Frames(long[] frames, int count) {
        boolean contains(long frame) {
            return Arrays.binarySearch(frames, 0, count, frame) >= 0;
        }
    }

    /** RAM's change log starts now, relative to {@code snapshot}: every page the guests may write from here on is in it. */
    private void startChangeLog(EcuSnapshot snapshot) {
        if (snapshot != baseline) {
            if (baselineArena != null) baselineArena.close();
            baselineArena = Arena.ofShared();
            byte[] content = snapshot.ram().content();
            baselineImage = baselineArena.allocate(Math.max(1, content.length), 64);
            MemorySegment.copy(MemorySegment.ofArray(content), 0, baselineImage, 0, content.length);
        }
        ram.clearChangeLog();
        for (Task t : kernel.tasks()) {
            t.addressSpace().forEachPage((va, frame, writable, executable) -> {
                if (writable) ram.mayBeWritten(frame);
            });
        }
        baseline = snapshot;
    }

    private static long[] union(long[] a, long[] b) {
        long[] all = new long[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return Arrays.stream(all).sorted().distinct().toArray();
    }

    /** SHA-256 of RAM's content (every allocated frame's address and bytes; free frames are zero), hex. */
    public String ramDigest() {
        MessageDigest sha = sha256();
        byte[] page = new byte[PhysicalRam.PAGE_SIZE];
        for (long frame : kernel.frames().allocated()) {
            ram.read(frame, page, 0, page.length);
            sha.update(java.nio.ByteBuffer.allocate(8).putLong(frame).array());
            sha.update(page);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * SHA-256 of what defines this ECU (name, CPU, clock, RAM, time slice, every cost figure, init's
     * configuration and the images of its children): a snapshot restores only into an ECU with the same.
     */
    public String configDigest() {
        if (configDigest != null) return configDigest;
        MessageDigest sha = sha256();
        StringBuilder text = new StringBuilder();
        text.append(config.name()).append('\n').append(config.cpu()).append('\n').append(config.clockHz()).append('\n')
                .append(config.ramBytes()).append('\n').append(config.quantumMicros()).append('\n').append(config.cacheModel() ? "cache model\n" : "")
                .append(config.costs().figures(PlatformCosts.keys())).append(config.init().parentProvides()).append('\n')
                .append(config.init().defaultRoute()).append('\n');
        for (var start : config.init().starts()) {
            text.append(start.name()).append('\n').append(start.binary()).append('\n').append(start.ramQuantum()).append('\n')
                    .append(start.priority()).append('\n').append(start.provides()).append('\n').append(start.routes()).append('\n')
                    .append(start.config().map(c -> c.raw()).orElse("")).append('\n').append(start.replication().map(Object::toString).orElse("")).append('\n');
        }
        sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
        for (var start : config.init().starts()) {
            byte[] image = config.romModules().apply(start.binary());
            if (image != null) sha.update(image);
        }
        configDigest = HexFormat.of().formatHex(sha.digest());
        return configDigest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** How snapshots name the Java servers of gates and the quotas of tasks on this ECU: core's, and init. */
    private KernelSnapshots.Links links() {
        return new KernelSnapshots.Links() {
            @Override
            public String nameOf(GateServer server) {
                String name = server == init ? "init" : core.nameOf(server);
                if (name == null) name = init.nameOfJavaServer(server);
                if (name == null) throw new IllegalStateException("a gate is served by " + server + ", which snapshots cannot name");
                return name;
            }

            @Override
            public GateServer server(String name) {
                GateServer server = name.equals("init") ? init : name.startsWith("java:") ? init.javaServer(name) : core.server(name);
                if (server == null) throw new IllegalStateException("no gate server named '" + name + "' on this ECU");
                return server;
            }

            @Override
            public String nameOf(RamQuota quota) {
                String name = core.nameOf(quota);
                if (name == null) throw new IllegalStateException("a task or factory is charged to " + quota + ", which snapshots cannot name");
                return name;
            }

            @Override
            public RamQuota quota(String name) {
                RamQuota quota = core.quota(name);
                if (quota == null) throw new IllegalStateException("no RAM quota named '" + name + "' on this ECU");
                return quota;
            }
        };
    }

    @Override
    public void close() {
        if (baselineArena != null) baselineArena.close();
        cpu.close();
        ram.close();
    }
}
