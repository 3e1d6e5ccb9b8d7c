package ecusim.emulator.cpu;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.decode.ArmDecoder;
import ecusim.emulator.decode.DecodedInstruction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes each translated block once (Capstone) and prices it with the cost model. Cached per address
 * space, start and size; the cache is dropped whenever guest code may have changed.
 */
final class BlockProfiler {
    private record Key(int va, int size, int asid) {}

    private final ArmDecoder decoder;
    private final CostModel costs;
    private final Map<Key, BlockProfile> cache = new HashMap<>();

    BlockProfiler(ArmDecoder decoder, CostModel costs) {
        this.decoder = decoder;
        this.costs = costs;
    }

    BlockProfile profile(int va, int size, boolean thumb, int asid, CodeReader code) {
        return cache.computeIfAbsent(new Key(va, size, asid), k -> decode(va, size, thumb, code));
    }

    /**
     * Notes that the first {@code k} instructions of {@code whole} (the block at {@code va}) form a block
     * of their own, as when a slice ends inside it: the engine meets that shorter block as new, and its
     * profile is the whole one's prefix, not a second decode (measured: a decode per slice end was about
     * 60 µs, a third of the slice end's host cost on real code).
     */
    void notePrefix(int va, int asid, BlockProfile whole, int k) {
        cache.computeIfAbsent(new Key(va, whole.offsets()[k], asid), key -> whole.prefix(k));
    }

    private BlockProfile decode(int va, int size, boolean thumb, CodeReader code) {
        byte[] bytes = code.read(va, size);
        List<DecodedInstruction> instructions = decoder.decodeBlock(bytes, va, thumb);
        int[] offsets = new int[instructions.size()];
        int[] prefix = new int[instructions.size() + 1];
        boolean extended = false;
        for (int i = 0; i < offsets.length; i++) {
            DecodedInstruction insn = instructions.get(i);
            offsets[i] = insn.address() - va;
            prefix[i + 1] = prefix[i] + costs.instructionCycles(insn.kind(), insn.transferCount());
            extended |= mayWriteExtendedState(insn);
        }
        return new BlockProfile(offsets, prefix, extended);
    }

    /**
     * VFP/NEON instructions (and the old FLDMX/FSTMX), writes to a coprocessor (MCR, MCRR, LDC, CDP: TPIDRURW is written by MCR) and
     * undecoded bytes. Not SVC and the other system instructions, which end most blocks of IPC code and
     * write no such register.
     */
    private static boolean mayWriteExtendedState(DecodedInstruction insn) {
        return switch (insn.kind()) {
            case VFP_ALU, VFP_LOAD, VFP_STORE, UNDEFINED -> true;
            default -> {
                String m = ArmDecoder.baseMnemonic(insn.mnemonic());
                yield m.startsWith("mcr") || m.startsWith("ldc") || m.startsWith("cdp") || m.startsWith("f"); // FLDMX, FSTMX
            }
        };
    }

    void clear() {
        cache.clear();
    }

    /** Forgets the profiles of blocks of address space {@code asid} that overlap {@code [start, end)}. */
    void forget(int asid, long start, long end) {
        cache.keySet().removeIf(k -> k.asid() == asid && Integer.toUnsignedLong(k.va()) < end && Integer.toUnsignedLong(k.va()) + k.size() > start);
    }

    /** Reads guest code by virtual address in the current address space. */
    interface CodeReader {
        byte[] read(int va, int length);
    }
}
