package ecusim.emulator.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Segment} as a value: immutable, compared by content, and refusing impossible shapes. */
class SegmentTest {
    @Test
    void copiesItsDataInAndOut() {
        byte[] data = {1, 2, 3};
        Segment s = new Segment(0x10000, 3, data, true, false, true);
        data[0] = 9;
        s.data()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, s.data());
    }

    @Test
    void equalsAnotherWithTheSameBytes() {
        assertEquals(new Segment(0x10000, 4, new byte[] {1, 2}, true, true, false),
                new Segment(0x10000, 4, new byte[] {1, 2}, true, true, false));
    }

    @Test
    void refusesMoreDataThanMemory() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Segment(0x10000, 1, new byte[2], true, false, false));
        assertEquals("data length 2 exceeds memSize 1", e.getMessage());
    }

    @Test
    void refusesARangeWrappingPastTheAddressSpace() {
        assertThrows(IllegalArgumentException.class, () -> new Segment(0xffff_f000, 0x2000, new byte[0], true, false, false));
    }
}
