package ecusim.gdb;

import ecusim.core.Component;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.kernel.Debugger;
import ecusim.kernel.Thread;
import ecusim.platform.Ecu;

/**
 * GDB on one component of an ECU: its threads stop at breakpoints for the debugger, whose memory
 * accesses go through the component's own address space. A page it has attached but not touched yet is
 * read and written where its region map resolves it, without mapping it: looking changes nothing the
 * component could notice, not even the page faults it will take (a run under GDB has the same log and
 * cycles as one without). The ECU stands still while GDB looks.
 */
public final class ComponentDebugger implements Debugger {
    private final Ecu ecu;
    private final String component;
    private final GdbServer server;

    public ComponentDebugger(Ecu ecu, String component, GdbServer server) {
        this.ecu = ecu;
        this.component = component;
        this.server = server;
    }

    /**
     * Attaches to the ECU and stops the component's main thread before its first instruction (or wherever it
     * is) for GDB, which must be connected. Returns false if the ECU has no running component of that name.
     */
    public boolean attach() {
        Thread main = mainThread();
        if (main == null) return false;
        ecu.kernel().attachDebugger(this);
        resume(main, server.stopped(target(main)));
        return true;
    }

    private Thread mainThread() {
        Component c = component();
        if (c == null) return null;
        return ecu.kernel().threads().stream().filter(t -> t.task() == c.task()).findFirst().orElse(null);
    }

    private Component component() {
        return ecu.components().stream().filter(c -> c.name().equals(component) && !c.task().deleted()).findFirst().orElse(null);
    }

    @Override
    public boolean debugs(Thread thread) {
        Component c = ecu.core().componentOf(thread.task());
        return c != null && c.name().equals(component) && server.connected();
    }

    @Override
    public Resume stopped(Thread thread, Stop why) {
        return resume(thread, server.stopped(target(thread)));
    }

    private Resume resume(Thread thread, GdbServer.Resume resume) {
        if (resume == GdbServer.Resume.STEP) {
            ecu.kernel().stepForDebugger(thread);
            return Resume.STEP;
        }
        if (resume == GdbServer.Resume.DETACH || resume == GdbServer.Resume.KILL) ecu.kernel().attachDebugger(null);
        return Resume.CONTINUE;
    }

    private GdbTarget target(Thread thread) {
        return new GdbTarget() {
            @Override
            public RegisterFile registers() {
                return ecu.kernel().registersOf(thread);
            }

            @Override
            public void setRegisters(RegisterFile registers) {
                ecu.kernel().setRegistersOf(thread, registers);
            }

            @Override
            public boolean read(int address, byte[] into) {
                return access(thread, address, into, false);
            }

            @Override
            public boolean write(int address, byte[] bytes) {
                return access(thread, address, bytes, true);
            }
        };
    }

    /** Reads or writes the range page by page: mapped pages through the page tables, others where they resolve. */
    private boolean access(Thread thread, int address, byte[] buffer, boolean write) {
        Component c = component();
        if (c == null) return false;
        long start = address & 0xFFFF_FFFFL, end = start + buffer.length;
        if (end > 1L << 32) return false;
        for (long page = start & ~0xFFFL; page < end; page += PhysicalRam.PAGE_SIZE) {
            if (c.task().addressSpace().page((int) page) == null && !c.regionMap().resolve((int) page).resolved()) return false;
        }
        for (long at = start; at < end; ) {
            long upTo = Math.min(end, (at & ~0xFFFL) + PhysicalRam.PAGE_SIZE);
            byte[] part = java.util.Arrays.copyOfRange(buffer, (int) (at - start), (int) (upTo - start));
            if (c.task().addressSpace().page((int) at) != null) {
                boolean ok = write ? ecu.kernel().writeTaskMemory(thread.task(), (int) at, part) : ecu.kernel().readTaskMemory(thread.task(), (int) at, part);
                if (!ok) return false;
            } else {
                long frame = c.regionMap().resolve((int) at).frame();
                PhysicalRam ram = ecu.kernel().cpu().ram();
                if (write) {
                    ram.write(frame + (at & 0xFFF), part, 0, part.length);
                    ecu.kernel().hostWrote(frame);
                } else {
                    ram.read(frame + (at & 0xFFF), part, 0, part.length);
                }
            }
            if (!write) System.arraycopy(part, 0, buffer, (int) (at - start), part.length);
            at = upTo;
        }
        return true;
    }
}
