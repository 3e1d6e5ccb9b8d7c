package ecusim.core;

import ecusim.kernel.Alarm;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.Kernel;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Core's Timer service in virtual time: the time since boot, sleeps (the reply comes when they have
 * passed), and one-shot or periodic alarms that trigger a signal (an IRQ) of the client's.
 */
final class TimerService extends SessionServer<TimerService.Session> {
    /** One session: its alarm for signals, the signal it triggers, and an alarm per sleeping thread. */
    static final class Session {
        final Kernel kernel;
        final Alarm signalAlarm;
        final Map<Thread, Alarm> sleeps = new IdentityHashMap<>(); // several threads may share a session
        Irq signal;

        Session(Kernel kernel) {
            this(kernel, kernel.createAlarm());
        }

        /** A session around an existing alarm (a restore). */
        Session(Kernel kernel, Alarm signalAlarm) {
            this.kernel = kernel;
            this.signalAlarm = signalAlarm;
        }

        Alarm sleepAlarm(Thread thread) {
            return sleeps.computeIfAbsent(thread, t -> kernel.createAlarm());
        }
    }

    TimerService(Core core) {
        super(core);
    }

    IpcGate open(Component client) {
        return openSession(new Session(core.kernel()));
    }

    @Override
    Session closeSession(IpcGate gate) {
        Session s = super.closeSession(gate);
        if (s != null) {
            s.signalAlarm.cancel();
            for (Alarm sleep : s.sleeps.values()) sleep.cancel(); // order is irrelevant: each only leaves the queue
        }
        return s;
    }

    @Override
    void abandoned(Session s, Thread caller) {
        Alarm sleep = s.sleeps.get(caller);
        if (sleep != null) sleep.cancel(); // the sleep's reply would answer the caller's next call
    }

    @Override
    Message serve(Session s, Thread caller, Message request) {
        Kernel kernel = core.kernel();
        long micros = Integer.toUnsignedLong(request.word(0));
        switch (request.label()) {
            case Protocol.TIMER_NOW -> {
                long now = kernel.cyclesToMicros(kernel.now());
                return Message.of(0, (int) now, (int) (now >>> 32));
            }
            case Protocol.TIMER_SLEEP -> {
                s.sleepAlarm(caller).armReply(kernel.now() + kernel.microsToCycles(micros), caller);
                return null;
            }
            case Protocol.TIMER_SIGH -> {
                if (request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof Irq irq)) {
                    return Message.error(L4Error.INVALID);
                }
                s.signal = irq;
                return Message.of(0);
            }
            case Protocol.TIMER_PERIODIC, Protocol.TIMER_ONESHOT -> {
                if (s.signal == null) return Message.error(L4Error.INVALID);
                if (micros == 0 && request.label() == Protocol.TIMER_PERIODIC) { // a period of 0 stops the alarm
                    s.signalAlarm.cancel();
                    return Message.of(0);
                }
                long cycles = kernel.microsToCycles(micros);
                s.signalAlarm.arm(kernel.now() + cycles, request.label() == Protocol.TIMER_PERIODIC ? cycles : 0, s.signal);
                return Message.of(0);
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }
}
