package ecusim.core;

import ecusim.emulator.memory.PhysicalRam;
import ecusim.kernel.L4Error;
import ecusim.kernel.PageFrames;
import ecusim.kernel.RamQuota;
import ecusim.kernel.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Core's protection domain of a component (Genode's PD): its task and its RAM quota. The quota pays for
 * every RAM dataspace it allocates, its image's segments, and, as the kernel's {@link RamQuota}, the kernel
 * objects created for it (page tables, UTCBs, threads, gates, signals). Exceeding it is an error the
 * component gets back, not a crash.
 */
public final class ProtectionDomain implements RamQuota {
    private final String name;
    private final PageFrames frames;
    private final List<Dataspace> dataspaces = new ArrayList<>();
    private Task task;
    private ecusim.kernel.Factory factory;
    private long quota;
    private long used;
    private long peak;

    ProtectionDomain(String name, PageFrames frames, long quota) {
        this.name = name;
        this.frames = frames;
        this.quota = quota;
    }

    /** Sets the counters and dataspaces (a restore; the task and factory are bound with {@link #bind}). */
    void restore(long quota, long used, long peak, List<Dataspace> dataspaces) {
        this.quota = quota;
        this.used = used;
        this.peak = peak;
        this.dataspaces.clear();
        this.dataspaces.addAll(dataspaces);
    }

    /** Binds the task created with this PD as its quota, and the factory for its gates and signals. */
    void bind(Task task, ecusim.kernel.Factory factory) {
        this.task = task;
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

    /** RAM charged to the quota so far (dataspaces, kernel objects and donations to sessions). */
    public long used() {
        return used;
    }

    public long available() {
        return quota - used;
    }

    @Override
    public boolean charge(long bytes) {
        if (bytes < 0 || bytes > available()) return false;
        used += bytes;
        peak = Math.max(peak, used);
        return true;
    }

    @Override
    public void refund(long bytes) {
        used -= bytes;
    }

    /** RAM dataspaces in allocation order. */
    public List<Dataspace> dataspaces() {
        return List.copyOf(dataspaces);
    }

    /** Allocates {@code bytes} (rounded up to pages) of zeroed RAM, or returns the error. */
    AllocResult allocate(long id, long bytes, boolean writable) {
        if (bytes <= 0) return new AllocResult(L4Error.INVALID, null);
        long rounded = (bytes + PhysicalRam.PAGE_SIZE - 1) & ~(long) (PhysicalRam.PAGE_SIZE - 1);
        if (rounded > Integer.MAX_VALUE || !charge(rounded)) return new AllocResult(L4Error.NO_MEMORY, null);
        int pages = (int) (rounded / PhysicalRam.PAGE_SIZE);
        long[] allocated = new long[pages];
        for (int i = 0; i < pages; i++) {
            allocated[i] = frames.allocate();
            if (allocated[i] == PageFrames.NONE) { // the ECU's RAM itself is exhausted
                for (int j = 0; j < i; j++) frames.release(allocated[j]);
                refund(rounded);
                return new AllocResult(L4Error.NO_MEMORY, null);
            }
        }
        Dataspace ds = Dataspace.ram(id, allocated, writable, this);
        dataspaces.add(ds);
        return new AllocResult(L4Error.OK, ds);
    }

    record AllocResult(L4Error error, Dataspace dataspace) {}

    /** Frees a dataspace of this PD: it is detached wherever it is attached, and its RAM returns to the quota. */
    L4Error free(Dataspace ds) {
        if (!dataspaces.remove(ds)) return L4Error.NOT_FOUND;
        ds.detachEverywhere();
        for (long frame : ds.frames()) frames.release(frame);
        refund(ds.size());
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
}
