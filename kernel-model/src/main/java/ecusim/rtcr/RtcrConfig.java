package ecusim.rtcr;

import ecusim.config.ConfigException;
import ecusim.config.XmlNode;
import ecusim.config.XmlReader;
import ecusim.init.InitConfig;
import ecusim.init.StartSpec;
import java.util.List;

/**
 * Rtcr's configuration, from its {@code <config>} in init's: the children it starts and checkpoints as one
 * group (init's {@code <start>} syntax: binary, RAM quantum, priority, config), how it tracks their memory,
 * and when it checkpoints.
 *
 * <pre>
 * &lt;config mode="write-bit" granularity="4" interval_ms="20"&gt;
 *   &lt;start name="counter"&gt; &lt;resource name="RAM" quantum="1M"/&gt; &lt;config period_ms="10"/&gt; &lt;/start&gt;
 * &lt;/config&gt;
 * </pre>
 *
 * @param children    the group, in start order
 * @param mode        how memory is tracked between checkpoints
 * @param granularity pages per designated dataspace (mode {@code designated}), 1..256
 * @param intervalUs  virtual time between checkpoints Rtcr takes by itself; 0: only on request
 * @param standby     start no child: wait for an image to restore (a migration's target)
 * @param direct      serialize while the group is frozen ({@code serialize="direct"}) rather than after it resumes
 *                    ({@code "buffered"}, the default: the frozen time is the copy only, seed 003)
 */
public record RtcrConfig(List<StartSpec> children, MemoryMode mode, int granularity, long intervalUs, boolean standby, boolean direct) {
    public static final int MAX_GRANULARITY = 256;

    public RtcrConfig {
        children = List.copyOf(children);
    }

    /** Parses Rtcr's {@code <config>} text; a rejection names the element and its line. */
    public static RtcrConfig parse(String source, String text) throws ConfigException {
        if (text == null) throw new ConfigException(source, 1, "Rtcr has no <config> naming its children");
        return parse(XmlReader.parse(source, text));
    }

    public static RtcrConfig parse(XmlNode config) throws ConfigException {
        config.onlyAttributes("mode", "granularity", "interval_ms", "standby", "serialize");
        config.onlyChildren("start", "default-route");
        String modeName = config.attribute("mode").orElse(MemoryMode.FULL.xmlName());
        MemoryMode mode = MemoryMode.byXmlName(modeName);
        if (mode == null) throw config.error("mode \"" + modeName + "\": expected one of " + MemoryMode.xmlNames());
        String serialize = config.attribute("serialize").orElse("buffered");
        if (!serialize.equals("buffered") && !serialize.equals("direct")) {
            throw config.error("serialize \"" + serialize + "\": expected \"buffered\" or \"direct\"");
        }
        long granularity = config.uintAttribute("granularity", 1);
        if (granularity < 1 || granularity > MAX_GRANULARITY || Long.bitCount(granularity) != 1) {
            throw config.error("granularity " + granularity + ": a power of two from 1 to " + MAX_GRANULARITY + " pages");
        }
        long intervalMs = config.uintAttribute("interval_ms", 0);
        if (intervalMs > 3_600_000) throw config.error("interval_ms " + intervalMs + ": at most an hour");
        String standby = config.attribute("standby").orElse("no");
        if (!standby.equals("yes") && !standby.equals("no")) throw config.error("standby \"" + standby + "\": expected \"yes\" or \"no\"");
        // The children are init's <start> nodes: parse them as an init configuration of their own.
        XmlNode starts = new XmlNode("config", java.util.Map.of(), config.children(), config.text(), config.line(), config.source(), config.raw());
        InitConfig init = InitConfig.parse(starts);
        if (init.starts().isEmpty()) throw config.error("Rtcr's <config> names no child (<start name=\"...\">)");
        return new RtcrConfig(init.starts(), mode, (int) granularity, intervalMs * 1000, standby.equals("yes"), serialize.equals("direct"));
    }
}
