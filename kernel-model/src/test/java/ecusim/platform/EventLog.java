package ecusim.platform;

import java.util.ArrayList;
import java.util.List;

/** What an ECU reports, as lines with their virtual times: the record that runs are compared by. */
public final class EventLog implements EcuEvents {
    public final List<String> lines;

    public EventLog() {
        this(List.of());
    }

    /** A log that continues {@code before} (a run resumed from a snapshot taken after those lines). */
    public EventLog(List<String> before) {
        lines = new ArrayList<>(before);
    }

    @Override
    public void log(String e, String component, long time, String text) {
        lines.add(time + " " + component + ": " + text);
    }

    @Override
    public void exited(String e, String component, long time, int code) {
        lines.add(time + " " + component + " exited " + code);
    }

    @Override
    public void stopped(String e, String component, long time, String reason) {
        lines.add(time + " " + component + " stopped: " + reason);
    }

    @Override
    public void deadlocked(String e, long time, List<String> waits) {
        lines.add(time + " deadlock " + waits);
    }
}
