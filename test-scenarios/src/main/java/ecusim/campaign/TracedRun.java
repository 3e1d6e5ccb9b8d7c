package ecusim.campaign;

import ecusim.emulator.cpu.ArmCpu;
import ecusim.kernel.Kernel;
import ecusim.kernel.KernelListener;
import ecusim.kernel.Thread;
import ecusim.platform.Ecu;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;

/**
 * The golden run replayed for a def/use analysis on an ECU of its own (the trace's code hook changes how
 * Unicorn stops blocks, so never on an ECU that experiments run on), with the native trace on and drained
 * after every run of a thread, which the analysis's {@link KernelListener#threadRan} reads. Refuses
 * ({@link IllegalStateException}) what the analyses cannot see: a replicated component (its runs are not
 * traced one by one), a Java component such as Rtcr (host code that may read a task's state whenever it
 * likes), and a run that differs from the golden one.
 */
final class TracedRun {
    private static final int TRACE_CAPACITY = 1 << 20;
    /** A run of the ECU between drains: fewer than 67,000 instructions at 666 MHz, well inside the buffer. */
    private static final long STEP_US = 50;

    /** What an analysis gives the run: it is told the target and the kernel once booted, and hears every run. */
    interface Analysis extends KernelListener {
        void attach(Kernel kernel, Thread target);
    }

    private TracedRun() {}

    /** Runs {@code config} to {@code untilUs} with {@code analysis} listening; {@code instructions}: executed instructions traced too. */
    static void run(EcuConfig config, EcuEvents events, String target, long untilUs, long goldenInstructions, boolean instructions, Analysis analysis) {
        try (Ecu ecu = new Ecu(config, events)) {
            ecu.boot();
            for (ecusim.kernel.Task task : ecu.kernel().tasks()) {
                if (task.replication() != null) throw new IllegalStateException("def/use pruning needs every component to run once; " + task.name() + " is replicated");
            }
            for (var start : config.init().starts()) {
                if (ecu.init().javaComponent(start.name()) != null) {
                    throw new IllegalStateException("def/use pruning: the Java component " + start.name() + " may read a task's state outside the trace");
                }
            }
            var component = ecu.init().component(target);
            if (component == null || component.threads().isEmpty()) throw new IllegalStateException("component " + target + " did not start");
            Thread thread = component.threads().getFirst();
            analysis.attach(ecu.kernel(), thread);
            ecu.kernel().addListener(analysis);
            ArmCpu cpu = ecu.kernel().cpu();
            cpu.startMemoryTrace(TRACE_CAPACITY);
            cpu.traceInstructions(instructions);
            for (long t = STEP_US; ; t += STEP_US) {
                ecu.runUntil(Math.min(t, untilUs));
                cpu.drainTrace(a -> { }, x -> { }); // what ran outside a thread's run
                if (t >= untilUs) break;
            }
            cpu.stopMemoryTrace();
            if (thread.instructions() != goldenInstructions) {
                throw new IllegalStateException("the traced run retired " + thread.instructions() + " instructions of the target, the golden run " + goldenInstructions);
            }
        }
    }
}
