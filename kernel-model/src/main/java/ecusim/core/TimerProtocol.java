package ecusim.core;

import ecusim.kernel.Irq;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;

/**
 * The Timer session's protocol: requests decoded and answered for a {@link Session} of typed operations.
 * Core serves Timer sessions in the ECU's virtual time ({@code TimerService}); a parent may serve its
 * children's in a time of its own (Rtcr, in its group's).
 */
public final class TimerProtocol {
    private TimerProtocol() {}

    /** One Timer session. */
    public interface Session {
        /** Its time now, in microseconds. */
        long nowMicros();

        /** {@code caller} sleeps {@code micros}: the session arms the reply that ends the sleep. */
        void sleep(Thread caller, long micros);

        /** Alarms trigger {@code irq} from now on. */
        void sigh(Irq irq);

        /** Whether alarms have a signal to trigger. */
        boolean hasSigh();

        /** Arms the alarm {@code micros} from now, every {@code micros} after if {@code periodic}. */
        void alarm(long micros, boolean periodic);

        /** Stops the alarm (a period of 0). */
        void stopAlarm();
    }

    /** Serves one request of {@code caller}; null when the reply comes later (a sleep). */
    public static Message serve(Session s, Thread caller, Message request) {
        long micros = Integer.toUnsignedLong(request.word(0));
        switch (request.label()) {
            case Protocol.TIMER_NOW -> {
                long now = s.nowMicros();
                return Message.of(0, (int) now, (int) (now >>> 32));
            }
            case Protocol.TIMER_SLEEP -> {
                s.sleep(caller, micros);
                return null;
            }
            case Protocol.TIMER_SIGH -> {
                if (request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof Irq irq)) {
                    return Message.error(L4Error.INVALID);
                }
                s.sigh(irq);
                return Message.of(0);
            }
            case Protocol.TIMER_PERIODIC, Protocol.TIMER_ONESHOT -> {
                if (!s.hasSigh()) return Message.error(L4Error.INVALID);
                if (micros == 0 && request.label() == Protocol.TIMER_PERIODIC) s.stopAlarm();
                else s.alarm(micros, request.label() == Protocol.TIMER_PERIODIC);
                return Message.of(0);
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }
}
