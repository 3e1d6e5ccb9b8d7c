package ecusim.scenario;

import java.util.List;

/** An ECU on which every thread was blocked with nothing to wake them: when, and who waited for what. */
public record Deadlock(String ecu, long timeUs, List<String> waits) {
    public Deadlock {
        waits = List.copyOf(waits);
    }
}
