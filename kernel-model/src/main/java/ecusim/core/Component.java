package ecusim.core;

import ecusim.emulator.elf.SymbolTable;
import ecusim.kernel.Task;
import ecusim.kernel.Thread;
import ecusim.kernel.ThreadState;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's record of one component: its protection domain (task + RAM quota), its address space as a region
 * map, and its threads. Everything a checkpoint of it needs is reachable from here.
 */
public final class Component {
    private final String name;
    private final String binary;
    private final ProtectionDomain pd;
    private final RegionMap addressSpace;
    private final List<Thread> threads = new ArrayList<>();
    private final int priority;
    /** Its ELF image's symbols, or where to get them when first needed (a restored component: no ELF was parsed). */
    private SymbolTable symbols;
    private java.util.function.Supplier<SymbolTable> symbolSource;
    private ComponentStats finalStats;

    Component(String name, String binary, ProtectionDomain pd, RegionMap addressSpace, int priority, SymbolTable symbols) {
        this(name, binary, pd, addressSpace, priority, () -> symbols);
    }

    Component(String name, String binary, ProtectionDomain pd, RegionMap addressSpace, int priority,
              java.util.function.Supplier<SymbolTable> symbols) {
        this.name = name;
        this.binary = binary;
        this.pd = pd;
        this.addressSpace = addressSpace;
        this.priority = priority;
        this.symbolSource = symbols;
    }

    /** The symbols of its ELF image, to say where in the code something happened. */
    public SymbolTable symbols() {
        if (symbols == null) {
            symbols = symbolSource.get();
            symbolSource = null;
        }
        return symbols;
    }

    public String name() {
        return name;
    }

    /** The ROM module its image was loaded from. */
    public String binary() {
        return binary;
    }

    public ProtectionDomain pd() {
        return pd;
    }

    /** Its task; null for a destroyed component restored from a snapshot (its task was gone then). */
    public Task task() {
        return pd.task();
    }

    /** Whether core destroyed it (it exited); its statistics are those at its end. */
    public boolean destroyed() {
        return finalStats != null;
    }

    /** The component's address space as a region map. */
    public RegionMap regionMap() {
        return addressSpace;
    }

    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    void addThread(Thread thread) {
        threads.add(thread);
    }

    public int priority() {
        return priority;
    }

    /**
     * Whether any of its threads can still run (or wait to). Threads never started do not count: with all
     * its running threads ended, nobody in the component is left to start them.
     */
    public boolean alive() {
        for (Thread t : threads) if (t.state() == ThreadState.READY || t.state() == ThreadState.BLOCKED) return true;
        return false;
    }

    /** The statistics kept at its destruction, or null while it lives. */
    ComponentStats finalStats() {
        return finalStats;
    }

    /** Sets the threads and kept statistics (a restore). */
    void restore(List<Thread> threads, ComponentStats finalStats) {
        this.threads.clear();
        this.threads.addAll(threads);
        this.finalStats = finalStats;
    }

    /** Keeps the statistics as they are now: the component is being destroyed. */
    void freezeStats() {
        if (finalStats == null) finalStats = stats();
    }

    /** Totals over its threads and its address space, for metrics; for a destroyed component, those at its end. */
    public ComponentStats stats() {
        if (finalStats != null) return finalStats;
        long instructions = 0, cycles = 0, systemCalls = 0, ipcs = 0, sendWaits = 0, pageFaults = 0;
        for (Thread t : threads) {
            instructions += t.stats().instructions();
            cycles += t.stats().cycles();
            systemCalls += t.stats().systemCalls();
            ipcs += t.stats().ipcs();
            sendWaits += t.stats().sendWaits();
            pageFaults += t.stats().pageFaults();
        }
        return new ComponentStats(instructions, cycles, systemCalls, ipcs, sendWaits, pageFaults, task().addressSpace().tlbFlushes(),
                pd.used(), pd.peak(), pd.quota(), task().addressSpace().mappedPages(),
                task().replication() == null ? List.of() : java.util.Arrays.stream(task().replicationStats().toArray()).boxed().toList());
    }

    @Override
    public String toString() {
        return "component " + name;
    }
}
