package ecusim.core;

import ecusim.kernel.L4Error;

/** An RM session (Genode's Region_map) as typed operations on a component's address space: attach and detach. */
public interface RmSession {
    /** Attaches {@code dataspace} at {@code at} (0: anywhere free in the attach area); the address, or the error. */
    RegionMap.AttachResult attach(Dataspace dataspace, int at, boolean writable, boolean executable);

    L4Error detach(int at);
}
