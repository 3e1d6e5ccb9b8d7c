package ecusim.core;

import ecusim.kernel.Alarm;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.Kernel;
import ecusim.kernel.KernelObject;
import ecusim.kernel.ObjectId;
import ecusim.kernel.Task;
import ecusim.kernel.Thread;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves core's whole state as a {@link CoreState} and puts one back — the one place where core's Java
 * objects become data and data becomes objects again. A restore has two steps around the kernel's: {@link
 * #prepare} makes the protection domains (the quotas the kernel's tasks are charged to) and {@link
 * Restoring#finish} links everything to the restored kernel objects.
 */
public final class CoreSnapshots {
    private CoreSnapshots() {}

    // ------------------------------------------------------------------ capture

    public static CoreState capture(Core core) {
        Map<RegionMap, CoreState.MapRef> maps = new IdentityHashMap<>();
        Map<ProtectionDomain, Integer> owners = new IdentityHashMap<>();
        for (int i = 0; i < core.componentList.size(); i++) {
            Component c = core.componentList.get(i);
            maps.put(c.regionMap(), new CoreState.MapRef(i, 0));
            owners.put(c.pd(), i);
        }
        List<Dataspace> all = new ArrayList<>(core.dataspaces.values());
        all.sort(Comparator.comparingLong(Dataspace::id));
        for (Dataspace ds : all) if (ds.managed() != null) maps.put(ds.managed(), new CoreState.MapRef(-1, ds.id()));

        List<CoreState.SavedComponent> components = new ArrayList<>();
        for (Component c : core.componentList) {
            boolean live = c.task() != null && core.components.get(c.task()) == c;
            ProtectionDomain pd = c.pd();
            components.add(new CoreState.SavedComponent(c.name(), c.binary(), c.priority(), live, live ? c.task().id().value() : 0,
                    live ? pd.factory().id().value() : 0, pd.quota(), pd.used(), pd.peak(), pd.dataspaces().stream().map(Dataspace::id).toList(),
                    map(c.regionMap(), maps), live ? c.threads().stream().map(t -> t.id().value()).toList() : List.of(), c.finalStats()));
        }
        List<CoreState.SavedDataspace> dataspaces = new ArrayList<>();
        for (Dataspace ds : all) {
            List<Long> frames = new ArrayList<>();
            if (ds.frames() != null) for (long f : ds.frames()) frames.add(f);
            List<CoreState.SavedAttachment> attachments = new ArrayList<>();
            for (var a : ds.attachments()) attachments.add(new CoreState.SavedAttachment(ref(a.getKey(), maps), a.getValue()));
            Integer owner = ds.owner() == null ? Integer.valueOf(-1) : owners.get(ds.owner());
            if (owner == null) throw new IllegalStateException(ds + " belongs to a PD core no longer has");
            dataspaces.add(new CoreState.SavedDataspace(ds.id(), ds.gate().id().value(), ds.size(), frames, ds.writable(), owner,
                    ds.managed() == null ? null : map(ds.managed(), maps), attachments));
        }
        List<CoreState.SavedRom> roms = new ArrayList<>();
        core.romDataspaces.forEach((key, ds) -> roms.add(new CoreState.SavedRom(key, ds.id())));
        roms.sort(Comparator.comparing(CoreState.SavedRom::key));
        List<CoreState.SavedConfig> configs = new ArrayList<>();
        core.configs.forEach((name, text) -> configs.add(new CoreState.SavedConfig(name, text)));
        configs.sort(Comparator.comparing(CoreState.SavedConfig::component));

        List<CoreState.SavedLogSession> log = new ArrayList<>();
        core.log.sessions().forEach((gate, label) -> log.add(new CoreState.SavedLogSession(gate.id().value(), label)));
        log.sort(Comparator.comparingLong(CoreState.SavedLogSession::gate));
        List<CoreState.SavedTimerSession> timer = new ArrayList<>();
        core.timer.sessions().forEach((gate, s) -> {
            List<CoreState.SavedSleep> sleeps = new ArrayList<>();
            s.sleeps.forEach((thread, alarm) -> sleeps.add(new CoreState.SavedSleep(thread.id().value(), alarm.id().value())));
            sleeps.sort(Comparator.comparingLong(CoreState.SavedSleep::thread));
            timer.add(new CoreState.SavedTimerSession(gate.id().value(), s.signalAlarm.id().value(), s.signal == null ? 0 : s.signal.id().value(), sleeps));
        });
        timer.sort(Comparator.comparingLong(CoreState.SavedTimerSession::gate));
        List<CoreState.SavedRomSession> rom = new ArrayList<>();
        core.rom.sessions().forEach((gate, s) -> rom.add(new CoreState.SavedRomSession(gate.id().value(), s.dataspace().id(), s.length())));
        rom.sort(Comparator.comparingLong(CoreState.SavedRomSession::gate));

        List<CoreState.SavedFault> faults = new ArrayList<>();
        for (CorePager.PendingFault f : core.pager.pending()) {
            faults.add(new CoreState.SavedFault(f.thread().id().value(), f.address(), f.write(), f.execute()));
        }
        return new CoreState(core.nextBadge, core.coreQuota.used(), core.pager.gate().id().value(), components, dataspaces, roms, configs,
                log, timer, rom, componentSessions(core, core.pd), componentSessions(core, core.rm), componentSessions(core, core.cpu), faults);
    }

    private static List<CoreState.SavedComponentSession> componentSessions(Core core, SessionServer<Component> service) {
        List<CoreState.SavedComponentSession> out = new ArrayList<>();
        service.sessions().forEach((gate, c) -> out.add(new CoreState.SavedComponentSession(gate.id().value(), core.indexOf(c))));
        out.sort(Comparator.comparingLong(CoreState.SavedComponentSession::gate));
        return out;
    }

    private static CoreState.SavedRegionMap map(RegionMap map, Map<RegionMap, CoreState.MapRef> maps) {
        List<CoreState.SavedRegion> regions = new ArrayList<>();
        for (RegionMap.Region r : map.regions()) {
            regions.add(new CoreState.SavedRegion(r.start(), r.size(), r.dataspace().id(), r.offset(), r.writable(), r.executable()));
        }
        List<CoreState.SavedParent> parents = new ArrayList<>();
        List<RegionMap> parentMaps = map.parentMaps();
        List<int[]> ranges = map.parentRanges();
        for (int i = 0; i < parentMaps.size(); i++) {
            int[] r = ranges.get(i);
            parents.add(new CoreState.SavedParent(ref(parentMaps.get(i), maps), r[0], r[1], r[2]));
        }
        return new CoreState.SavedRegionMap(map.base(), map.size(), regions, parents, map.faultHandlerName());
    }

    private static CoreState.MapRef ref(RegionMap map, Map<RegionMap, CoreState.MapRef> maps) {
        CoreState.MapRef ref = maps.get(map);
        if (ref == null) throw new IllegalStateException("a region map that is neither a component's nor a managed dataspace's");
        return ref;
    }

    // ------------------------------------------------------------------ restore

    /** Core between the two steps of a restore: its protection domains exist, nothing is linked yet. */
    public static final class Restoring {
        private final Core core;
        private final CoreState state;

        private Restoring(Core core, CoreState state) {
            this.core = core;
            this.state = state;
        }

        /** Links core to the restored kernel: dataspaces, region maps, sessions, pending faults. */
        public void finish() {
            link(core, state);
        }
    }

    /**
     * Replaces core's components with the snapshot's (their protection domains empty as yet), so that the
     * kernel's restore finds the quotas its tasks are charged to ({@link Core#quota(String)}).
     */
    public static Restoring prepare(Core core, CoreState state) {
        core.componentList.clear();
        core.components.clear();
        for (CoreState.SavedComponent c : state.components()) {
            ProtectionDomain pd = new ProtectionDomain(c.name(), core.frames, c.ramQuota());
            CoreState.SavedRegionMap m = c.addressSpace();
            RegionMap space = new RegionMap(m.base(), m.size());
            String binary = c.binary();
            core.componentList.add(new Component(c.name(), binary, pd, space, c.priority(), () -> core.symbolsOf(binary)));
        }
        return new Restoring(core, state);
    }

    private static void link(Core core, CoreState state) {
        Kernel k = core.kernel;
        List<Component> components = core.componentList;
        // Dataspaces first (managed ones with their empty region maps), then what refers to them.
        Map<Long, Dataspace> byId = new HashMap<>();
        core.dataspaces.clear();
        for (CoreState.SavedDataspace d : state.dataspaces()) {
            RegionMap managed = d.managed() == null ? null : new RegionMap(d.managed().base(), d.managed().size());
            long[] frames = null;
            if (d.managed() == null) {
                frames = new long[d.frames().size()];
                for (int i = 0; i < frames.length; i++) frames[i] = d.frames().get(i);
            }
            ProtectionDomain owner = d.owner() < 0 ? null : components.get(d.owner()).pd();
            Dataspace ds = Dataspace.restored(d.id(), d.size(), frames, d.writable(), managed, owner);
            IpcGate gate = object(k, d.gate(), IpcGate.class, "the gate of a dataspace");
            ds.setGate(gate);
            core.dataspaces.put(gate, ds);
            byId.put(d.id(), ds);
        }
        Maps maps = new Maps(components, byId);

        for (int i = 0; i < components.size(); i++) {
            CoreState.SavedComponent saved = state.components().get(i);
            Component c = components.get(i);
            ProtectionDomain pd = c.pd();
            List<Dataspace> owned = new ArrayList<>(saved.dataspaces().size());
            for (long id : saved.dataspaces()) owned.add(dataspace(byId, id));
            pd.restore(saved.ramQuota(), saved.ramUsed(), saved.ramPeak(), owned);
            List<Thread> threads = new ArrayList<>();
            if (saved.live()) {
                Task task = object(k, saved.task(), Task.class, "a component's task");
                pd.bind(task, object(k, saved.factory(), ecusim.kernel.Factory.class, "a component's factory"));
                c.regionMap().backs(task.addressSpace());
                core.components.put(task, c);
                for (long t : saved.threads()) threads.add(object(k, t, Thread.class, "a component's thread"));
            }
            c.regionMap().chargeTo(pd);
            c.restore(threads, saved.finalStats());
            fill(core, c.regionMap(), saved.addressSpace(), byId, maps);
        }
        for (CoreState.SavedDataspace d : state.dataspaces()) {
            Dataspace ds = byId.get(d.id());
            if (ds.managed() != null) fill(core, ds.managed(), d.managed(), byId, maps);
            for (CoreState.SavedAttachment a : d.attachments()) ds.attached(maps.of(a.map()), a.start());
        }
        core.romDataspaces.clear();
        for (CoreState.SavedRom r : state.roms()) core.romDataspaces.put(r.key(), dataspace(byId, r.dataspace()));
        core.configs.clear();
        for (CoreState.SavedConfig c : state.configs()) core.configs.put(c.component(), c.text());

        Map<IpcGate, String> log = new IdentityHashMap<>();
        for (CoreState.SavedLogSession s : state.logSessions()) log.put(gate(k, s.gate()), s.label());
        core.log.restoreSessions(log);
        Map<IpcGate, TimerService.Session> timer = new IdentityHashMap<>();
        for (CoreState.SavedTimerSession s : state.timerSessions()) {
            TimerService.Session session = new TimerService.Session(k, object(k, s.signalAlarm(), Alarm.class, "a Timer session's alarm"));
            session.signal = s.signal() == 0 ? null : object(k, s.signal(), Irq.class, "a Timer session's signal");
            for (CoreState.SavedSleep sleep : s.sleeps()) {
                session.sleeps.put(object(k, sleep.thread(), Thread.class, "a sleeping thread"), object(k, sleep.alarm(), Alarm.class, "a sleep's alarm"));
            }
            timer.put(gate(k, s.gate()), session);
        }
        core.timer.restoreSessions(timer);
        Map<IpcGate, RomService.Session> rom = new IdentityHashMap<>();
        for (CoreState.SavedRomSession s : state.romSessions()) rom.put(gate(k, s.gate()), new RomService.Session(dataspace(byId, s.dataspace()), s.length()));
        core.rom.restoreSessions(rom);
        core.pd.restoreSessions(componentSessions(core, state.pdSessions()));
        core.rm.restoreSessions(componentSessions(core, state.rmSessions()));
        core.cpu.restoreSessions(componentSessions(core, state.cpuSessions()));

        List<CorePager.PendingFault> faults = new ArrayList<>();
        for (CoreState.SavedFault f : state.pagerFaults()) {
            faults.add(new CorePager.PendingFault(object(k, f.thread(), Thread.class, "a thread with a pending fault"), f.address(), f.write(), f.execute()));
        }
        core.pager.restore(gate(k, state.pagerGate()), faults);
        core.nextBadge = state.nextBadge();
        core.coreQuota.restoreUsed(state.coreRamUsed());
    }

    private static void fill(Core core, RegionMap map, CoreState.SavedRegionMap saved, Map<Long, Dataspace> byId, Maps maps) {
        for (CoreState.SavedRegion r : saved.regions()) {
            map.restoreRegion(new RegionMap.Region(r.start(), r.size(), dataspace(byId, r.dataspace()), r.offset(), r.writable(), r.executable()));
        }
        for (CoreState.SavedParent p : saved.parents()) map.restoreParent(maps.of(p.map()), p.start(), p.offset(), p.size());
        if (saved.faultHandler() != null) {
            RegionMap.FaultHandler handler = core.faultHandlers.get(saved.faultHandler());
            if (handler == null) {
                throw new IllegalStateException("a managed dataspace's fault handler '" + saved.faultHandler()
                        + "' is not registered on this ECU (Core.registerFaultHandler)");
            }
            map.setFaultHandler(saved.faultHandler(), handler);
        }
    }

    private static Map<IpcGate, Component> componentSessions(Core core, List<CoreState.SavedComponentSession> saved) {
        Map<IpcGate, Component> out = new IdentityHashMap<>();
        for (CoreState.SavedComponentSession s : saved) out.put(gate(core.kernel, s.gate()), core.componentAt(s.component()));
        return out;
    }

    /** The region maps a {@link CoreState.MapRef} names: a component's (by index) or a managed dataspace's. */
    private record Maps(List<Component> components, Map<Long, Dataspace> dataspaces) {
        RegionMap of(CoreState.MapRef ref) {
            RegionMap map = null;
            if (ref.component() >= 0) {
                if (ref.component() < components.size()) map = components.get(ref.component()).regionMap();
            } else {
                Dataspace ds = dataspaces.get(ref.managedDataspace());
                if (ds != null) map = ds.managed();
            }
            if (map == null) throw new IllegalStateException("a region map " + ref + ", which the snapshot lacks");
            return map;
        }
    }

    private static Dataspace dataspace(Map<Long, Dataspace> byId, long id) {
        Dataspace ds = byId.get(id);
        if (ds == null) throw new IllegalStateException("dataspace " + id + ", which the snapshot lacks");
        return ds;
    }

    private static IpcGate gate(Kernel k, long id) {
        return object(k, id, IpcGate.class, "a session's gate");
    }

    private static <T extends KernelObject> T object(Kernel k, long id, Class<T> type, String what) {
        KernelObject o = k.object(new ObjectId(id));
        if (!type.isInstance(o)) throw new IllegalStateException(what + " is kernel object " + id + ", which the snapshot has no " + type.getSimpleName() + " for");
        return type.cast(o);
    }
}
