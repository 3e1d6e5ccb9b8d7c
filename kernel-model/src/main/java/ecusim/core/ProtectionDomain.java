package ecusim.core;

import ecusim.emulator.memory.PhysicalRam;
import ecusim.kernel.L4Error;
import ecusim.kernel.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's protection domain of a component (Genode's PD): its task and its RAM quota. Every RAM dataspace
 * it allocates is charged to the quota; exceeding it is an error the component gets back, not a crash.
 */
public final class ProtectionDomain {
    private final String name;
    private final Task task;
    private final PageFrames frames;
    private final List<Dataspace> dataspaces = new ArrayList<>();
    private final ecusim.kernel.Factory factory;
    private long quota;
    private long used;
    private long peak;

    ProtectionDomain(String name, Task task, PageFrames frames, long quota, ecusim.kernel.Factory factory) {
        this.name = name;
        this.task = task;
        this.frames = frames;
        this.quota = quota;
        this.factory = factory;
    }

    /** The kernel factory for this PD's gates and signals, with its object limit. */
    public ecusim.kernel.Factory factory() {
        return factory;
    }

    /** The most RAM it ever had charged at once. */
    public long peak() {
        return peak;
    }

    public String name() {
        return name;
    }

    public Task task() {
        return task;
    }

    public long quota() {
        return quota;
    }

    /** RAM charged to the quota so far (dataspaces and donations to sessions). */
    public long used() {
        return used;
    }

    public long available() {
        return quota - used;
    }

    /** RAM dataspaces in allocation order. */
    public List<Dataspace> dataspaces() {
        return List.copyOf(dataspaces);
    }

    /** Allocates {@code bytes} (rounded up to pages) of zeroed RAM, or returns the error. */
    AllocResult allocate(long id, int bytes) {
        if (bytes <= 0) return new AllocResult(L4Error.INVALID, null);
        long rounded = ((long) bytes + PhysicalRam.PAGE_SIZE - 1) & ~(long) (PhysicalRam.PAGE_SIZE - 1);
        if (rounded > available()) return new AllocResult(L4Error.NO_MEMORY, null);
        int pages = (int) (rounded / PhysicalRam.PAGE_SIZE);
        if ((long) pages * PhysicalRam.PAGE_SIZE > frames.freeBytes()) return new AllocResult(L4Error.NO_MEMORY, null);
        long[] allocated = new long[pages];
        for (int i = 0; i < pages; i++) allocated[i] = frames.allocate();
        Dataspace ds = Dataspace.ram(id, allocated, true, this);
        dataspaces.add(ds);
        used += rounded;
        peak = Math.max(peak, used);
        return new AllocResult(L4Error.OK, ds);
    }

    record AllocResult(L4Error error, Dataspace dataspace) {}

    /** Frees a dataspace of this PD and returns its RAM to the quota. */
    L4Error free(Dataspace ds) {
        if (!dataspaces.remove(ds)) return L4Error.NOT_FOUND;
        for (long frame : ds.frames()) frames.release(frame);
        used -= ds.size();
        return L4Error.OK;
    }

    /** Moves {@code bytes} of unused quota to whoever gets it (a session's donation); false if it lacks them. */
    public boolean withdraw(long bytes) {
        if (bytes < 0 || bytes > available()) return false;
        quota -= bytes;
        return true;
    }

    public void deposit(long bytes) {
        quota += bytes;
    }

    /** Frees everything (the component is gone). */
    void releaseAll() {
        for (Dataspace ds : List.copyOf(dataspaces)) free(ds);
    }
}
