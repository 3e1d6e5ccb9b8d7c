package ecusim.rtcr;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How Rtcr learns which memory of its children changed between checkpoints. */
public enum MemoryMode {
    /** Every checkpoint copies every dataspace. */
    FULL("full"),
    /**
     * Seeds 000/001: RAM allocations are managed dataspaces tiled with designated dataspaces of G pages; after
     * a checkpoint every tile is detached, the first access to one faults to Rtcr, which attaches it whole and
     * marks it; the next checkpoint copies the marked tiles.
     */
    DESIGNATED("designated"),
    /** Seed 002: the kernel write-protects the child's pages; the first write to a page marks it dirty. */
    WRITE_BIT("write-bit");

    private final String xmlName;

    MemoryMode(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }

    public static MemoryMode byXmlName(String name) {
        for (MemoryMode m : values()) if (m.xmlName.equals(name)) return m;
        return null;
    }

    static String xmlNames() {
        return Arrays.stream(values()).map(m -> "\"" + m.xmlName + "\"").collect(Collectors.joining(", "));
    }
}
