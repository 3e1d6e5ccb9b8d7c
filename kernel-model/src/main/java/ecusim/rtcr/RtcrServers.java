package ecusim.rtcr;

import ecusim.core.CpuProtocol;
import ecusim.core.PdProtocol;
import ecusim.core.RmProtocol;
import ecusim.kernel.GateServer;
import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Thread;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gates Rtcr serves, behind eight servers — its children's parent interface, PD, RM, CPU, LOG, ROM and
 * Timer, each finding the child or session by the gate invoked, and its own "Rtcr" session for a controller. Few servers with fixed names, so that
 * an ECU snapshot names each gate's server and a restored Rtcr links its gates to its own.
 */
final class RtcrServers {
    static final String PARENT = "parent", PD = "pd", RM = "rm", CPU = "cpu", LOG = "log", ROM = "rom", TIMER = "timer", CONTROL = "control";

    final Map<IpcGate, TargetChild> parents = new IdentityHashMap<>(), pds = new IdentityHashMap<>(), rms = new IdentityHashMap<>(),
            cpus = new IdentityHashMap<>();
    /** Sessions Rtcr serves (LOG, ROM, Timer), by their gate. */
    final Map<IpcGate, TargetChild.Session> sessions = new IdentityHashMap<>();
    private final Map<String, GateServer> byName = new LinkedHashMap<>();

    RtcrServers(Rtcr rtcr) {
        byName.put(PARENT, new GateServer() {
            @Override
            public Message serve(IpcGate gate, Thread caller, Message request) {
                TargetChild c = parents.get(gate);
                return c == null ? Message.error(L4Error.NOT_FOUND) : c.parent(caller, request);
            }

            @Override
            public void abandoned(IpcGate gate, Thread caller) {
                TargetChild c = parents.get(gate);
                if (c != null) c.abandonedRequest(caller);
            }

            @Override
            public String describeWait(IpcGate gate, Thread caller) {
                return "a session its parent Rtcr has not granted yet (its server has not announced it)";
            }
        });
        byName.put(PD, (gate, caller, request) -> {
            TargetChild c = pds.get(gate);
            return c == null ? Message.error(L4Error.NOT_FOUND) : PdProtocol.serve(c.pd, rtcr.core(), caller, request);
        });
        byName.put(RM, (gate, caller, request) -> {
            TargetChild c = rms.get(gate);
            return c == null ? Message.error(L4Error.NOT_FOUND) : RmProtocol.serve(c.rm, rtcr.core(), caller, request);
        });
        byName.put(CPU, (gate, caller, request) -> {
            TargetChild c = cpus.get(gate);
            return c == null ? Message.error(L4Error.NOT_FOUND) : CpuProtocol.serve(c.cpu, caller, request);
        });
        byName.put(LOG, (gate, caller, request) -> {
            TargetChild.Session s = sessions.get(gate);
            return s == null ? Message.error(L4Error.NOT_FOUND) : s.coreSession.server().serve(s.coreSession, caller, request);
        });
        byName.put(ROM, (gate, caller, request) -> {
            TargetChild.Session s = sessions.get(gate);
            if (s == null) return Message.error(L4Error.NOT_FOUND);
            Message reply = s.coreSession.server().serve(s.coreSession, caller, request);
            if (reply != null) s.child.noteRomDataspace(reply, s);
            return reply;
        });
        byName.put(CONTROL, rtcr::control);
        byName.put(TIMER, new GateServer() {
            @Override
            public Message serve(IpcGate gate, Thread caller, Message request) {
                TargetChild.Session s = sessions.get(gate);
                return s == null ? Message.error(L4Error.NOT_FOUND) : s.child.timer(s, caller, request);
            }

            @Override
            public void abandoned(IpcGate gate, Thread caller) {
                TargetChild.Session s = sessions.get(gate);
                var sleep = s == null ? null : s.sleeps.get(caller);
                if (sleep != null) sleep.cancel();
            }

            @Override
            public String describeWait(IpcGate gate, Thread caller) {
                TargetChild.Session s = sessions.get(gate);
                return "the end of its sleep (Timer session " + (s == null ? "?" : s.sessionId) + " served by Rtcr)";
            }
        });
    }

    GateServer get(String name) {
        return byName.get(name);
    }

    /** The name of {@code server}, or null if it is none of these. */
    String nameOf(GateServer server) {
        for (var e : byName.entrySet()) if (e.getValue() == server) return e.getKey();
        return null;
    }
}
