package ecusim.core;

import ecusim.emulator.memory.PhysicalRam;
import ecusim.kernel.AddressSpace;
import ecusim.kernel.L4Error;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A region map (Genode's RM): dataspaces attached at addresses of a virtual range. A component's address
 * space is one; a managed dataspace is another one attached inside it. Core, as every thread's pager,
 * resolves a fault by walking these maps down to a frame. A fault in a managed region map that nothing is
 * attached to goes to its fault handler, whose later attach lets the faulting thread continue.
 */
public final class RegionMap {
    /** One attachment: {@code size} bytes of {@code dataspace} from {@code offset}, at {@code start}. */
    public record Region(int start, int size, Dataspace dataspace, int offset, boolean writable, boolean executable) {
        boolean contains(int address) {
            return Integer.compareUnsigned(address - start, size) < 0;
        }
    }

    /** Where a fault ends up: a frame and what the mapping may allow, or null fields when unresolved. */
    public record Resolution(long frame, boolean writable, boolean executable, RegionMap unresolvedIn, int unresolvedOffset) {
        public boolean resolved() {
            return unresolvedIn == null;
        }
    }

    /** Notified of a fault in this (managed) region map that no attachment covers. */
    public interface FaultHandler {
        void fault(RegionMap regionMap, int offset, boolean write);
    }

    private record Parent(RegionMap map, int start, int offset, int size) {}

    private static final int PAGE = PhysicalRam.PAGE_SIZE;
    /** Regions one map may hold, and what each costs its owner's quota (core's record of it): no guest attaches without bound. */
    public static final int MAX_REGIONS = 1024, REGION_BYTES = 256;

    private final int base;
    private final int size;
    private final TreeMap<Integer, Region> regions = new TreeMap<>(Integer::compareUnsigned);
    private final List<AddressSpace> spaces = new ArrayList<>();
    private final List<Parent> parents = new ArrayList<>();
    private FaultHandler faultHandler;
    private String faultHandlerName;
    private ecusim.kernel.RamQuota quota;

    /** A region map covering {@code [base, base + size)}; managed dataspaces use base 0. */
    public RegionMap(int base, int size) {
        this.base = base;
        this.size = size;
    }

    public int base() {
        return base;
    }

    public int size() {
        return size;
    }

    /** Sends faults nothing covers to {@code handler}, known by {@code name} (see {@link Core#createManagedDataspace}). */
    void setFaultHandler(String name, FaultHandler handler) {
        this.faultHandlerName = name;
        this.faultHandler = handler;
    }

    String faultHandlerName() {
        return faultHandlerName;
    }

    public FaultHandler faultHandler() {
        return faultHandler;
    }

    /** Charges each region to {@code quota} from now on (a component's address space, to its PD). */
    void chargeTo(ecusim.kernel.RamQuota quota) {
        this.quota = quota;
    }

    /** This map is the address space {@code space}: detaching unmaps there. */
    void backs(AddressSpace space) {
        spaces.add(space);
    }

    /** Where this (managed) map is attached, in order: the parent map, start, offset into this map, size. */
    List<int[]> parentRanges() {
        List<int[]> out = new ArrayList<>();
        for (Parent p : parents) out.add(new int[] {p.start, p.offset, p.size});
        return out;
    }

    List<RegionMap> parentMaps() {
        List<RegionMap> out = new ArrayList<>();
        for (Parent p : parents) out.add(p.map);
        return out;
    }

    /** Puts a region back as a snapshot has it: nothing is charged or mapped (the quota and page tables are restored). */
    void restoreRegion(Region region) {
        regions.put(region.start(), region);
    }

    void restoreParent(RegionMap map, int start, int offset, int size) {
        parents.add(new Parent(map, start, offset, size));
    }

    /** The regions in ascending address order. */
    public List<Region> regions() {
        return List.copyOf(regions.values());
    }

    /**
     * Attaches {@code length} bytes of {@code ds} from {@code offset} at {@code at} (page aligned), or, when
     * {@code at} is 0, at the lowest free range from {@code searchFrom}. Returns the address, or an error.
     */
    public AttachResult attach(Dataspace ds, int offset, int length, int at, int searchFrom, boolean writable, boolean executable) {
        if (length == 0) length = ds.size() - offset;
        if (offset < 0 || length <= 0 || (offset & (PAGE - 1)) != 0 || offset + (long) length > ds.size()) return AttachResult.error(L4Error.INVALID);
        length = (length + PAGE - 1) & ~(PAGE - 1);
        if (at == 0) {
            at = findFree(length, searchFrom);
            if (at == 0) return AttachResult.error(L4Error.NO_MEMORY);
        }
        return place(ds, offset, length, at, writable, executable);
    }

    /** Attaches the whole of {@code ds} at exactly {@code at}, 0 included (a managed map's first page). */
    AttachResult attachExactly(Dataspace ds, int at, boolean writable, boolean executable) {
        return place(ds, 0, (ds.size() + PAGE - 1) & ~(PAGE - 1), at, writable, executable);
    }

    private AttachResult place(Dataspace ds, int offset, int length, int at, boolean writable, boolean executable) {
        if (writable && !ds.writable()) return AttachResult.error(L4Error.PERMISSION);
        if ((at & (PAGE - 1)) != 0 || !inside(at, length)) return AttachResult.error(L4Error.RANGE);
        if (overlaps(at, length)) return AttachResult.error(L4Error.EXISTS);
        if (regions.size() >= MAX_REGIONS || quota != null && !quota.charge(REGION_BYTES)) return AttachResult.error(L4Error.NO_MEMORY);
        regions.put(at, new Region(at, length, ds, offset, writable, executable));
        ds.attached(this, at);
        if (ds.managed() != null) ds.managed().parents.add(new Parent(this, at, offset, length));
        return new AttachResult(L4Error.OK, at);
    }

    public record AttachResult(L4Error error, int address) {
        static AttachResult error(L4Error e) {
            return new AttachResult(e, 0);
        }
    }

    /** Detaches the region starting at {@code at}, unmapping its pages wherever this map is visible. */
    public L4Error detach(int at) {
        Region region = regions.remove(at);
        if (region == null) return L4Error.NOT_FOUND;
        if (quota != null) quota.refund(REGION_BYTES);
        region.dataspace().detached(this, at);
        if (region.dataspace().managed() != null) region.dataspace().managed().parents.removeIf(p -> p.map == this && p.start == at);
        unmapRange(at, region.size());
        return L4Error.OK;
    }

    /** The region containing {@code address}, or null. */
    public Region regionAt(int address) {
        Map.Entry<Integer, Region> e = regions.floorEntry(address);
        return e != null && e.getValue().contains(address) ? e.getValue() : null;
    }

    /** Resolves a fault at {@code address} down through managed dataspaces to a frame. */
    public Resolution resolve(int address) {
        Region region = regionAt(address);
        if (region == null) return new Resolution(-1, false, false, this, address - base);
        int offset = region.offset() + (address - region.start());
        Dataspace ds = region.dataspace();
        if (ds.managed() != null) {
            Resolution inner = ds.managed().resolve(ds.managed().base() + offset);
            if (!inner.resolved()) return inner;
            return new Resolution(inner.frame(), inner.writable() && region.writable(), inner.executable() && region.executable(), null, 0);
        }
        return new Resolution(ds.frame(offset), region.writable(), region.executable(), null, 0);
    }

    private void unmapRange(int start, int length) {
        for (AddressSpace space : spaces) {
            for (int page = start; Integer.compareUnsigned(page - start, length) < 0; page += PAGE) {
                if (space.page(page) != null) space.unmap(page);
            }
        }
        for (Parent p : parents) {
            // Our [start, start+length) seen through the parent's attachment of us at p.start (from p.offset).
            long from = Math.max(start - base, p.offset), to = Math.min((long) start - base + length, (long) p.offset + p.size);
            if (from < to) p.map.unmapRange((int) (p.start + (from - p.offset)), (int) (to - from));
        }
    }

    private boolean inside(int at, int length) {
        long offset = Integer.toUnsignedLong(at) - Integer.toUnsignedLong(base);
        return offset >= 0 && offset + length <= Integer.toUnsignedLong(size);
    }

    private boolean overlaps(int at, int length) {
        Map.Entry<Integer, Region> below = regions.floorEntry(at + length - 1);
        return below != null && Integer.compareUnsigned(below.getKey() + below.getValue().size() - 1, at) >= 0
                && Integer.compareUnsigned(below.getKey(), at + length - 1) <= 0;
    }

    private int findFree(int length, int from) {
        long candidate = Math.max(Integer.toUnsignedLong(from), Integer.toUnsignedLong(base));
        long end = Integer.toUnsignedLong(base) + Integer.toUnsignedLong(size);
        for (Region r : regions.values()) {
            long rs = Integer.toUnsignedLong(r.start()), re = rs + r.size();
            if (re <= candidate) continue;
            if (rs >= candidate + length) break;
            candidate = re;
        }
        return candidate + length <= end && candidate != 0 ? (int) candidate : 0;
    }
}
