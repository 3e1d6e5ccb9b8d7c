package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ecusim.emulator.memory.PhysicalRam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The frame pool: lowest free first, aligned runs for L1 tables, exhaustion as a value, frees checked. */
class PageFramesTest {
    private final PhysicalRam ram = new PhysicalRam(0x8000_0000L, 64 * 4096);
    private final PageFrames frames = new PageFrames(ram, ram.base() + 4096, 16 * 4096); // frames 1..16 of RAM

    @AfterEach
    void close() {
        ram.close();
    }

    @Test
    void anAlignedRunStartsOnItsAlignmentSkippingFreeFramesBeforeIt() {
        assertEquals(ram.base() + 4 * 4096, frames.allocateAligned(4, 4), "frames 1..3 are free but not 16 KiB aligned");
        assertEquals(ram.base() + 4096, frames.allocate(), "the lowest free frame next");
    }

    @Test
    void aRunThatOnlyFragmentsCouldHoldIsRefused() {
        for (int i = 0; i < 16; i++) frames.allocate();
        for (int i = 0; i < 16; i += 2) frames.release(ram.base() + (1 + i) * 4096L);
        assertEquals(8 * 4096, frames.freeBytes());
        assertEquals(PageFrames.NONE, frames.allocateAligned(2, 1));
        assertEquals(ram.base() + 4096, frames.allocate());
    }

    @Test
    void theWholePoolCanBeTakenAndThenNothingMore() {
        assertEquals(ram.base() + 4096, frames.allocateAligned(16, 1));
        assertEquals(PageFrames.NONE, frames.allocate());
        frames.release(ram.base() + 4096, 16);
        assertEquals(16 * 4096, frames.freeBytes());
    }

    @Test
    void releasingAFrameThatIsNotAllocatedIsACallerMistake() {
        assertThrows(IllegalArgumentException.class, () -> frames.release(ram.base() + 4096));
    }

    @Test
    void framesComeBackZeroed() {
        long frame = frames.allocate();
        ram.writeInt(frame + 8, 0x1234);
        frames.release(frame);
        assertEquals(frame, frames.allocate());
        assertEquals(0, ram.readInt(frame + 8));
    }
}
