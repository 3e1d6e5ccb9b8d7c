package ecusim.core;

import ecusim.emulator.memory.PhysicalRam;
import ecusim.kernel.IpcGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dataspace (Genode): a range of memory that can be attached to region maps. Either RAM (physical
 * frames, owned by a PD and charged to its quota), ROM (read-only content owned by core), or managed: a
 * {@link RegionMap} used as a dataspace. Clients name it through its capability, an IPC gate of core.
 */
public final class Dataspace {
    private final long id;
    private final int size;
    private final long[] frames;
    private final boolean writable;
    private final RegionMap managed;
    private final ProtectionDomain owner;
    private final List<Attachment> attachments = new ArrayList<>(1);
    private IpcGate gate;

    /** Where it is attached: the region map and the region's start. */
    private record Attachment(RegionMap map, int start) {}

    private Dataspace(long id, int size, long[] frames, boolean writable, RegionMap managed, ProtectionDomain owner) {
        this.id = id;
        this.size = size;
        this.frames = frames;
        this.writable = writable;
        this.managed = managed;
        this.owner = owner;
    }

    static Dataspace ram(long id, long[] frames, boolean writable, ProtectionDomain owner) {
        return new Dataspace(id, frames.length * PhysicalRam.PAGE_SIZE, frames, writable, null, owner);
    }

    static Dataspace managed(long id, RegionMap regionMap) {
        return new Dataspace(id, regionMap.size(), null, true, regionMap, null);
    }

    /** A dataspace as a snapshot describes it (frames null for a managed one); its gate and attachments follow. */
    static Dataspace restored(long id, int size, long[] frames, boolean writable, RegionMap managed, ProtectionDomain owner) {
        return new Dataspace(id, size, frames, writable, managed, owner);
    }

    /** Core-wide identity (the badge of its capability). */
    public long id() {
        return id;
    }

    public int size() {
        return size;
    }

    public boolean writable() {
        return writable;
    }

    /** The region map behind a managed dataspace, or null for memory. */
    public RegionMap managed() {
        return managed;
    }

    /** The PD whose quota pays for it, or null for core's own (ROM) dataspaces. */
    public ProtectionDomain owner() {
        return owner;
    }

    /** Physical frame of the page at {@code offset} (memory dataspaces only). */
    public long frame(int offset) {
        return frames[offset / PhysicalRam.PAGE_SIZE];
    }

    public int pages() {
        return frames == null ? 0 : frames.length;
    }

    long[] frames() {
        return frames;
    }

    public IpcGate gate() {
        return gate;
    }

    void setGate(IpcGate gate) {
        this.gate = gate;
    }

    void attached(RegionMap map, int start) {
        attachments.add(new Attachment(map, start));
    }

    /** Where it is attached, in order: each region map and the region's start. */
    List<Map.Entry<RegionMap, Integer>> attachments() {
        List<Map.Entry<RegionMap, Integer>> out = new ArrayList<>(attachments.size());
        for (Attachment a : attachments) out.add(Map.entry(a.map(), a.start()));
        return out;
    }

    void detached(RegionMap map, int start) {
        attachments.remove(new Attachment(map, start));
    }

    /** Detaches it from every region map (it is being freed: nobody may keep its frames mapped). */
    void detachEverywhere() {
        for (Attachment a : List.copyOf(attachments)) a.map().detach(a.start());
    }

    @Override
    public String toString() {
        return (managed != null ? "managed " : writable ? "RAM " : "ROM ") + "dataspace " + id + " (" + size + " bytes)";
    }
}
