package ecusim.platform;

import ecusim.core.CoreState;
import ecusim.init.InitState;
import ecusim.kernel.KernelState;

/**
 * The complete state of one ECU at an instruction boundary ({@link Ecu#snapshot()}): the CPU's counters
 * (the virtual clock), RAM, the kernel, core and init. The CPU registers of every thread are in the kernel's
 * state (the running one's as they were on the CPU). {@code configDigest} names the configuration it belongs
 * to: it can only be restored into an ECU built from the same.
 */
public record EcuSnapshot(String ecu, String configDigest, long instructions, long cycles, RamImage ram, KernelState kernel,
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
        }
    }
}
