package ecusim.cli;

import ecusim.gdb.ComponentDebugger;
import ecusim.gdb.GdbAddress;
import ecusim.gdb.GdbServer;
import ecusim.platform.Ecu;
import ecusim.scenario.ComponentEnd;
import ecusim.scenario.ScenarioRun;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** {@code ecusim run --gdb HOST:PORT --gdb-component NAME}: GDB on one component of a booted scenario. */
final class GdbSession implements AutoCloseable {
    private static final int SIGSEGV = 11, SIGALRM = 14;

    private final GdbServer server;
    private final String ecu, component;

    private GdbSession(GdbServer server, String ecu, String component) {
        this.server = server;
        this.ecu = ecu;
        this.component = component;
    }

    /** Why a GDB session cannot start (a bad address or component name, a port in use), in one line. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /**
     * Null without {@code --gdb}; else listens, tells {@code err} where, waits for GDB and stops the component
     * for it before anything of the scenario runs.
     */
    static GdbSession open(String address, String componentOption, ScenarioRun run, PrintStream err) throws Unusable {
        if (address == null && componentOption == null) return null;
        if (address == null) throw new Unusable("--gdb-component needs --gdb HOST:PORT");
        if (componentOption == null) throw new Unusable("--gdb needs --gdb-component NAME (the component to debug)");
        GdbAddress where;
        try {
            where = GdbAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new Unusable(e.getMessage());
        }
        Ecu target = null;
        String name = componentOption;
        int slash = componentOption.indexOf('/');
        for (Ecu e : run.ecus()) {
            if (slash >= 0 && !e.name().equals(componentOption.substring(0, slash))) continue;
            String wanted = slash >= 0 ? componentOption.substring(slash + 1) : componentOption;
            if (e.components().stream().anyMatch(c -> c.name().equals(wanted))) {
                if (target != null) throw new Unusable("--gdb-component " + componentOption + ": several ECUs have it; name one as ECU/NAME");
                target = e;
                name = wanted;
            }
        }
        if (target == null) throw new Unusable("--gdb-component " + componentOption + ": no running component of that name after boot");
        GdbServer server;
        try {
            server = GdbServer.listen(where.host(), where.port());
        } catch (IOException e) {
            throw new Unusable("--gdb " + address + ": cannot listen there: " + e.getMessage());
        }
        err.printf("[ecusim] waiting for GDB on %s:%d (in GDB: target remote %s:%d)%n", where.host(), server.port(), where.host(), server.port());
        err.flush();
        try {
            server.accept();
        } catch (IOException e) {
            server.close();
            throw new Unusable("--gdb " + address + ": no connection: " + e.getMessage());
        }
        ComponentDebugger debugger = new ComponentDebugger(target, name, server);
        if (!debugger.attach()) {
            server.close();
            throw new Unusable("--gdb-component " + componentOption + ": it has no thread to debug");
        }
        return new GdbSession(server, target.name(), name);
    }

    /** The scenario ended: GDB hears how the component did (exited, stopped by a fault, or still running). */
    void ended(List<ComponentEnd> ends) {
        for (ComponentEnd end : ends) {
            if (!end.ecu().equals(ecu) || !end.component().equals(component)) continue;
            if (end.exitCode().isPresent()) server.exited(end.exitCode().getAsInt());
            else server.terminated(SIGSEGV);
            return;
        }
        server.terminated(SIGALRM); // still running when the scenario's time was up
    }

    @Override
    public void close() {
        server.close();
    }
}
