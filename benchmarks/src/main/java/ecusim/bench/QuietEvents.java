package ecusim.bench;

import ecusim.platform.EcuEvents;

/** What a benchmark's ECU reports, dropped — except a component stopped by a fault, which spoils the measurement. */
final class QuietEvents implements EcuEvents {
    static final QuietEvents INSTANCE = new QuietEvents();

    private QuietEvents() {}

    @Override
    public void log(String e, String component, long time, String text) { }

    @Override
    public void exited(String e, String component, long time, int code) { }

    @Override
    public void stopped(String e, String component, long time, String reason) {
        throw new IllegalStateException(component + " stopped: " + reason);
    }
}
