package ecusim.core;

import ecusim.kernel.Alarm;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.Kernel;
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
    static final class Session implements TimerProtocol.Session {
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

        @Override
        public long nowMicros() {
            return kernel.cyclesToMicros(kernel.now());
        }

        @Override
        public void sleep(Thread caller, long micros) {
            sleepAlarm(caller).armReply(kernel.now() + kernel.microsToCycles(micros), caller);
        }

        @Override
        public void sigh(Irq irq) {
            signal = irq;
        }

        @Override
        public boolean hasSigh() {
            return signal != null;
        }

        @Override
        public void alarm(long micros, boolean periodic) {
            long cycles = kernel.microsToCycles(micros);
            signalAlarm.arm(kernel.now() + cycles, periodic ? cycles : 0, signal);
        }

        @Override
        public void stopAlarm() {
            signalAlarm.cancel();
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
        return TimerProtocol.serve(s, caller, request);
    }
}
