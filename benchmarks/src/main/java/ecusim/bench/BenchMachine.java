package ecusim.bench;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.BumpFrameAllocator;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.TranslationTable;

/** A core with the MMU on, a program at {@link #CODE} and data pages at {@link #DATA}, for benchmarks. */
final class BenchMachine implements AutoCloseable {
    static final int CODE = 0x0001_0000, DATA = 0x0100_0000;

    final PhysicalRam ram;
    final ArmCpu cpu;
    final BumpFrameAllocator frames;
    final long codeFrame;

    BenchMachine(int[] program, boolean instrumented, long ramBytes) {
        ram = new PhysicalRam(0x8000_0000L, ramBytes);
        cpu = instrumented ? ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9())
                : ArmCpu.createUninstrumented(CpuModel.CORTEX_A9, ram, CostModel.cortexA9());
        frames = new BumpFrameAllocator(ram, ram.base(), ram.end());
        codeFrame = frames.allocate(4096, 4096);
        for (int i = 0; i < program.length; i++) ram.writeInt(codeFrame + 4L * i, program[i]);
        cpu.enableMmu();
    }

    /** A fresh address space with the program and {@code pages} data pages of the given permissions. */
    TranslationTable addressSpace(int pages, PagePermissions permissions) {
        TranslationTable table = TranslationTable.create(ram, frames);
        table.mapPage(CODE, codeFrame, PagePermissions.READ_EXECUTE);
        table.mapPages(DATA, frames.allocate(pages * 4096, 4096), pages, permissions);
        return table;
    }

    void enter(TranslationTable table, int asid, int r0, int r1, int r2) {
        cpu.switchAddressSpace(table.l1Base(), asid);
        cpu.invalidateCode();
        cpu.setRegisters(RegisterFile.userEntry(CODE, 0).with(0, r0).with(1, r1).with(2, r2).with(4, DATA));
    }

    @Override
    public void close() {
        cpu.close();
        ram.close();
    }
}
