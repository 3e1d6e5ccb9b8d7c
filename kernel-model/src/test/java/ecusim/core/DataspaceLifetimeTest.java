package ecusim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.L4Error;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dataspace's frames are never mapped anywhere once they are free, and a component's memory all comes
 * back when it ends: what keeps one component's freed memory from turning up in another's address space.
 */
class DataspaceLifetimeTest {
    private Ecu ecu;

    private Ecu boot() throws Exception {
        InitConfig init = InitConfig.parse(XmlReader.parse("test", """
                <config>
                  <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                  <default-route> <any-service> <parent/> </any-service> </default-route>
                  <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="2"/> </start>
                </config>"""));
        ecu = new Ecu(new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 16L << 20, 1000, CostModel.cortexA9(), init,
                name -> ComponentImages.load(name).orElse(null)), new EventLog());
        ecu.boot();
        return ecu;
    }

    @AfterEach
    void close() {
        if (ecu != null) ecu.close();
    }

    @Test
    void freeingAnAttachedDataspaceDetachesItAndUnmapsItsPagesFirst() throws Exception {
        Component c = boot().init().component("counter");
        Dataspace ds = ecu.core().allocateRam(c, 8192);
        int at = ecu.core().attach(c.regionMap(), ds, 0, true, false).address();
        assertEquals(L4Error.OK, c.task().addressSpace().map(at, ds.frame(0), PagePermissions.READ_WRITE)); // as the pager would
        assertEquals(L4Error.OK, ecu.core().free(c.pd(), ds));
        assertNull(c.task().addressSpace().page(at), "no mapping of a freed frame may stay");
        assertNull(c.regionMap().regionAt(at));
    }

    @Test
    void aComponentThatExitsGivesBackEveryFrameItHad() throws Exception {
        boot().runUntil(10_000);
        assertTrue(ecu.init().component("counter").task().deleted());
        assertEquals(ecu.kernel().frames().totalBytes() - 4096, ecu.kernel().frames().freeBytes(),
                "every frame is free but the one of the counter's config ROM, which core keeps");
    }

    @Test
    void aRegionMapHoldsAtMostSoManyRegionsEachChargedToTheQuota() throws Exception {
        Component c = boot().init().component("counter");
        Dataspace ds = ecu.core().allocateRam(c, 4096);
        long used = c.pd().used();
        int attached = 0;
        while (ecu.core().attach(c.regionMap(), ds, 0, false, false).error() == L4Error.OK) attached++;
        assertTrue(attached < RegionMap.MAX_REGIONS, "the map's own regions count too: " + attached);
        assertEquals(RegionMap.MAX_REGIONS, c.regionMap().regions().size());
        assertEquals(used + (long) attached * RegionMap.REGION_BYTES, c.pd().used(), "each region is charged");
    }
}
