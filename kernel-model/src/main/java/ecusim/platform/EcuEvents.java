package ecusim.platform;

/** What an ECU reports while it runs: log lines and the ends of components, all at virtual times. */
public interface EcuEvents {
    void log(String ecu, String component, long timeMicros, String text);

    void exited(String ecu, String component, long timeMicros, int code);

    /** A component stopped by a fault nobody resolved ({@code reason} says which), or that could not start. */
    void stopped(String ecu, String component, long timeMicros, String reason);
}
