package ecusim.platform;

import ecusim.core.Component;
import ecusim.core.Core;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.init.Init;
import ecusim.kernel.BlockedThread;
import ecusim.kernel.Kernel;
import ecusim.kernel.KernelListener;
import ecusim.kernel.PageFrames;
import ecusim.kernel.SystemCallHandler;
import ecusim.kernel.Thread;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated ECU: RAM and a CPU, the kernel, core and init with its children. Runs in virtual time;
 * several ECUs live side by side in one process, each with its own engine and state.
 */
public final class Ecu implements AutoCloseable {
    /** Where RAM starts in the physical address space. */
    public static final long RAM_BASE = 0x8000_0000L;

    private final EcuConfig config;
    private final PhysicalRam ram;
    private final ArmCpu cpu;
    private final Kernel kernel;
    private final Core core;
    private final Init init;

    public Ecu(EcuConfig config, EcuEvents reported) {
        this.config = config;
        EcuEvents events = escaping(reported);
        this.ram = new PhysicalRam(RAM_BASE, config.ramBytes());
        try {
            this.cpu = ArmCpu.create(config.cpu(), ram, config.costs());
        } catch (RuntimeException e) {
            ram.close();
            throw e;
        }
        // One pool of frames for everything: the kernel's objects and core's dataspaces, each charged to the
        // quota of the component that caused it; core keeps a reserve for the ROM modules it serves.
        PageFrames frames = new PageFrames(ram, RAM_BASE, config.ramBytes());
        SystemCallHandler noOtherCalls = (k, thread, call) -> SystemCallHandler.Outcome.FAULT; // only svc #0 exists
        this.kernel = new Kernel(cpu, frames, config.clockHz(), Kernel.microsToCycles(config.clockHz(), config.quantumMicros()), noOtherCalls);
        long coreReserve = coreReserveBytes(config.ramBytes());
        this.core = new Core(kernel, coreReserve, config.romModules(), (component, time, text) -> events.log(config.name(), component, time, text));
        this.init = new Init(core, config.init(), frames.totalBytes() - coreReserve, new Init.Listener() {
            @Override
            public void log(String text) {
                events.log(config.name(), "init", now(), text);
            }

            @Override
            public void childExited(String child, int code) {
                events.exited(config.name(), child, now(), code);
            }

            @Override
            public void childFailed(String child, String reason) {
                events.stopped(config.name(), child, now(), reason);
            }
        });
        kernel.addListener(new KernelListener() {
            @Override
            public void threadStopped(Thread thread, CpuEvent fault) {
                Component c = core.componentOf(thread.task());
                String name = c == null ? thread.task().name() : c.name();
                String what = fault instanceof CpuEvent.SystemCall ? fault + ", not a system call of this kernel" : fault.toString();
                String reason = "thread \"" + thread.name() + "\" stopped: " + what + where(c, fault);
                events.log(config.name(), "core", now(), "\"" + name + "\": " + reason);
                if (c != null && !c.alive()) events.stopped(config.name(), name, now(), reason);
            }

            @Override
            public void deadlocked(List<BlockedThread> blocked) {
                List<String> waits = new ArrayList<>();
                for (BlockedThread b : blocked) {
                    Component c = core.componentOf(b.thread().task());
                    String name = c == null ? b.thread().task().name() : c.name();
                    waits.add("\"" + name + "\" (thread \"" + b.thread().name() + "\") waits " + b.waitsFor());
                }
                boolean paused = blocked.stream().anyMatch(b -> b.thread().paused());
                events.log(config.name(), "kernel", now(), "deadlock: every thread is blocked" + (paused ? " or paused" : "")
                        + " and nothing can wake them (" + waits.size()
                        + (waits.size() == 1 ? " thread)" : " threads)"));
                for (String w : waits) events.log(config.name(), "kernel", now(), "deadlock: " + w);
                events.deadlocked(config.name(), now(), waits);
            }
        });
    }

    /** The events with every guest-chosen text made safe to print. */
    private static EcuEvents escaping(EcuEvents events) {
        return new EcuEvents() {
            @Override
            public void log(String ecu, String component, long time, String text) {
                events.log(ecu, PrintableText.escape(component), time, PrintableText.escape(text));
            }

            @Override
            public void exited(String ecu, String component, long time, int code) {
                events.exited(ecu, PrintableText.escape(component), time, code);
            }

            @Override
            public void stopped(String ecu, String component, long time, String reason) {
                events.stopped(ecu, PrintableText.escape(component), time, PrintableText.escape(reason));
            }

            @Override
            public void deadlocked(String ecu, long time, List<String> waits) {
                events.deadlocked(ecu, time, waits.stream().map(PrintableText::escape).toList());
            }
        };
    }

    /**
     * Core's own RAM on an ECU with {@code ramBytes}: the ROM modules it serves live there (the rest is init's
     * to give its children). ROM modules must fit into it together; configurations are checked for that.
     */
    public static long coreReserveBytes(long ramBytes) {
        return Math.max(1L << 20, ramBytes / 8);
    }

    /** " in main+0x24" for a fault at a known code address, else nothing. */
    private static String where(Component c, CpuEvent fault) {
        int pc = switch (fault) {
            case CpuEvent.DataAbort d -> d.pc();
            case CpuEvent.PrefetchAbort p -> p.address();
            case CpuEvent.UndefinedInstruction u -> u.pc();
            case CpuEvent.Breakpoint b -> b.pc();
            case CpuEvent.SystemCall call -> call.pc();
            default -> -1;
        };
        if (c == null || pc == -1) return "";
        String symbol = c.symbols().describe(pc);
        return symbol.isEmpty() || symbol.startsWith("0x") ? "" : " (" + symbol + ")";
    }

    public String name() {
        return config.name();
    }

    /** Boots: init starts its children. */
    public void boot() {
        init.start();
    }

    /** Runs until virtual time reaches {@code untilMicros}; returns whether anything could still run. */
    public boolean runUntil(long untilMicros) {
        return kernel.run(kernel.microsToCycles(untilMicros));
    }

    /** Virtual time in microseconds. */
    public long now() {
        return kernel.cyclesToMicros(kernel.now());
    }

    public Kernel kernel() {
        return kernel;
    }

    public Core core() {
        return core;
    }

    public Init init() {
        return init;
    }

    public List<Component> components() {
        return core.components();
    }

    @Override
    public void close() {
        cpu.close();
        ram.close();
    }
}
