package ecusim.emulator.cpu;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.decode.ArmDecoder;
import ecusim.emulator.decode.DecodedInstruction;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes each translated block once (Capstone) and prices it with the cost model. Cached per address
 * space, start and size; that cache is dropped whenever guest code may have changed. Behind it, profiles are
 * also kept by the block's bytes (a profile depends on nothing else), so code that comes back unchanged —
 * a page mapped again after a snapshot was restored, as in every experiment of a campaign — is not decoded
 * again (measured: a Capstone decode is tens of µs, and crc re-met ~200 blocks per restore).
 */
final class BlockProfiler {
    private record Key(int va, int size, int asid) {}

    /** A block's bytes and instruction set: what its profile is a function of. */
    private static final class Content {
        final byte[] bytes;
        final boolean thumb;
        final int hash;

        Content(byte[] bytes, boolean thumb) {
            this.bytes = bytes;
            this.thumb = thumb;
            this.hash = Arrays.hashCode(bytes) * 31 + (thumb ? 1 : 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && c.thumb == thumb && Arrays.equals(c.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Profiles kept by content at most; then that cache starts afresh (a bound, not a policy). */
    private static final int CONTENT_CAPACITY = 1 << 16;

    private final ArmDecoder decoder;
    private final CostModel costs;
    private final Map<Key, BlockProfile> cache = new HashMap<>();
    private final Map<Content, BlockProfile> byContent = new HashMap<>();

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
        Content content = new Content(code.read(va, size), thumb);
        BlockProfile known = byContent.get(content);
        if (known != null) return known;
        if (byContent.size() >= CONTENT_CAPACITY) byContent.clear();
        BlockProfile profile = decode(content.bytes, va, thumb);
        byContent.put(content, profile);
        return profile;
    }

    private BlockProfile decode(byte[] bytes, int va, boolean thumb) {
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
