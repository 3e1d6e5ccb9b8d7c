package ecusim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SideBySideTest {
    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, SideBySide.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(3.0, SideBySide.median(List.of(5.0, 3.0, 1.0)));
    }

    @Test
    void theBestTimeIsTheLowestAndTheBestSpeedTheHighest() {
        assertEquals(3.1, SideBySide.best("ipc_round_trip_us", List.of(3.4, 3.1, 5.0)));
        assertEquals(5.0, SideBySide.best("bare_mips", List.of(3.4, 3.1, 5.0)));
    }
}
