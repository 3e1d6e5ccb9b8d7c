package ecusim.scenario;

/** One line a component logged during a run, at a virtual time in microseconds. */
public record LogRecord(String ecu, String component, long timeUs, String text) {}
