package ecusim.platform;

import ecusim.core.Component;
import ecusim.core.Core;
import ecusim.core.PageFrames;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.BumpFrameAllocator;
import ecusim.init.Init;
import ecusim.kernel.Kernel;
import ecusim.kernel.KernelListener;
import ecusim.kernel.SystemCallHandler;
import ecusim.kernel.Thread;
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

    public Ecu(EcuConfig config, EcuEvents events) {
        this.config = config;
        this.ram = new PhysicalRam(RAM_BASE, config.ramBytes());
        try {
            this.cpu = ArmCpu.create(config.cpu(), ram, config.costs());
        } catch (RuntimeException e) {
            ram.close();
            throw e;
        }
        // Kernel memory (page tables, UTCBs) first, then core's pool of page frames for dataspaces.
        long kernelBytes = Math.max(2L << 20, config.ramBytes() / 16);
        BumpFrameAllocator kernelFrames = new BumpFrameAllocator(ram, RAM_BASE, RAM_BASE + kernelBytes);
        PageFrames frames = new PageFrames(ram, RAM_BASE + kernelBytes, config.ramBytes() - kernelBytes);
        SystemCallHandler noOtherCalls = (k, thread, call) -> SystemCallHandler.Outcome.EXIT; // only svc #0 exists
        this.kernel = new Kernel(cpu, kernelFrames, config.clockHz(), Kernel.microsToCycles(config.clockHz(), config.quantumMicros()), noOtherCalls);
        this.core = new Core(kernel, frames, config.romModules(), (component, time, text) -> events.log(config.name(), component, time, text));
        long coreReserve = Math.max(1L << 20, config.ramBytes() / 8); // ROM modules and core's own objects
        this.init = new Init(core, config.init(), frames.freeBytes() - coreReserve, new Init.Listener() {
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
                String reason = "thread \"" + thread.name() + "\" stopped: " + fault + where(c, fault);
                events.log(config.name(), "core", now(), "\"" + name + "\": " + reason);
                if (c != null && !c.alive()) events.stopped(config.name(), name, now(), reason);
            }
        });
    }

    /** " in main+0x24" for a fault at a known code address, else nothing. */
    private static String where(Component c, CpuEvent fault) {
        int pc = switch (fault) {
            case CpuEvent.DataAbort d -> d.pc();
            case CpuEvent.PrefetchAbort p -> p.address();
            case CpuEvent.UndefinedInstruction u -> u.pc();
            case CpuEvent.Breakpoint b -> b.pc();
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
