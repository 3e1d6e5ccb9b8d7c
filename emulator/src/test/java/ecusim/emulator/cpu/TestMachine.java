package ecusim.emulator.cpu;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.BumpFrameAllocator;
import ecusim.emulator.mmu.PagePermissions;
import ecusim.emulator.mmu.TranslationTable;

/** A core with the MMU on, code at {@link #CODE} and whatever data pages a test maps. */
final class TestMachine implements AutoCloseable {
    static final int CODE = 0x0001_0000, DATA = 0x0002_0000, STACK_TOP = 0x0010_0000;

    final PhysicalRam ram = new PhysicalRam(0x8000_0000L, 32L << 20);
    final ArmCpu cpu;
    final BumpFrameAllocator frames = new BumpFrameAllocator(ram, ram.base(), ram.end());
    final TranslationTable table = TranslationTable.create(ram, frames);
    private final long codeFrame;

    private TestMachine(byte[] code, boolean thumb, int blockTableCapacity) {
        cpu = blockTableCapacity == 0 ? ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9())
                : ArmCpu.createWithBlockTable(CpuModel.CORTEX_A9, ram, CostModel.cortexA9(), blockTableCapacity);
        long frame = frames.allocate(4096, 4096);
        codeFrame = frame;
        ram.write(frame, code, 0, code.length);
        table.mapPage(CODE, frame, PagePermissions.READ_EXECUTE);
        mapData(STACK_TOP - 4096, 1, PagePermissions.READ_WRITE);
        cpu.switchAddressSpace(table.l1Base(), 1);
        cpu.enableMmu();
        cpu.invalidateCode();
        cpu.setRegisters(RegisterFile.userEntry(CODE | (thumb ? 1 : 0), STACK_TOP));
    }

    static TestMachine arm(int... words) {
        byte[] code = new byte[words.length * 4];
        for (int i = 0; i < words.length; i++) {
            for (int b = 0; b < 4; b++) code[i * 4 + b] = (byte) (words[i] >>> (8 * b));
        }
        return new TestMachine(code, false, 0);
    }

    static TestMachine thumb(int... halfwords) {
        return thumbWithBlockTable(0, halfwords);
    }

    /** Thumb code on a core whose block table holds only {@code capacity} blocks (0: the default size). */
    static TestMachine thumbWithBlockTable(int capacity, int... halfwords) {
        byte[] code = new byte[halfwords.length * 2];
        for (int i = 0; i < halfwords.length; i++) {
            code[i * 2] = (byte) halfwords[i];
            code[i * 2 + 1] = (byte) (halfwords[i] >>> 8);
        }
        return new TestMachine(code, true, capacity);
    }

    /** Replaces the code page's content (the rest zeroed) and restarts at CODE in ARM or Thumb state, registers cleared. */
    void reload(byte[] code, boolean thumb) {
        ram.fill(codeFrame, 4096, (byte) 0);
        ram.write(codeFrame, code, 0, code.length);
        cpu.invalidateCode();
        cpu.setRegisters(RegisterFile.userEntry(CODE | (thumb ? 1 : 0), STACK_TOP));
    }

    /** Maps fresh zeroed pages; returns the physical address of the first. */
    long mapData(int va, int pages, PagePermissions permissions) {
        long first = -1;
        for (int i = 0; i < pages; i++) {
            long frame = frames.allocate(4096, 4096);
            if (first < 0) first = frame;
            table.mapPage(va + i * 4096, frame, permissions);
        }
        cpu.flushTlb();
        return first;
    }

    void set(ArmReg reg, int value) {
        cpu.setRegister(reg, value);
    }

    int get(ArmReg reg) {
        return cpu.register(reg);
    }

    @Override
    public void close() {
        cpu.close();
        ram.close();
    }
}
