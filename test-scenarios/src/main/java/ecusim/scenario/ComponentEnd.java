package ecusim.scenario;

import java.util.OptionalInt;

/**
 * How and when a component ended during a run.
 *
 * @param exitCode the code it exited with; empty when a fault stopped it
 * @param reason   a human-readable cause (e.g. the fault), may be empty
 */
public record ComponentEnd(String ecu, String component, long timeUs, OptionalInt exitCode, String reason) {}
