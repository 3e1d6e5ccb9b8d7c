package ecusim.platform;

import java.util.ArrayList;
import java.util.List;

/** What an ECU reports, without times: log lines ({@code counter: count 1}) and components' ends, apart. */
public final class ComponentReports implements EcuEvents {
    public final List<String> log = new ArrayList<>();
    public final List<String> ends = new ArrayList<>();

    @Override
    public void log(String e, String component, long time, String text) {
        log.add(component + ": " + text);
    }

    @Override
    public void exited(String e, String component, long time, int code) {
        ends.add(component + " exited " + code);
    }

    @Override
    public void stopped(String e, String component, long time, String reason) {
        ends.add(component + " stopped: " + reason);
    }
}
