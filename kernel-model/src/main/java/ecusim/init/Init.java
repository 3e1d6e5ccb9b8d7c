package ecusim.init;

import ecusim.core.Component;
import ecusim.core.ComponentException;
import ecusim.core.Core;
import ecusim.core.MessageStrings;
import ecusim.core.Protocol;
import ecusim.core.SessionResult;
import ecusim.kernel.Capability;
import ecusim.kernel.GateServer;
import ecusim.kernel.IpcGate;
import ecusim.kernel.L4Error;
import ecusim.kernel.Message;
import ecusim.kernel.Rights;
import ecusim.kernel.Thread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Genode's init: starts the children its configuration names, each with the RAM quantum it is given out
 * of init's own RAM, and serves their parent interface: session requests routed by the configuration to
 * core's services or to a child that announced the service, quota upgrades, closes, announces and exits.
 * A request that cannot be satisfied gets an error code; the child decides what to do about it.
 */
public final class Init implements GateServer {
    /**
     * The least RAM a session request must donate: it pays for the session's state at its provider (and
     * init's record of it), so a child cannot open sessions without bound. Genode's connections donate too.
     */
    public static final long SESSION_RAM_QUOTA = Protocol.SESSION_RAM_QUOTA;

    /** What init reports to whoever runs the ECU. */
    public interface Listener {
        void log(String text);

        void childExited(String child, int code);

        void childFailed(String child, String reason);

        /** The name of the ECU init runs on (what a Java component may put into what it writes). */
        default String ecu() {
            return "";
        }
    }

    private static final class Child {
        final StartSpec start;
        IpcGate parentGate;
        Component component;
        JavaComponent java; // a component implemented in Java, or null for an ELF image
        final Map<String, IpcGate> announced = new LinkedHashMap<>();
        final Map<Integer, Session> sessions = new LinkedHashMap<>();
        int nextSessionId = 1;

        Child(StartSpec start, IpcGate parentGate) {
            this.start = start;
            this.parentGate = parentGate;
        }
    }

    /**
     * A session a child holds: who provides it (core, or the child {@code server}), its gate, the RAM donated
     * to it. A donation to a child server is in that server's quota until the session closes.
     */
    private record Session(String service, String label, IpcGate gate, boolean core, long quota, Child server) {}

    /** A session request waiting for its server to announce the service. */
    private record Pending(Child client, Thread caller, String service, String label, Child server, long quota) {}

    private final Core core;
    private final InitConfig config;
    private final Listener listener;
    private final Map<String, java.util.function.Supplier<JavaComponent>> javaComponents;
    private final List<Child> children = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private long ramAvailable;

    public Init(Core core, InitConfig config, long ramAvailable, Listener listener) {
        this(core, config, ramAvailable, listener, Map.of());
    }

    /** Init that starts the Java components of {@code javaComponents} by name, before looking for an ELF image. */
    public Init(Core core, InitConfig config, long ramAvailable, Listener listener,
                Map<String, java.util.function.Supplier<JavaComponent>> javaComponents) {
        this.core = core;
        this.config = config;
        this.ramAvailable = ramAvailable;
        this.listener = listener;
        this.javaComponents = Map.copyOf(javaComponents);
        core.kernel().addHolder(refer -> { // the gates its tables name stay while they name them
            for (Child c : children) {
                c.announced.values().forEach(refer);
                for (Session s : c.sessions.values()) refer.accept(s.gate());
            }
        });
    }

    /** Starts every child of the configuration, in order; one that cannot start is reported, the others run. */
    public void start() {
        for (StartSpec start : config.starts()) {
            IpcGate gate = core.kernel().createGate(children.size(), this);
            Child child = new Child(start, gate);
            children.add(child);
            if (start.ramQuantum() > ramAvailable) {
                fail(child, "RAM quantum of " + start.ramQuantum() + " bytes exceeds what init has left (" + ramAvailable + " bytes)");
                continue;
            }
            String configText = start.config().map(c -> c.raw()).orElse(null);
            var java = javaComponents.get(start.binary());
            try {
                if (java != null) {
                    child.component = core.createEmptyComponent(start.name(), start.ramQuantum(), start.priority(), gate, configText, core.coreSessions());
                    ramAvailable -= start.ramQuantum();
                    child.java = java.get();
                    child.java.start(environment(child, configText));
                } else {
                    child.component = core.createComponent(start.name(), start.binary(), start.ramQuantum(), start.priority(), gate, configText);
                    ramAvailable -= start.ramQuantum();
                    start.replication().ifPresent(r -> core.kernel().replicate(child.component.task(), r));
                }
            } catch (ComponentException | RuntimeException e) {
                if (child.component != null) {
                    core.destroy(child.component);
                    ramAvailable += child.component.pd().quota();
                }
                fail(child, e instanceof ComponentException ? e.getMessage() : "the Java component failed: " + e);
            }
        }
    }

    private JavaComponent.Environment environment(Child child, String configText) {
        return new JavaComponent.Environment() {
            @Override
            public String name() {
                return child.start.name();
            }

            @Override
            public String config() {
                return configText;
            }

            @Override
            public String ecu() {
                return listener.ecu();
            }

            @Override
            public Component component() {
                return child.component;
            }

            @Override
            public Core core() {
                return core;
            }

            @Override
            public void log(String text) {
                core.log(child.start.name(), text);
            }

            @Override
            public void announce(String service, IpcGate gate) {
                child.announced.put(service, gate);
            }

            @Override
            public void exit(int code) {
                if (child.component != null && !child.component.destroyed()) exitChild(child, code);
            }
        };
    }

    /** Whether {@code child} can serve sessions: it runs (a Java component runs until it exits). */
    private static boolean serving(Child child) {
        return child.component != null && !child.component.destroyed() && (child.java != null || child.component.alive());
    }

    private void fail(Child child, String reason) {
        listener.log("child \"" + child.start.name() + "\" not started: " + reason);
        listener.childFailed(child.start.name(), reason);
    }

    /** RAM init has not given to a child (what children give back on exit returns here). */
    public long ramAvailable() {
        return ramAvailable;
    }

    /** RAM children donated to sessions of core's services, held there until the sessions close. */
    public long ramInCoreSessions() {
        long sum = 0;
        for (Child c : children) for (Session s : c.sessions.values()) if (s.core()) sum += s.quota();
        for (Pending p : pending) sum += p.quota(); // withdrawn from the client, not yet anyone's
        return sum;
    }

    /** The component started for {@code name}, or null. */
    public Component component(String name) {
        for (Child c : children) if (c.start.name().equals(name)) return c.component;
        return null;
    }

    /** The Java components among the children, by name, in start order. */
    public Map<String, JavaComponent> javaComponents() {
        Map<String, JavaComponent> out = new LinkedHashMap<>();
        for (Child c : children) if (c.java != null) out.put(c.start.name(), c.java);
        return out;
    }

    /** The Java component started as child {@code name} (Rtcr, say, for whoever sends it scenario events), or null. */
    public JavaComponent javaComponent(String name) {
        for (Child c : children) if (c.start.name().equals(name)) return c.java;
        return null;
    }

    @Override
    public Message serve(IpcGate gate, Thread caller, Message request) {
        Child child = children.get(gate.label());
        if (child.component == null || caller.task() != child.component.task()) return Message.error(L4Error.PERMISSION);
        return switch (request.label()) {
            case Protocol.PARENT_SESSION -> session(child, caller, request);
            case Protocol.PARENT_UPGRADE -> upgrade(child, request);
            case Protocol.PARENT_CLOSE -> close(child, request.word(0));
            case Protocol.PARENT_EXIT -> exit(child, request.word(0));
            case Protocol.PARENT_ANNOUNCE -> announce(child, request);
            default -> Message.error(L4Error.NOSYS);
        };
    }

    private Message session(Child child, Thread caller, Message request) {
        int[] words = request.words();
        var service = MessageStrings.decode(words, 0);
        var args = service == null ? null : MessageStrings.decode(words, service.next());
        if (args == null) return Message.error(L4Error.INVALID);
        SessionArgs parsed = SessionArgs.parse(args.text());
        if (parsed == null) return Message.error(L4Error.INVALID);
        String name = service.text();
        for (RouteTarget target : config.routeFor(child.start, name, parsed.label())) {
            switch (target) {
                case RouteTarget.Parent p -> {
                    if (!config.parentProvides().contains(name) || !Core.services().contains(name)) continue;
                    if (parsed.ramQuota() < SESSION_RAM_QUOTA) return tooLittleQuota(child, name, parsed.ramQuota());
                    if (!child.component.pd().withdraw(parsed.ramQuota())) return quotaExceeded(child, name, parsed.ramQuota());
                    SessionResult r = core.openSession(name, child.component, parsed.label());
                    if (r.error() != L4Error.OK) {
                        child.component.pd().deposit(parsed.ramQuota());
                        return Message.error(r.error());
                    }
                    return granted(child, new Session(name, parsed.label(), r.gate(), true, parsed.ramQuota(), null));
                }
                case RouteTarget.Child c -> {
                    Child server = child(c.name());
                    if (server == null || !serving(server)) continue;
                    return fromChild(child, caller, name, parsed.label(), server, parsed.ramQuota());
                }
                case RouteTarget.AnyChild a -> {
                    for (Child server : children) {
                        if (server != child && serving(server)
                                && (server.announced.containsKey(name) || server.start.provides().contains(name))) {
                            return fromChild(child, caller, name, parsed.label(), server, parsed.ramQuota());
                        }
                    }
                }
            }
        }
        listener.log("\"" + child.start.name() + "\" requests \"" + name + "\": no route to a provider, denied");
        return Message.error(L4Error.NOT_FOUND);
    }

    private Message tooLittleQuota(Child child, String service, long quota) {
        listener.log("\"" + child.start.name() + "\" requests \"" + service + "\" with ram_quota " + quota
                + ": a session needs at least " + SESSION_RAM_QUOTA + ", denied");
        return Message.error(L4Error.NO_MEMORY);
    }

    private Message quotaExceeded(Child child, String service, long quota) {
        listener.log("\"" + child.start.name() + "\" requests \"" + service + "\" with ram_quota " + quota + ": exceeds its available quota of "
                + child.component.pd().available() + " bytes, denied");
        return Message.error(L4Error.NO_MEMORY);
    }

    private Message fromChild(Child client, Thread caller, String service, String label, Child server, long quota) {
        if (quota < SESSION_RAM_QUOTA) return tooLittleQuota(client, service, quota);
        if (!client.component.pd().withdraw(quota)) return quotaExceeded(client, service, quota);
        IpcGate gate = server.announced.get(service);
        if (gate == null) {
            pending.add(new Pending(client, caller, service, label, server, quota)); // Genode's init waits for the announce
            return null;
        }
        server.component.pd().deposit(quota); // the donation goes to the server, which pays for the session
        return granted(client, new Session(service, label, gate, false, quota, server));
    }

    private Message granted(Child child, Session session) {
        int id = child.nextSessionId++;
        child.sessions.put(id, session);
        return Message.of(0, id).withCapability(new Capability(session.gate(), new Rights(Rights.W)));
    }

    private Message upgrade(Child child, Message request) {
        Session s = child.sessions.get(request.word(0));
        var args = MessageStrings.decode(request.words(), 1);
        SessionArgs parsed = args == null ? null : SessionArgs.parse(args.text());
        if (s == null) return Message.error(L4Error.NOT_FOUND);
        if (parsed == null) return Message.error(L4Error.INVALID);
        if (!child.component.pd().withdraw(parsed.ramQuota())) return quotaExceeded(child, s.service(), parsed.ramQuota());
        if (s.server() != null && !s.server().component.destroyed()) s.server().component.pd().deposit(parsed.ramQuota()); // the upgrade goes where the donation went
        child.sessions.put(request.word(0), new Session(s.service(), s.label(), s.gate(), s.core(), s.quota() + parsed.ramQuota(), s.server()));
        return Message.of(0);
    }

    private Message close(Child child, int id) {
        Session s = child.sessions.remove(id);
        if (s == null) return Message.error(L4Error.NOT_FOUND);
        if (s.core()) core.closeSession(s.gate());
        child.component.pd().deposit(returned(s));
        return Message.of(0);
    }

    /**
     * What a closed session's donation gives back to its client: all of it from core; from a child server
     * what it can spare of it (it may have spent it), and nothing if the server is gone (its RAM went to init).
     * RAM is never created: the quotas of all children and init's own always add up to what init started with.
     */
    private long returned(Session s) {
        if (s.core()) return s.quota();
        if (s.server() == null || s.server().component.destroyed()) return 0;
        long back = Math.min(s.quota(), s.server().component.pd().available());
        s.server().component.pd().withdraw(back);
        return back;
    }

    private Message exit(Child child, int code) {
        exitChild(child, code);
        return null;
    }

    private void exitChild(Child child, int code) {
        listener.log("child \"" + child.start.name() + "\" exited with exit value " + code);
        for (Session s : child.sessions.values()) {
            if (s.core()) {
                core.closeSession(s.gate());
                child.component.pd().deposit(s.quota());
            }
        }
        child.sessions.clear();
        child.announced.clear(); // a child that is gone serves nothing
        for (Pending p : List.copyOf(pending)) {
            if (p.client() == child) {
                pending.remove(p);
                child.component.pd().deposit(p.quota());
            } else if (p.server() == child) { // it will never announce: its would-be clients learn so
                pending.remove(p);
                p.client().component.pd().deposit(p.quota());
                core.kernel().reply(p.caller(), Message.error(L4Error.NOT_FOUND));
            }
        }
        core.destroy(child.component);
        ramAvailable += child.component.pd().quota(); // the child's RAM comes back to init
        listener.childExited(child.start.name(), code);
    }

    private Message announce(Child child, Message request) {
        var service = MessageStrings.decode(request.words(), 0);
        if (service == null || request.capabilities().isEmpty() || !(request.capabilities().getFirst().object() instanceof IpcGate gate)) {
            return Message.error(L4Error.INVALID);
        }
        child.announced.put(service.text(), gate);
        for (Pending p : List.copyOf(pending)) {
            if (p.server() != child || !p.service().equals(service.text())) continue;
            pending.remove(p);
            child.component.pd().deposit(p.quota());
            core.kernel().reply(p.caller(), granted(p.client(), new Session(p.service(), p.label(), gate, false, p.quota(), child)));
        }
        return Message.of(0);
    }

    @Override
    public void abandoned(IpcGate gate, Thread caller) {
        for (Pending p : List.copyOf(pending)) {
            if (p.caller() != caller) continue;
            pending.remove(p); // the request is off: its donation goes back
            p.client().component.pd().deposit(p.quota());
        }
    }

    @Override
    public String describeWait(IpcGate gate, Thread caller) {
        for (Pending p : pending) {
            if (p.caller() == caller) {
                return "init to grant a \"" + p.service() + "\" session from \"" + p.server().start.name()
                        + "\", which has not announced it";
            }
        }
        return "init";
    }

    // ---- state as data ----

    /** Init's state as data: its RAM, each child's component, announcements and sessions, and waiting requests. */
    public InitState capture(java.util.function.ToIntFunction<Component> componentIndex) {
        List<InitState.SavedChild> saved = new ArrayList<>();
        for (Child c : children) {
            byte[] java = null;
            if (c.java != null) { // one that ended keeps what it reports (Rtcr its statistics), if it keeps state at all
                try {
                    java = c.java.capture();
                } catch (IllegalStateException e) {
                    if (c.component != null && !c.component.destroyed()) {
                        throw new IllegalStateException("the Java component \"" + c.start.name() + "\" cannot be saved: " + e.getMessage(), e);
                    }
                }
            }
            List<InitState.SavedAnnounce> announced = new ArrayList<>();
            c.announced.forEach((service, gate) -> announced.add(new InitState.SavedAnnounce(service, gate.id().value())));
            List<InitState.SavedSession> sessions = new ArrayList<>();
            c.sessions.forEach((id, s) -> sessions.add(new InitState.SavedSession(id, s.service(), s.label(), s.gate().id().value(), s.core(), s.quota(),
                    s.server() == null ? -1 : children.indexOf(s.server()))));
            saved.add(new InitState.SavedChild(c.start.name(), c.parentGate.id().value(), c.component == null ? -1 : componentIndex.applyAsInt(c.component),
                    announced, sessions, c.nextSessionId, java));
        }
        List<InitState.SavedRequest> requests = new ArrayList<>();
        for (Pending p : pending) {
            requests.add(new InitState.SavedRequest(children.indexOf(p.client()), p.caller().id().value(), p.service(), p.label(),
                    children.indexOf(p.server()), p.quota()));
        }
        return new InitState(ramAvailable, saved, requests);
    }

    /** The session table of child {@code name}, in id order: what a parent's checkpoint of that child records. */
    public List<InitState.SavedSession> sessionsOf(String name) {
        Child c = child(name);
        if (c == null) return List.of();
        List<InitState.SavedSession> out = new ArrayList<>();
        c.sessions.forEach((id, s) -> out.add(new InitState.SavedSession(id, s.service(), s.label(), s.gate().id().value(), s.core(), s.quota(),
                s.server() == null ? -1 : children.indexOf(s.server()))));
        return out;
    }

    /**
     * A restore begins: each Java component the snapshot saw running is made anew and prepares what the
     * kernel's and core's state will name ({@link JavaComponent#prepare}); {@link #restore} finishes.
     */
    public void prepare(InitState state) {
        if (state.children().size() > config.starts().size()) {
            throw new IllegalStateException("the snapshot's init has " + state.children().size() + " children, this configuration starts "
                    + config.starts().size());
        }
        children.clear();
        pending.clear();
        for (int i = 0; i < state.children().size(); i++) {
            InitState.SavedChild saved = state.children().get(i);
            StartSpec start = config.starts().get(i);
            if (!start.name().equals(saved.name())) {
                throw new IllegalStateException("the snapshot's child " + i + " is \"" + saved.name() + "\", this configuration's \"" + start.name() + "\"");
            }
            Child child = new Child(start, null);
            children.add(child);
            if (saved.java() == null) continue;
            var make = javaComponents.get(start.binary());
            if (make == null) throw new IllegalStateException("the snapshot's child \"" + saved.name() + "\" is a Java component this ECU does not have");
            child.java = make.get();
            child.java.prepare(environment(child, start.config().map(c -> c.raw()).orElse(null)));
        }
    }

    /** The name a snapshot gives {@code server} if a Java child serves it ({@code java:CHILD:NAME}), or null. */
    public String nameOfJavaServer(GateServer server) {
        for (Child c : children) {
            String name = c.java == null ? null : c.java.nameOf(server);
            if (name != null) return "java:" + c.start.name() + ":" + name;
        }
        return null;
    }

    /** The gate server a snapshot names {@code java:CHILD:NAME}, or null. */
    public GateServer javaServer(String name) {
        if (!name.startsWith("java:")) return null;
        int colon = name.indexOf(':', 5);
        if (colon < 0) return null;
        Child c = child(name.substring(5, colon));
        return c == null || c.java == null ? null : c.java.server(name.substring(colon + 1));
    }

    /**
     * Finishes a restore begun by {@link #prepare}: init's state from {@code state} (its children those of this
     * configuration, in order), linked to the restored kernel's objects ({@code objects}) and core's components
     * ({@code components}); each Java child restores its own.
     */
    public void restore(InitState state, java.util.function.LongFunction<ecusim.kernel.KernelObject> objects,
                        java.util.function.IntFunction<Component> components) {
        if (children.size() != state.children().size()) throw new IllegalStateException("init's restore was not prepared for this snapshot");
        pending.clear();
        for (int i = 0; i < state.children().size(); i++) {
            InitState.SavedChild saved = state.children().get(i);
            Child child = children.get(i);
            child.parentGate = as(objects.apply(saved.parentGate()), IpcGate.class, "the parent gate of " + saved.name());
            child.component = saved.component() < 0 ? null : components.apply(saved.component());
            child.announced.clear();
            child.sessions.clear();
            for (InitState.SavedAnnounce a : saved.announced()) child.announced.put(a.service(), as(objects.apply(a.gate()), IpcGate.class, "an announced service"));
            child.nextSessionId = saved.nextSessionId();
        }
        for (int i = 0; i < state.children().size(); i++) {
            for (InitState.SavedSession s : state.children().get(i).sessions()) {
                children.get(i).sessions.put(s.id(), new Session(s.service(), s.label(), as(objects.apply(s.gate()), IpcGate.class, "a session's gate"), s.core(),
                        s.quota(), s.server() < 0 ? null : childAt(s.server())));
            }
        }
        for (InitState.SavedRequest r : state.requests()) {
            pending.add(new Pending(childAt(r.client()), as(objects.apply(r.caller()), Thread.class, "a waiting session request"), r.service(),
                    r.label(), childAt(r.server()), r.quota()));
        }
        ramAvailable = state.ramAvailable();
        for (int i = 0; i < state.children().size(); i++) {
            byte[] java = state.children().get(i).java();
            if (java != null) children.get(i).java.restore(java, objects, components);
        }
    }

    private Child childAt(int index) {
        if (index < 0 || index >= children.size()) throw new IllegalStateException("child " + index + ", which the snapshot lacks");
        return children.get(index);
    }

    private static <T> T as(Object o, Class<T> type, String what) {
        if (!type.isInstance(o)) throw new IllegalStateException(what + " is not a " + type.getSimpleName() + " in the snapshot");
        return type.cast(o);
    }

    private Child child(String name) {
        for (Child c : children) if (c.start.name().equals(name)) return c;
        return null;
    }
}
