package ecusim.core;

import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.L4Error;
import ecusim.kernel.Thread;

/**
 * A PD session (Genode's Pd_session) as typed operations: RAM dataspaces charged to the component's quota,
 * and the IPC gates and signals it serves and signals with. Core implements it ({@link Core#pdSession});
 * a parent may serve its child's PD session itself with an implementation of its own that forwards to
 * core's, through {@link PdProtocol}.
 */
public interface PdSession {
    /** A dataspace, or the error (NO_MEMORY, INVALID) with no dataspace. */
    record Allocation(L4Error error, Dataspace dataspace) {}

    /** Allocates {@code bytes} (rounded up to pages) of zeroed, writable RAM; it gets its capability. */
    Allocation alloc(long bytes);

    /** Frees a dataspace of this session (detaching it wherever it is attached). */
    L4Error free(Dataspace dataspace);

    /** The quota and what of it is used, in bytes. */
    long quota();

    long used();

    /** An IPC gate bound to {@code receiver}, which gets {@code label} with each message; null when none can be had. */
    IpcGate allocGate(Thread receiver, int label);

    /** A signal (IRQ) attached to {@code receiver} with {@code label}; null when none can be had. */
    Irq allocSignal(Thread receiver, int label);
}
