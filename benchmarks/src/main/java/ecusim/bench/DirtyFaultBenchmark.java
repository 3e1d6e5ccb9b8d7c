package ecusim.bench;

import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.TranslationTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Host nanoseconds per dirty-page fault: a guest writes one word to each of 4,096 read-only pages; every
 * first write aborts, and the handler marks the page dirty, makes it writable, invalidates its TLB entry
 * and resumes the retried store. The time per page includes the run/abort round trip, the (cached)
 * instruction decode, the page-table update and the guest's own five instructions per page.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DirtyFaultBenchmark {
    static final int PAGES = 4096;

    private BenchMachine machine;
    private TranslationTable table;
    private final boolean[] dirty = new boolean[PAGES];

    @Setup(Level.Trial)
    public void boot() {
        machine = new BenchMachine(LoopPrograms.PAGE_WRITER, true, 64L << 20);
        table = machine.addressSpace(PAGES, PagePermissions.READ);
    }

    @Setup(Level.Invocation)
    public void protectAll() {
        for (int p = 0; p < PAGES; p++) table.protectPage(BenchMachine.DATA + p * 4096, PagePermissions.READ);
        java.util.Arrays.fill(dirty, false);
        machine.enter(table, 1, BenchMachine.DATA, PAGES, 1);
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        machine.close();
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public int writeEveryPageOnce() {
        int faults = 0;
        while (true) {
            CpuEvent event = machine.cpu.run(Long.MAX_VALUE / 2);
            if (event instanceof CpuEvent.DataAbort abort) {
                int va = abort.faultAddress() & ~0xFFF;
                dirty[(va - BenchMachine.DATA) >>> 12] = true;
                table.protectPage(va, PagePermissions.READ_WRITE);
                machine.cpu.flushTlbPage(va);
                faults++;
            } else if (event instanceof CpuEvent.SystemCall) {
                if (faults != PAGES) throw new IllegalStateException(faults + " faults");
                return faults;
            } else {
                throw new IllegalStateException(event.toString());
            }
        }
    }
}
