package ecusim.core;

/** Where core's LOG service writes: one line of a component at a virtual time. */
public interface LogSink {
    void log(String component, long timeMicros, String text);
}
