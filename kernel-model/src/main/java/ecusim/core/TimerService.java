package ecusim.core;

import ecusim.kernel.Alarm;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.Kernel;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;

/**
 * Core's Timer service in virtual time: the time since boot, sleeps (the reply comes when they have
 * passed), and one-shot or periodic alarms that trigger a signal (an IRQ) of the client's.
 */
final class TimerService extends SessionServer<TimerService.Session> {
    /** One session: its alarm for signals, its alarm for sleeps, the signal it triggers. */
    static final class Session {
        final Alarm signalAlarm, sleepAlarm;
        Irq signal;

        Session(Kernel kernel) {
            signalAlarm = kernel.createAlarm();
            sleepAlarm = kernel.createAlarm();
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
            s.sleepAlarm.cancel();
        }
        return s;
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
                s.sleepAlarm.arm(kernel.now() + kernel.microsToCycles(micros), () -> kernel.reply(caller, Message.of(0)));
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
                if (micros == 0) {
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
