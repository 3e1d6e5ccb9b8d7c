package ecusim.core;

import java.util.List;

/**
 * Everything core holds, as data: its components (protection domains, region maps, threads), dataspaces
 * with their frames and attachments, the ROM modules it serves, the sessions of each of its services, the
 * page faults waiting for a managed dataspace's handler, and its counters. Kernel objects are named by
 * their ids, components by their index in creation order, dataspaces by their id. {@link CoreSnapshots}
 * captures and restores it.
 */
public record CoreState(long nextBadge, long coreRamUsed, long pagerGate, List<SavedComponent> components, List<SavedDataspace> dataspaces,
                        List<SavedRom> roms, List<SavedConfig> configs, List<SavedLogSession> logSessions,
                        List<SavedTimerSession> timerSessions, List<SavedRomSession> romSessions, List<SavedComponentSession> pdSessions,
                        List<SavedComponentSession> rmSessions, List<SavedComponentSession> cpuSessions, List<SavedFault> pagerFaults) {

    /**
     * A component: {@code live} while core still has it (a destroyed one keeps its record and final
     * statistics for the metrics); its PD, its address space's region map and its threads (ids).
     */
    public record SavedComponent(String name, String binary, int priority, boolean live, long task, long factory, long ramQuota,
                                 long ramUsed, long ramPeak, List<Long> dataspaces, SavedRegionMap addressSpace, List<Long> threads,
                                 ComponentStats finalStats) {}

    /**
     * A dataspace: RAM or ROM ({@code frames}), or managed ({@code managed}, a region map of its own); its
     * owner's component index (-1: core's own); where it is attached, in order.
     */
    public record SavedDataspace(long id, long gate, int size, List<Long> frames, boolean writable, int owner, SavedRegionMap managed,
                                 List<SavedAttachment> attachments) {}

    /** A region map: its range, regions in address order, where it is itself attached (managed ones), its fault handler's name. */
    public record SavedRegionMap(int base, int size, List<SavedRegion> regions, List<SavedParent> parents, String faultHandler) {}

    public record SavedRegion(int start, int size, long dataspace, int offset, boolean writable, boolean executable) {}

    /** A region map is a component's address space (component index) or a managed dataspace's (its id). */
    public record MapRef(int component, long managedDataspace) {}

    public record SavedAttachment(MapRef map, int start) {}

    public record SavedParent(MapRef map, int start, int offset, int size) {}

    /** A ROM module's shared dataspace, under the key core caches it by. */
    public record SavedRom(String key, long dataspace) {}

    public record SavedConfig(String component, String text) {}

    public record SavedLogSession(long gate, String label) {}

    /** A Timer session: its signal alarm, the signal it triggers (0: none), and one alarm per thread that sleeps. */
    public record SavedTimerSession(long gate, long signalAlarm, long signal, List<SavedSleep> sleeps) {}

    public record SavedSleep(long thread, long alarm) {}

    public record SavedRomSession(long gate, long dataspace, int length) {}

    /** A PD, RM or CPU session of a component (its index). */
    public record SavedComponentSession(long gate, int component) {}

    /** A page fault waiting for a managed dataspace's handler to attach something. */
    public record SavedFault(long thread, int address, boolean write, boolean execute) {}
}
