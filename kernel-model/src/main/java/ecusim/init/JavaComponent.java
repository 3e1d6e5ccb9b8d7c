package ecusim.init;

import ecusim.core.Component;
import ecusim.core.ComponentException;
import ecusim.core.Core;
import ecusim.kernel.IpcGate;

/**
 * A component implemented in Java that init starts by name, as it starts an ELF image: {@code <start
 * name="rtcr"> <binary name="rtcr"/> ...}, the name found in the ECU's registry of Java components
 * ({@link ecusim.platform.EcuConfig#javaComponents()}) before the ROM modules. It gets an empty component of
 * its own at core (task, PD with its RAM quantum, region map, no thread), on whose quota it creates its
 * children; it serves their parent interface and may serve their PD, RM and CPU sessions itself ({@link
 * Core.ChildSessions}). Rtcr is one.
 */
public interface JavaComponent {
    /** Starts it; throwing reports it as a child that could not start (its component is destroyed), the others run on. */
    void start(Environment env) throws ComponentException;

    // ---- state as data (an ECU snapshot); by default a Java component keeps none, and an ECU running it cannot be saved ----

    /** Its whole state as bytes of a self-checking format of its own; kernel objects by their ids, components by core's index. */
    default byte[] capture() {
        throw new IllegalStateException("it keeps no state as data");
    }

    /**
     * A restore begins (a new instance, in place of the one the snapshot saw): it takes its environment and
     * makes what the snapshot's kernel and core state name — its gate servers ({@link #server}) and the fault
     * handlers of its managed dataspaces — before they are restored.
     */
    default void prepare(Environment env) {
        throw new IllegalStateException("it keeps no state as data");
    }

    /** The restore ends: its state from {@code state} ({@link #capture}), linked to the restored kernel objects and components. */
    default void restore(byte[] state, java.util.function.LongFunction<ecusim.kernel.KernelObject> objects,
                         java.util.function.IntFunction<Component> components) {
        throw new IllegalStateException("it keeps no state as data");
    }

    /** Its gate server called {@code name}, or null: a snapshot links the gates it serves to them by name. */
    default ecusim.kernel.GateServer server(String name) {
        return null;
    }

    /** The name of its gate server {@code server}, or null if it is none of its. */
    default String nameOf(ecusim.kernel.GateServer server) {
        return null;
    }

    /** What a Java component has from init. */
    interface Environment {
        /** Its name in init's configuration. */
        String name();

        /** Its {@code <config>} node's text, or null. */
        String config();

        /** The name of the ECU it runs on. */
        String ecu();

        /** Its own component at core: its PD and quota, task and (empty) address space. */
        Component component();

        Core core();

        /** Logs {@code text} under its name, as its LOG session would. */
        void log(String text);

        /** Announces {@code service}, served through {@code gate}, to init's other children. */
        void announce(String service, IpcGate gate);

        /** It is done (a child's exit): init closes its sessions, destroys its component and reports {@code code}. */
        void exit(int code);
    }
}
