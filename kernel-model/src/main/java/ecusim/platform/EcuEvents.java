package ecusim.platform;

import java.util.List;

/**
 * What an ECU reports while it runs: log lines and the ends of components, all at virtual times. Every text
 * has passed through {@link PrintableText#escape}, since guests choose much of it.
 */
public interface EcuEvents {
    void log(String ecu, String component, long timeMicros, String text);

    void exited(String ecu, String component, long timeMicros, int code);

    /** A component stopped by a fault nobody resolved ({@code reason} says which), or that could not start. */
    void stopped(String ecu, String component, long timeMicros, String reason);

    /**
     * Every thread still alive on the ECU is blocked and nothing can wake them; {@code waits} says, one line
     * per thread, who waits for what (also logged by the ECU as lines of its kernel).
     */
    default void deadlocked(String ecu, long timeMicros, List<String> waits) {}
}
