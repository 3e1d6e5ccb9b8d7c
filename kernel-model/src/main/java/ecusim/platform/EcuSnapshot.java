package ecusim.platform;

import ecusim.core.CoreState;
import ecusim.init.InitState;
import ecusim.kernel.KernelState;
import java.util.List;

/**
 * The complete state of one ECU at an instruction boundary ({@link Ecu#snapshot()}): the CPU's counters
 * (the virtual clock) and its cache model's tags (empty when the model is off), RAM, the kernel, core and init. The CPU registers of every thread are in the kernel's
 * state (the running one's as they were on the CPU). {@code configDigest} names the configuration it belongs
 * to: it can only be restored into an ECU built from the same.
 */
public record EcuSnapshot(String ecu, String configDigest, long instructions, long cycles, byte[] cache, RamImage ram, KernelState kernel,
                          CoreState core, InitState init) {

    /**
     * The content of RAM: the allocated frames (ascending physical addresses) and their pages, one after the
     * other. Free frames are zero and not kept.
     */
    public record RamImage(long[] frames, byte[] content) {
        public RamImage {
            if (content.length != (long) frames.length * ecusim.emulator.memory.PhysicalRam.PAGE_SIZE) {
                throw new IllegalArgumentException(frames.length + " frames but " + content.length + " bytes of content");
            }
            for (int i = 1; i < frames.length; i++) {
                if (frames[i] <= frames[i - 1]) throw new IllegalArgumentException("frames not ascending at " + i);
            }
        }
    }

    /** The first record of an ECU in a snapshot file: which ECU, of which configuration, at which instant. */
    public record Header(String ecu, String configDigest, long instructions, long cycles, byte[] cache) {}

    /** The record types of one ECU in a snapshot file, in the order {@link #records()} gives them. */
    public static final List<Class<? extends Record>> RECORD_TYPES = List.of(Header.class, RamImage.class, KernelState.class,
            CoreState.class, InitState.class);

    /** This snapshot as the records of a snapshot file ({@link SnapshotFile}). */
    public List<Record> records() {
        return List.of(new Header(ecu, configDigest, instructions, cycles, cache), ram, kernel, core, init);
    }

    /**
     * The snapshot of {@code records} from {@code from} on (as {@link #records()} wrote them).
     *
     * @throws IllegalArgumentException naming what is missing or misplaced
     */
    public static EcuSnapshot of(List<Record> records, int from) {
        if (records.size() < from + RECORD_TYPES.size()) throw new IllegalArgumentException("an ECU's records end early");
        for (int i = 0; i < RECORD_TYPES.size(); i++) {
            Record r = records.get(from + i);
            if (!RECORD_TYPES.get(i).isInstance(r)) {
                throw new IllegalArgumentException("record " + (from + i) + " is a " + r.getClass().getSimpleName() + ", expected a "
                        + RECORD_TYPES.get(i).getSimpleName());
            }
        }
        Header h = (Header) records.get(from);
        return new EcuSnapshot(h.ecu(), h.configDigest(), h.instructions(), h.cycles(), h.cache(), (RamImage) records.get(from + 1),
                (KernelState) records.get(from + 2), (CoreState) records.get(from + 3), (InitState) records.get(from + 4));
    }
}
