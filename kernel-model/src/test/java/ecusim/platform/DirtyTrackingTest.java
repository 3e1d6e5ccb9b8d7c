package ecusim.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.kernel.AddressSpace;
import ecusim.kernel.PageBits;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Write-protect dirty tracking misses no page: memwalk is protected at an instant, runs on, and every page of
 * its address space whose bytes differ from a copy of RAM taken at that instant is in its dirty set (pages
 * mapped later and pages the kernel wrote, its UTCB, included), and no page whose bytes did not change is
 * (memwalk writes no page with the values it had). Tracking a range only reports pages in that range.
 */
class DirtyTrackingTest {
    private static final String CONFIG = """
            <config>
              <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="walk"> <binary name="memwalk"/> <resource name="RAM" quantum="1M"/> <config pages="64" pattern="%s" rounds="100000"/> </start>
              <start name="counter"> <resource name="RAM" quantum="512K"/> <config period_ms="1" limit="2"/> </start>
            </config>""";

    @ParameterizedTest(name = "{0} protected at {1} us")
    @CsvSource({"sequential,30", "sequential,60", "sequential,100", "random,30", "strided,60", "hotset,100"})
    void everyChangedPageIsReportedDirty(String pattern, long protectAtMicros) throws Exception {
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 16L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("test", CONFIG.formatted(pattern))), name -> ComponentImages.load(name).orElse(null));
        try (Ecu ecu = new Ecu(config, new EcuEvents() {
            @Override
            public void log(String e, String component, long time, String text) {}

            @Override
            public void exited(String e, String component, long time, int code) {}

            @Override
            public void stopped(String e, String component, long time, String reason) {}
        })) {
            ecu.boot();
            ecu.runUntil(protectAtMicros);
            PhysicalRam ram = ecu.kernel().cpu().ram();
            byte[] before = new byte[(int) ram.size()];
            ram.read(ram.base(), before, 0, before.length);
            Component walk = ecu.init().component("walk");
            AddressSpace space = walk.task().addressSpace();
            space.writeProtectAll();
            ecu.runUntil(protectAtMicros + 1_000);
            assertTrue(walk.alive(), "memwalk still runs, so its address space is still there to look at");

            TreeSet<Integer> dirty = new TreeSet<>(space.dirtyPages());
            TreeSet<Integer> changed = new TreeSet<>();
            byte[] page = new byte[PhysicalRam.PAGE_SIZE];
            for (Map.Entry<Integer, PageBits> e : space.pages()) {
                long frame = e.getValue().frame();
                ram.read(frame, page, 0, page.length);
                if (!java.util.Arrays.equals(page, 0, page.length, before, (int) (frame - ram.base()), (int) (frame - ram.base()) + page.length)) {
                    changed.add(e.getKey());
                }
            }
            TreeSet<Integer> missed = new TreeSet<>(changed);
            missed.removeAll(dirty);
            assertTrue(missed.isEmpty(), () -> missed.size() + " of " + changed.size() + " changed pages not reported dirty: " + hex(List.copyOf(missed)));
            assertTrue(changed.size() > 10, "the walk changed pages: " + changed.size());
            TreeSet<Integer> unchanged = new TreeSet<>(dirty);
            unchanged.removeAll(changed);
            assertTrue(unchanged.isEmpty(), () -> "reported dirty, but their bytes did not change: " + hex(List.copyOf(unchanged)));
        }
    }

    private static String hex(List<Integer> vas) {
        return vas.stream().map(v -> "0x" + Integer.toHexString(v)).toList().toString();
    }

    @ParameterizedTest(name = "{0} protected at {1} us")
    @CsvSource({"sequential,30", "random,60"})
    void trackingARangeReportsEveryChangedPageThereAndNoneElsewhere(String pattern, long protectAtMicros) throws Exception {
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 16L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("test", CONFIG.formatted(pattern))), name -> ComponentImages.load(name).orElse(null));
        try (Ecu ecu = new Ecu(config, new EcuEvents() {
            @Override
            public void log(String e, String component, long time, String text) {}

            @Override
            public void exited(String e, String component, long time, int code) {}

            @Override
            public void stopped(String e, String component, long time, String reason) {}
        })) {
            ecu.boot();
            ecu.runUntil(protectAtMicros);
            PhysicalRam ram = ecu.kernel().cpu().ram();
            byte[] before = new byte[(int) ram.size()];
            ram.read(ram.base(), before, 0, before.length);
            Component walk = ecu.init().component("walk");
            AddressSpace space = walk.task().addressSpace();
            int from = ecusim.core.Core.ATTACH_AREA; // memwalk's buffer is attached here; its image, stack and UTCB are not
            long length = 0x1000_0000L;
            space.writeProtect(from, length);
            ecu.runUntil(protectAtMicros + 1_000);
            TreeSet<Integer> dirty = new TreeSet<>(space.dirtyPages());
            TreeSet<Integer> changedInside = new TreeSet<>();
            byte[] page = new byte[PhysicalRam.PAGE_SIZE];
            for (Map.Entry<Integer, PageBits> e : space.pages()) {
                long frame = e.getValue().frame();
                ram.read(frame, page, 0, page.length);
                boolean inside = Integer.compareUnsigned(e.getKey() - from, (int) length) < 0;
                if (inside && !java.util.Arrays.equals(page, 0, page.length, before, (int) (frame - ram.base()), (int) (frame - ram.base()) + page.length)) {
                    changedInside.add(e.getKey());
                }
            }
            assertTrue(changedInside.size() > 10, "the walk changed pages in the range: " + changedInside.size());
            assertTrue(dirty.equals(changedInside), () -> "dirty " + hex(List.copyOf(dirty)) + "\nchanged in the range " + hex(List.copyOf(changedInside)));
        }
    }
}
