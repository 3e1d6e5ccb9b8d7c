package ecusim.scenario;

/**
 * A network link between two ECUs ({@code <link between="A B" bandwidth_kbps="1000" latency_us="200"/>}):
 * an image sent over it arrives after the latency plus its size at the bandwidth, in virtual time.
 */
public record Link(String a, String b, long bitsPerSecond, long latencyUs, int line) {
    public boolean joins(String x, String y) {
        return a.equals(x) && b.equals(y) || a.equals(y) && b.equals(x);
    }

    /** Virtual microseconds for {@code bytes} to cross it. */
    public long transferMicros(long bytes) {
        return latencyUs + (bytes * 8 * 1_000_000 + bitsPerSecond - 1) / bitsPerSecond;
    }
}
