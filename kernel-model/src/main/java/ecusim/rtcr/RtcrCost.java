package ecusim.rtcr;

import ecusim.emulator.cost.CostKey;
import java.util.Arrays;
import java.util.List;

/**
 * What Rtcr's work costs in virtual time, beyond the kernel operations it uses (which charge their own):
 * each a step a Genode parent on Fiasco.OC performs per object, with its default for a Cortex-A9 and the
 * reasoning behind it. A cost file may override any of them.
 */
public enum RtcrCost {
    PAUSE_THREAD("rtcr.pause_thread", 400, "[EST] CPU-session pause RPC to core and the kernel's ex_regs on the thread"),
    THREAD_STATE("rtcr.thread_state", 600, "[EST] CPU-session state() RPC: core reads the register set and the pending operation"),
    CAPABILITY("rtcr.capability", 80, "[EST] reading one capability-space slot and looking its object up in Rtcr's registry"),
    METADATA_RECORD("rtcr.metadata_record", 150, "[EST] copying one session, dataspace or region record into the checkpoint"),
    PAGE_SCAN("rtcr.page_scan", 20, "[EST] testing one page or tile for a change (a bit test or PTE read)"),
    SERIALIZE_PER_KIB("rtcr.serialize_per_kib", 300, "[EST] encoding and checksumming 1 KiB of the image (CRC-32C ~2 GB/s)"),
    TRACKING_FAULT("rtcr.tracking_fault", 900, "[EST] Rtcr's side of a tracking fault: the fault signal, the region lookup and the attach RPC"),
    RESTORE_OBJECT("rtcr.restore_object", 1200, "[EST] recreating one session, thread, gate or dataspace through core (an RPC and its bookkeeping)");

    private final CostKey key;

    RtcrCost(String name, long defaultCycles, String source) {
        this.key = new CostKey(name, defaultCycles, 2, source);
    }

    public CostKey key() {
        return key;
    }

    public static List<CostKey> keys() {
        return Arrays.stream(values()).map(RtcrCost::key).toList();
    }
}
