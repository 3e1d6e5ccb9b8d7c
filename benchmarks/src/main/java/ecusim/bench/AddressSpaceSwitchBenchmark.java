package ecusim.bench;

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
 * Host nanoseconds per address-space switch as the kernel will do it: TTBR0 + CONTEXTIDR + TLBIALL and the
 * next thread's complete register file (r0–r15, CPSR, 32 VFP registers, FPSCR, TLS) in one batch.
 * {@code switchOnly} measures the MMU part alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AddressSpaceSwitchBenchmark {
    private BenchMachine machine;
    private TranslationTable[] tables;
    private RegisterFile[] states;
    private int next;

    @Setup
    public void boot() {
        machine = new BenchMachine(LoopPrograms.COMPUTE, true, 8L << 20);
        tables = new TranslationTable[] {machine.addressSpace(1, PagePermissions.READ_WRITE),
                machine.addressSpace(1, PagePermissions.READ_WRITE)};
        states = new RegisterFile[] {RegisterFile.userEntry(BenchMachine.CODE, 0x1000).with(0, 1),
                RegisterFile.userEntry(BenchMachine.CODE, 0x2000).with(0, 2)};
    }

    @TearDown
    public void shutdown() {
        machine.close();
    }

    @Benchmark
    public int switchWithRegisters() {
        next ^= 1;
        machine.cpu.switchAddressSpace(tables[next].l1Base(), next + 1);
        machine.cpu.setRegisters(states[next]);
        return next;
    }

    @Benchmark
    public int switchOnly() {
        next ^= 1;
        machine.cpu.switchAddressSpace(tables[next].l1Base(), next + 1);
        return next;
    }
}
