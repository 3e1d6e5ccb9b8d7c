package ecusim.bench;

import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.TranslationTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor under an IPC round trip: host ns for the two guest exits and re-entries one takes, with no kernel
 * work at all. {@code sameSpace}: a guest loops on {@code svc}, and the accounted CPU leaves and re-enters
 * the engine twice. {@code twoSpaces}: two address spaces take turns, as a client and its server do, each exit
 * followed by what every switch needs (save the register file, TTBR0, TLB flush, load the other register
 * file), so the next entry refills the engine's TLB and block lookup. Compare with
 * {@link PlatformCostBenchmark}'s round trip (see the README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReentryFloorBenchmark {
    /** svc #0; b back to it. */
    private static final int[] SVC_LOOP = {0xef000000, 0xeafffffd};

    private BenchMachine machine;
    private TranslationTable[] spaces;
    private RegisterFile[] saved;

    @Setup
    public void boot() {
        machine = new BenchMachine(SVC_LOOP, true, 8L << 20);
        spaces = new TranslationTable[] {machine.addressSpace(1, PagePermissions.READ_WRITE),
                machine.addressSpace(1, PagePermissions.READ_WRITE)};
        saved = new RegisterFile[] {RegisterFile.userEntry(BenchMachine.CODE, 0), RegisterFile.userEntry(BenchMachine.CODE, 0)};
        machine.cpu.switchAddressSpace(spaces[0].l1Base(), 1);
        machine.cpu.setRegisters(saved[0]);
    }

    @TearDown
    public void shutdown() {
        machine.close();
    }

    @Benchmark
    public Object sameSpace() {
        exit();
        return exit();
    }

    @Benchmark
    public Object twoSpaces() {
        switchTo(1);
        switchTo(0);
        return saved[0];
    }

    private void switchTo(int next) {
        exit();
        saved[next ^ 1] = machine.cpu.registers();
        machine.cpu.switchAddressSpace(spaces[next].l1Base(), next + 1);
        machine.cpu.setRegisters(saved[next]);
    }

    private CpuEvent exit() {
        CpuEvent event = machine.cpu.run(Long.MAX_VALUE / 2);
        if (!(event instanceof CpuEvent.SystemCall)) throw new IllegalStateException("expected a system call, got " + event);
        return event;
    }
}
