package ecusim.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WilsonTest {
    @Test
    void theIntervalOfNoneOfTenReachesAboutTwentyEightPercent() {
        Wilson w = Wilson.of95(0, 10);
        assertEquals(0.0, w.low(), 1e-12);
        assertEquals(0.2775, w.high(), 1e-4);
    }

    @Test
    void theIntervalOfHalfIsSymmetric() {
        Wilson w = Wilson.of95(5, 10);
        assertEquals(0.2366, w.low(), 1e-4);
        assertEquals(0.7634, w.high(), 1e-4);
    }

    @Test
    void theIntervalNarrowsWithMoreExperiments() {
        Wilson w = Wilson.of95(500, 1000);
        assertEquals(0.4691, w.low(), 1e-4);
        assertEquals(0.5309, w.high(), 1e-4);
    }
}
