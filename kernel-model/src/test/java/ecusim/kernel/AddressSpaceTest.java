package ecusim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.ArmReg;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.BumpFrameAllocator;
import ecusim.emulator.mmu.FaultKind;
import ecusim.emulator.mmu.PagePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task address spaces on the real emulated MMU: mappings, TLB maintenance, isolation, dirty tracking. */
class AddressSpaceTest {
    private static final int CODE = 0x10000, DATA = 0x20000;
    private static final int STR_R0_R1 = 0xe5810000, STR_R0_R2 = 0xe5820000, LDR_R2_R1 = 0xe5912000,
            SVC_1 = 0xef000001, SVC_2 = 0xef000002;

    private final PhysicalRam ram = new PhysicalRam(0x8000_0000L, 16L << 20);
    private final ArmCpu cpu = ArmCpu.create(CpuModel.CORTEX_A9, ram, CostModel.cortexA9());
    private final BumpFrameAllocator frames = new BumpFrameAllocator(ram, ram.base(), ram.end());
    private final Tlb tlb = Tlb.of(cpu);

    @AfterEach
    void close() {
        cpu.close();
        ram.close();
    }

    private AddressSpace space(int asid, int... program) {
        AddressSpace space = AddressSpace.create(ram, frames, asid, tlb);
        long code = frames.allocate(4096, 4096);
        for (int i = 0; i < program.length; i++) ram.writeInt(code + 4L * i, program[i]);
        assertEquals(L4Error.OK, space.map(CODE, code, PagePermissions.READ_EXECUTE));
        return space;
    }

    private long data(AddressSpace space, int va, PagePermissions permissions) {
        long frame = frames.allocate(4096, 4096);
        assertEquals(L4Error.OK, space.map(va, frame, permissions));
        return frame;
    }

    private void enter(AddressSpace space, int r0, int r1, int r2) {
        cpu.switchAddressSpace(space.l1Base(), space.asid());
        if (!cpu.mmuEnabled()) cpu.enableMmu();
        cpu.invalidateCode();
        cpu.setRegisters(RegisterFile.userEntry(CODE, 0).with(0, r0).with(1, r1).with(2, r2));
    }

    @Test
    void userCodeWritesAMappedWritablePage() {
        AddressSpace space = space(1, STR_R0_R1, SVC_1);
        long frame = data(space, DATA, PagePermissions.READ_WRITE);
        enter(space, 0x1234, DATA + 8, 0);
        assertInstanceOf(CpuEvent.SystemCall.class, cpu.run(100));
        assertEquals(0x1234, ram.readInt(frame + 8));
    }

    @Test
    void unmappingAPageTheGuestAlreadyUsedMakesItsNextAccessFault() {
        AddressSpace space = space(1, LDR_R2_R1, SVC_1, LDR_R2_R1, SVC_2);
        data(space, DATA, PagePermissions.READ);
        enter(space, 0, DATA, 0);
        assertInstanceOf(CpuEvent.SystemCall.class, cpu.run(100));
        assertEquals(L4Error.OK, space.unmap(DATA));
        var abort = assertInstanceOf(CpuEvent.DataAbort.class, cpu.run(100), "a stale TLB entry would let the load through");
        assertEquals(FaultKind.TRANSLATION, abort.kind());
    }

    @Test
    void aReadOnlyPageRefusesUserWritesUntilItIsMadeWritable() {
        AddressSpace space = space(1, STR_R0_R1, SVC_1);
        long frame = data(space, DATA, PagePermissions.READ);
        enter(space, 7, DATA, 0);
        assertEquals(FaultKind.PERMISSION, assertInstanceOf(CpuEvent.DataAbort.class, cpu.run(100)).kind());
        assertEquals(L4Error.OK, space.protect(DATA, PagePermissions.READ_WRITE));
        assertInstanceOf(CpuEvent.SystemCall.class, cpu.run(100));
        assertEquals(7, ram.readInt(frame));
    }

    @Test
    void twoSpacesMappingTheSameAddressAreIsolated() {
        AddressSpace a = space(1, LDR_R2_R1, STR_R0_R1, SVC_1);
        AddressSpace b = space(2, LDR_R2_R1, STR_R0_R1, SVC_1);
        long frameA = data(a, DATA, PagePermissions.READ_WRITE);
        long frameB = data(b, DATA, PagePermissions.READ_WRITE);
        enter(a, 0xA, DATA, 0);
        assertInstanceOf(CpuEvent.SystemCall.class, cpu.run(100));
        enter(b, 0xB, DATA, 0);
        assertInstanceOf(CpuEvent.SystemCall.class, cpu.run(100));
        assertEquals(0, cpu.register(ArmReg.R2), "b read its own page, not a's value");
        assertEquals(0xA, ram.readInt(frameA));
        assertEquals(0xB, ram.readInt(frameB));
    }

    @Test
    void writeProtectionRecordsExactlyThePagesWritten() {
        AddressSpace space = space(1, STR_R0_R1, STR_R0_R2, SVC_1);
        for (int p = 0; p < 8; p++) data(space, DATA + p * 4096, PagePermissions.READ_WRITE);
        space.writeProtectAll();
        enter(space, 1, DATA + 4096, DATA + 6 * 4096);
        int faults = 0;
        CpuEvent event;
        while ((event = cpu.run(100)) instanceof CpuEvent.DataAbort abort) {
            assertTrue(space.resolveWriteFault(abort.faultAddress()), "a tracked page");
            faults++;
        }
        assertInstanceOf(CpuEvent.SystemCall.class, event);
        assertEquals(2, faults);
        assertEquals(List.of(DATA + 4096, DATA + 6 * 4096), space.dirtyPages());
        space.writeProtectAll();
        assertEquals(List.of(), space.dirtyPages());
    }

    @Test
    void aWriteToAReallyReadOnlyPageIsNotResolvedAsTracking() {
        AddressSpace space = space(1, STR_R0_R1, SVC_1);
        data(space, DATA, PagePermissions.READ);
        space.writeProtectAll();
        enter(space, 1, DATA, 0);
        var abort = assertInstanceOf(CpuEvent.DataAbort.class, cpu.run(100));
        assertFalse(space.resolveWriteFault(abort.faultAddress()));
        assertFalse(space.page(DATA).dirty());
    }

    @Test
    void mapRejectsUnalignedAndDuplicateMappingsAndUnmapUnknownPages() {
        AddressSpace space = space(1, SVC_1);
        long frame = frames.allocate(4096, 4096);
        assertEquals(L4Error.INVALID, space.map(DATA + 4, frame, PagePermissions.READ));
        assertEquals(L4Error.OK, space.map(DATA, frame, PagePermissions.READ));
        assertEquals(L4Error.EXISTS, space.map(DATA, frame, PagePermissions.READ));
        assertEquals(L4Error.NOT_FOUND, space.unmap(DATA + 4096));
        assertEquals(2, space.mappedPages());
    }

    @Test
    void theShadowRecordsFrameRightsAndAccess() {
        AddressSpace space = space(1, SVC_1);
        long frame = data(space, DATA, PagePermissions.READ_WRITE);
        PageBits bits = space.page(DATA + 0x123);
        assertEquals(frame, bits.frame());
        assertTrue(bits.writable() && !bits.executable() && bits.accessed() && !bits.dirty() && bits.user() && bits.present());
        assertEquals(List.of(CODE, DATA), space.pages().stream().map(java.util.Map.Entry::getKey).toList());
    }
}
