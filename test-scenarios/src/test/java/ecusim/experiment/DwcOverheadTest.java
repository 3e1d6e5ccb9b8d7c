package ecusim.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DWC overhead experiment on a small crc: equal output, an overhead, a breakdown that adds up. */
class DwcOverheadTest {
    private static final DwcOverhead.Workload CRC = new DwcOverhead.Workload("crc",
            "<start name=\"crc\"> <resource name=\"RAM\" quantum=\"1M\"/> <config bytes=\"4096\" seed=\"1\"/> %s </start>");

    @Test
    void dwcCostsMoreThanTheRunOnceAndACacheFlushMoreStillWithTheSameOutput() throws Exception {
        List<String> runs = new ArrayList<>();
        List<DwcOverhead.Row> rows = DwcOverhead.run(List.of(CRC), DwcOverhead.VARIANTS, runs::add);
        assertEquals(List.of("crc once", "crc once/cache-model", "crc dwc", "crc dwc+cache-flush", "crc tmr", "crc dwc/cache-model",
                "crc dwc+cache-flush/cache-model"), runs);
        assertEquals(DwcOverhead.runs(List.of(CRC), DwcOverhead.VARIANTS), runs.size());
        assertEquals(5, rows.size());
        DwcOverhead.Row dwc = rows.get(0), flushed = rows.get(1), tmr = rows.get(2);
        for (DwcOverhead.Row r : rows) {
            assertTrue(r.outputEqual(), r.toString());
            assertTrue(r.pes() > 0, r.toString());
            double sum = r.phasePercent().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(100.0, sum, 1e-9, r.toString());
            assertEquals(0, r.phaseCycles().get("rollback"), "no fault, no rollback");
        }
        assertTrue(dwc.overheadPercent() > 100, "two runs at least double the time: " + dwc);
        assertTrue(flushed.overheadPercent() > dwc.overheadPercent(), flushed + " vs " + dwc);
        assertTrue(tmr.overheadPercent() > dwc.overheadPercent(), tmr + " vs " + dwc);
        assertEquals(0, dwc.phaseCycles().get("cache_flush"));
        assertTrue(flushed.phaseCycles().get("cache_flush") > 0);
        assertEquals(6, DwcOverhead.csv(rows).lines().count());
        // With the cache model, the flush makes the second run miss what the first had cached.
        DwcOverhead.Row cached = rows.get(3), cachedFlushed = rows.get(4);
        assertTrue(cachedFlushed.phaseCycles().get("second_run") > cached.phaseCycles().get("second_run"), cachedFlushed + " vs " + cached);
        assertEquals(flushed.phaseCycles().get("second_run"), dwc.phaseCycles().get("second_run"),
                "without the model, the flush costs only its own charge");
    }
}
