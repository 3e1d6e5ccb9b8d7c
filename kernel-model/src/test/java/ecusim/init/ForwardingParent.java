package ecusim.init;

import ecusim.config.XmlReader;
import ecusim.core.Component;
import ecusim.core.ComponentException;
import ecusim.core.Core;
import ecusim.core.CpuProtocol;
import ecusim.core.CpuSession;
import ecusim.core.Dataspace;
import ecusim.core.MessageStrings;
import ecusim.core.PdProtocol;
import ecusim.core.PdSession;
import ecusim.core.Protocol;
import ecusim.core.RegionMap;
import ecusim.core.RmProtocol;
import ecusim.core.RmSession;
import ecusim.core.SessionResult;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.kernel.Capability;
import ecusim.kernel.Created;
import ecusim.kernel.GateServer;
import ecusim.kernel.IpcGate;
import ecusim.kernel.Irq;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parent written in Java, as Rtcr is: started by init by name, it creates one child (an ELF image, named
 * by its config's {@code child} and {@code binary}) on its own RAM quota, serves the child's parent interface
 * (LOG, Timer and ROM sessions, opened at core for the child, whose donations it takes from the child's
 * quota) and its PD, RM and CPU sessions, which it forwards to core's and counts. When the child exits it
 * logs what it counted and exits with the child's code.
 */
final class ForwardingParent implements JavaComponent {
    /** Operations of the child's sessions that passed through, by session and operation. */
    final Map<String, Integer> counted = new TreeMap<>();
    private Environment env;
    private Core core;
    private Component child;
    private final Map<Integer, IpcGate> sessions = new LinkedHashMap<>();
    private final Map<Integer, Long> donations = new LinkedHashMap<>();
    private int nextId = 1;

    @Override
    public void start(Environment env) throws ComponentException {
        this.env = env;
        this.core = env.core();
        var config = env.config() == null ? null : parse(env.config());
        String name = config == null ? null : config.attribute("child").orElse(null);
        String binary = config == null ? null : config.attribute("binary").orElse(name);
        if (name == null) throw new ComponentException("its config names no child");
        long quantum = env.component().pd().available() / 2;
        if (!env.component().pd().charge(quantum)) throw new ComponentException("no RAM for its child");
        String childConfig = config.children().isEmpty() ? null : config.children().getFirst().raw();
        var parentGate = core.kernel().createGate(0, (GateServer) this::parent);
        child = core.createComponent(env.name() + " -> " + name, binary, quantum, env.component().priority(), parentGate, childConfig,
                new Core.ChildSessions() {
                    @Override
                    public IpcGate pd(Component c) {
                        PdSession inner = core.pdSession(c);
                        PdSession counting = new PdSession() {
                            public Allocation alloc(long bytes) {
                                count("PD alloc");
                                return inner.alloc(bytes);
                            }

                            public L4Error free(Dataspace ds) {
                                count("PD free");
                                return inner.free(ds);
                            }

                            public long quota() {
                                count("PD quota");
                                return inner.quota();
                            }

                            public long used() {
                                return inner.used();
                            }

                            public IpcGate allocGate(Thread receiver, int label) {
                                count("PD gate");
                                return inner.allocGate(receiver, label);
                            }

                            public Irq allocSignal(Thread receiver, int label) {
                                count("PD signal");
                                return inner.allocSignal(receiver, label);
                            }
                        };
                        return core.kernel().createGate(1, (g, caller, request) -> PdProtocol.serve(counting, core, caller, request));
                    }

                    @Override
                    public IpcGate rm(Component c) {
                        RmSession inner = core.rmSession(c);
                        RmSession counting = new RmSession() {
                            public RegionMap.AttachResult attach(Dataspace ds, int at, boolean writable, boolean executable) {
                                count("RM attach");
                                return inner.attach(ds, at, writable, executable);
                            }

                            public L4Error detach(int at) {
                                count("RM detach");
                                return inner.detach(at);
                            }
                        };
                        return core.kernel().createGate(2, (g, caller, request) -> RmProtocol.serve(counting, core, caller, request));
                    }

                    @Override
                    public IpcGate cpu(Component c) {
                        CpuSession inner = core.cpuSession(c);
                        CpuSession counting = new CpuSession() {
                            public Created<Thread> createThread(String threadName, int priority) {
                                count("CPU create");
                                return inner.createThread(threadName, priority);
                            }

                            public L4Error start(Thread t, int pc, int sp) {
                                count("CPU start");
                                return inner.start(t, pc, sp);
                            }

                            public L4Error pause(Thread t) {
                                return inner.pause(t);
                            }

                            public L4Error resume(Thread t) {
                                return inner.resume(t);
                            }

                            public RegisterFile state(Thread t) {
                                return inner.state(t);
                            }

                            public L4Error setState(Thread t, RegisterFile r) {
                                return inner.setState(t, r);
                            }
                        };
                        return core.kernel().createGate(3, (g, caller, request) -> CpuProtocol.serve(counting, caller, request));
                    }
                });
    }

    private void count(String what) {
        counted.merge(what, 1, Integer::sum);
    }

    /** The child's parent interface: sessions of core's services for it, closes, and its exit. */
    private Message parent(IpcGate gate, Thread caller, Message request) {
        if (child == null || caller.task() != child.task()) return Message.error(L4Error.PERMISSION);
        switch (request.label()) {
            case Protocol.PARENT_SESSION -> {
                var service = MessageStrings.decode(request.words(), 0);
                var args = service == null ? null : MessageStrings.decode(request.words(), service.next());
                SessionArgs parsed = args == null ? null : SessionArgs.parse(args.text());
                if (parsed == null) return Message.error(L4Error.INVALID);
                if (!child.pd().withdraw(parsed.ramQuota())) return Message.error(L4Error.NO_MEMORY);
                SessionResult r = core.openSession(service.text(), child, parsed.label());
                if (r.error() != L4Error.OK) {
                    child.pd().deposit(parsed.ramQuota());
                    return Message.error(r.error());
                }
                int id = nextId++;
                sessions.put(id, r.gate());
                donations.put(id, parsed.ramQuota());
                return Message.of(0, id).withCapability(new Capability(r.gate(), new Rights(Rights.W)));
            }
            case Protocol.PARENT_CLOSE -> {
                IpcGate session = sessions.remove(request.word(0));
                if (session == null) return Message.error(L4Error.NOT_FOUND);
                core.closeSession(session);
                child.pd().deposit(donations.remove(request.word(0)));
                return Message.of(0);
            }
            case Protocol.PARENT_EXIT -> {
                int code = request.word(0);
                for (IpcGate session : sessions.values()) core.closeSession(session);
                sessions.clear();
                core.destroy(child);
                env.log("child exited with " + code + "; passed through: " + counted);
                env.exit(code);
                return null;
            }
            default -> {
                return Message.error(L4Error.NOSYS);
            }
        }
    }

    private static ecusim.config.XmlNode parse(String xml) throws ComponentException {
        try {
            return XmlReader.parse("config", xml);
        } catch (ecusim.config.ConfigException e) {
            throw new ComponentException("its config: " + e.getMessage());
        }
    }
}
