package ecusim.bench;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.core.Dataspace;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.guests.ComponentImages;
import ecusim.init.InitConfig;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
import ecusim.rtcr.CheckpointImage;
import ecusim.rtcr.Rtcr;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rtcr's host cost for a child with 4 MiB of touched RAM (memwalk, 1024 pages), side by side: a full
 * checkpoint (pause, capture, copy, encode) and a restore into empty children; and their two bulk parts
 * against memcpy of the same bytes in the same run — copying the child's pages out of emulated RAM
 * ({@code copyPages} against {@code memcpyPages}) and encoding the image ({@code encodeImage} against
 * {@code memcpyImage}). Setup prints the byte counts, so bandwidths and ratios can be derived.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CheckpointBenchmark {
    private static final String CONFIG = """
            <config>
              <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="rtcr"> <binary name="rtcr"/> <resource name="RAM" quantum="24M"/>
                <config mode="full"> <start name="walk"> <binary name="memwalk"/> <resource name="RAM" quantum="6M"/>
                  <config pages="1024" rounds="100000" pause_us="1000"/> </start> </config> </start>
            </config>""";

    private Ecu ecu;
    private Rtcr rtcr;
    private CheckpointImage image;
    private PhysicalRam ram;
    private long[] frames;
    private byte[] pages, pagesCopy, encoded, encodedCopy;

    private static final EcuEvents QUIET = QuietEvents.INSTANCE;

    @Setup(Level.Trial)
    public void boot() throws Exception {
        EcuConfig config = new EcuConfig("bench", CpuModel.CORTEX_A9, 666_000_000L, 64L << 20, 1000, CostModel.cortexA9(),
                InitConfig.parse(XmlReader.parse("bench", CONFIG)), n -> ComponentImages.load(n).orElse(null), Map.of(Rtcr.BINARY, Rtcr::new));
        ecu = new Ecu(config, QUIET);
        ecu.boot();
        ecu.runUntil(3_000); // memwalk has touched all of its 1024 pages
        rtcr = (Rtcr) ecu.init().javaComponent("rtcr");
        image = rtcr.checkpoint(false);
        ram = ecu.kernel().cpu().ram();
        Component walk = ecu.core().components().stream().filter(c -> c.name().equals("rtcr -> walk") && !c.destroyed()).findFirst().orElseThrow();
        List<Long> all = new java.util.ArrayList<>();
        for (Dataspace ds : walk.pd().dataspaces()) for (int o = 0; o < ds.size(); o += PhysicalRam.PAGE_SIZE) all.add(ds.frame(o));
        frames = all.stream().mapToLong(Long::longValue).toArray();
        pages = new byte[frames.length * PhysicalRam.PAGE_SIZE];
        pagesCopy = new byte[pages.length];
        encoded = image.encode();
        encodedCopy = new byte[encoded.length];
        System.out.printf("%n[setup] child RAM %d pages (%d bytes); image %d bytes, %d page records%n", frames.length, pages.length, encoded.length,
                image.pages().size());
    }

    @TearDown(Level.Trial)
    public void close() {
        ecu.close();
    }

    @Benchmark
    public CheckpointImage checkpointFull() throws Exception {
        return rtcr.checkpoint(false);
    }

    @Benchmark
    public int restore() throws Exception {
        rtcr.restore(List.of(image));
        return rtcr.restoreStats().size();
    }

    /** The child's pages out of emulated RAM, page by page, as a checkpoint copies them. */
    @Benchmark
    public byte[] copyPages() {
        for (int i = 0; i < frames.length; i++) ram.read(frames[i], pages, i * PhysicalRam.PAGE_SIZE, PhysicalRam.PAGE_SIZE);
        return pages;
    }

    @Benchmark
    public byte[] memcpyPages() {
        System.arraycopy(pages, 0, pagesCopy, 0, pages.length);
        return pagesCopy;
    }

    /** The image into its bytes: records, CRC-32C each, SHA-256 over all. */
    @Benchmark
    public byte[] encodeImage() {
        return image.encode();
    }

    @Benchmark
    public byte[] memcpyImage() {
        System.arraycopy(encoded, 0, encodedCopy, 0, encoded.length);
        return encodedCopy;
    }
}
