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
        try (Ecu ecu = boot(pattern)) {
            ecu.runUntil(protectAtMicros);
            byte[] before = ramNow(ecu);
            Component walk = ecu.init().component("walk");
            AddressSpace space = walk.task().addressSpace();
            space.writeProtectAll();
            ecu.runUntil(protectAtMicros + 1_000);
            assertTrue(walk.alive(), "memwalk still runs, so its address space is still there to look at");

            TreeSet<Integer> dirty = new TreeSet<>(space.dirtyPages());
            TreeSet<Integer> changed = changedPages(ecu, space, before, va -> true);
            TreeSet<Integer> missed = new TreeSet<>(changed);
            missed.removeAll(dirty);
            assertTrue(missed.isEmpty(), () -> missed.size() + " of " + changed.size() + " changed pages not reported dirty: " + hex(List.copyOf(missed)));
            assertTrue(changed.size() > 10, "the walk changed pages: " + changed.size());
            TreeSet<Integer> unchanged = new TreeSet<>(dirty);
            unchanged.removeAll(changed);
            // A UTCB is written by the kernel (a message), which marks it even when the message equals the last one.
            unchanged.removeIf(va -> Integer.toUnsignedLong(va) >= Integer.toUnsignedLong(ecusim.kernel.Kernel.UTCB_AREA));
            assertTrue(unchanged.isEmpty(), () -> "reported dirty, but their bytes did not change: " + hex(List.copyOf(unchanged)));
        }
    }

    @ParameterizedTest(name = "{0} protected at {1} us")
    @CsvSource({"sequential,30", "random,60"})
    void trackingARangeReportsEveryChangedPageThereAndNoneElsewhere(String pattern, long protectAtMicros) throws Exception {
        try (Ecu ecu = boot(pattern)) {
            ecu.runUntil(protectAtMicros);
            byte[] before = ramNow(ecu);
            AddressSpace space = ecu.init().component("walk").task().addressSpace();
            int from = ecusim.core.Core.ATTACH_AREA; // memwalk's buffer is attached here; its image, stack and UTCB are not
            long length = 0x1000_0000L;
            space.writeProtect(from, length);
            ecu.runUntil(protectAtMicros + 1_000);
            TreeSet<Integer> dirty = new TreeSet<>(space.dirtyPages());
            TreeSet<Integer> changedInside = changedPages(ecu, space, before, va -> Integer.compareUnsigned(va - from, (int) length) < 0);
            assertTrue(changedInside.size() > 10, "the walk changed pages in the range: " + changedInside.size());
            assertTrue(dirty.equals(changedInside), () -> "dirty " + hex(List.copyOf(dirty)) + "\nchanged in the range " + hex(List.copyOf(changedInside)));
        }
    }

    private static Ecu boot(String pattern) throws Exception {
        EcuConfig config = new EcuConfig("ecu0", CpuModel.CORTEX_A9, 666_000_000L, 16L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("test", CONFIG.formatted(pattern))), name -> ComponentImages.load(name).orElse(null));
        Ecu ecu = new Ecu(config, new EventLog());
        ecu.boot();
        return ecu;
    }

    /** A copy of all of RAM. */
    private static byte[] ramNow(Ecu ecu) {
        PhysicalRam ram = ecu.kernel().cpu().ram();
        byte[] copy = new byte[(int) ram.size()];
        ram.read(ram.base(), copy, 0, copy.length);
        return copy;
    }

    /** The pages of {@code space} at addresses {@code where} accepts whose bytes differ from those in {@code before}. */
    private static TreeSet<Integer> changedPages(Ecu ecu, AddressSpace space, byte[] before, java.util.function.IntPredicate where) {
        PhysicalRam ram = ecu.kernel().cpu().ram();
        TreeSet<Integer> changed = new TreeSet<>();
        byte[] page = new byte[PhysicalRam.PAGE_SIZE];
        for (Map.Entry<Integer, PageBits> e : space.pages()) {
            if (!where.test(e.getKey())) continue;
            long frame = e.getValue().frame();
            ram.read(frame, page, 0, page.length);
            int at = (int) (frame - ram.base());
            if (!java.util.Arrays.equals(page, 0, page.length, before, at, at + page.length)) changed.add(e.getKey());
        }
        return changed;
    }

    private static String hex(List<Integer> vas) {
        return vas.stream().map(v -> "0x" + Integer.toHexString(v)).toList().toString();
    }
}
