package ecusim.emulator.cpu;

import ecusim.emulator.cost.CostModel;
import ecusim.emulator.decode.AccessPattern;
import ecusim.emulator.decode.AccessRange;
import ecusim.emulator.decode.ArmDecoder;
import ecusim.emulator.decode.DecodedInstruction;
import ecusim.emulator.memory.PhysicalRam;
import ecusim.emulator.mmu.AccessType;
import ecusim.emulator.mmu.FaultKind;
import ecusim.emulator.mmu.PageTableWalker;
import ecusim.emulator.unicorn.Unicorn;
import ecusim.emulator.unicorn.UnicornException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * One emulated ARMv7-A core running user-mode code over physical RAM, with the guest's own MMU.
 *
 * <p>{@link #run(long)} executes until an exception or the instruction budget and returns a
 * {@link CpuEvent}. Instruction counts are architectural: every instruction in a Thumb IT block counts,
 * condition-failed or not. Counting happens per translated block in a native shim; a block that would
 * overrun the budget is refused before it executes and its first k instructions are then run with an
 * {@code until} address, so budgets stop exactly. Blocks cut short by an exception are corrected from the
 * faulting PC. Cycles come from the {@link CostModel}, per block, priced once.
 *
 * <p>Unicorn reports exceptions but does not take them (no mode change, no vector jump); DFAR and DFSR stay
 * zero, so data aborts are classified by decoding the faulting instruction and walking the tables here.
 */
public final class ArmCpu implements AutoCloseable {
    /** A PC no ARM code can reach (odd and not Thumb-aligned as a 32-bit fetch): "run until stopped". */
    private static final long NEVER = 0xFFFF_FFFFL;
    private static final int INTR_UNDEFINED = 1, INTR_SVC = 2, INTR_PREFETCH_ABORT = 3, INTR_DATA_ABORT = 4,
            INTR_BKPT = 7, EXCP_UNHANDLED = -1;
    private static final int UC_ERR_INSN_INVALID = 10, UC_ERR_EXCEPTION = 21;
    private static final int BLOCK_TABLE_CAPACITY = 1 << 16, NEW_BLOCK_CAPACITY = 1 << 14;

    private final Unicorn engine;
    private final PhysicalRam ram;
    private final CostModel costs;
    private final Accounting accounting;
    private final ArmDecoder decoder;
    private final BlockProfiler profiler;
    private final PageTableWalker walker;
    private final Map<Long, DecodedInstruction> abortDecodeCache = new HashMap<>();
    private final long[] batch = new long[64];
    private final int[] gprScratch = new int[16];
    /**
     * What the engine's VFP registers, FPSCR, TPIDRURW and TPIDRURO hold, as last read or written through a register file,
     * valid while {@code knownState} (cleared when the host writes a single register) and the guest has
     * run no block that may write them (see {@link #extendedStateHeld()}).
     */
    private final long[] knownVfp = new long[32];
    private final int[] gprOut = new int[16];
    private int knownTpidrurw, knownTpidruro, knownFpscr;
    private boolean knownState;
    private final IntUnaryOperator gprView = n -> gprScratch[n];
    private final BlockProfiler.CodeReader codeReader = this::readCode;
    private long l1Base;
    private int codeSpace;
    private int quietStopPc = 1; // odd: no instruction is there
    private long quietStopInstructions = -1;
    private int asid;
    private boolean mmuOn;
    /** Whether the engine has run at all: before, it has translated nothing that could be forgotten. */
    private boolean started;
    private InstructionTracer tracer;
    /**
     * Host bytes the engine's translation buffer may hold, estimated from the blocks translated since it was
     * last flushed: each block the shim meets as new, and each block cut by a budget (translated twice).
     * Pessimistic per block (QEMU emits some 20-60 host bytes per ARM instruction, plus the block's header,
     * exits and the hook call), so that {@link #makeTranslationRoom} flushes long before the buffer is full.
     */
    private long translatedBytes;
    private static final int TRANSLATED_BYTES_PER_BLOCK = 512, TRANSLATED_BYTES_PER_INSTRUCTION = 160;

    private final boolean instrumented;

    private ArmCpu(CpuModel model, PhysicalRam ram, CostModel costs, boolean instrumented, int blockTableCapacity) {
        this.instrumented = instrumented;
        this.ram = ram;
        this.costs = costs;
        this.engine = Unicorn.openArm(model.unicornId());
        try {
            engine.mapHostMemory(ram.base(), ram.segment(), Unicorn.PROT_ALL);
            this.accounting = new Accounting(engine, ram, blockTableCapacity, NEW_BLOCK_CAPACITY, instrumented);
            this.decoder = new ArmDecoder();
            // VFP usable from user mode: CPACR cp10/cp11 full access, FPEXC.EN.
            engine.writeCp15(1, 0, 0, 2, 0x00F0_0000L);
            engine.writeRegister(ArmReg.UC_FPEXC, 0x4000_0000);
            engine.writeRegister(ArmReg.UC_CPSR, RegisterFile.CPSR_USER);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        this.profiler = new BlockProfiler(decoder, costs);
        this.walker = new PageTableWalker(ram);
    }

    /** A core of {@code model} over {@code ram}, priced by {@code costs}; starts in user mode, MMU off. */
    public static ArmCpu create(CpuModel model, PhysicalRam ram, CostModel costs) {
        return new ArmCpu(model, ram, costs, true, BLOCK_TABLE_CAPACITY);
    }

    /** A core whose block table holds only {@code capacity} blocks, so tests can exercise its eviction. */
    static ArmCpu createWithBlockTable(CpuModel model, PhysicalRam ram, CostModel costs, int capacity) {
        return new ArmCpu(model, ram, costs, true, capacity);
    }

    /**
     * The same core without instruction accounting (no block hook): counts nothing and ignores budgets,
     * running until an exception. Exists to measure what accounting costs, side by side.
     */
    public static ArmCpu createUninstrumented(CpuModel model, PhysicalRam ram, CostModel costs) {
        return new ArmCpu(model, ram, costs, false, BLOCK_TABLE_CAPACITY);
    }

    // ---------------------------------------------------------------- memory side (optional)

    /**
     * One data access of the trace: by which instruction (the count of instructions retired before it, exact),
     * at which physical address (Unicorn hands data accesses over translated), how wide, read or write.
     */
    public record MemoryAccess(long instruction, int pc, long physicalAddress, int size, boolean write) {}

    private MemorySide memorySide;

    private MemorySide memorySide() {
        if (!instrumented) throw new IllegalStateException("an uninstrumented core has no memory side");
        if (memorySide == null) {
            memorySide = new MemorySide(engine, accounting.state());
            engine.flushTranslations(); // code translated before the data-access hook existed would bypass it
            accounting.clearTable();
            translatedBytes = 0;
        }
        return memorySide;
    }

    /**
     * Turns on the cache model (off by default): from now on every block fetches its lines through L1 I and
     * every load and store goes through L1 D, and misses are charged ({@link CacheModel#L1_MISS},
     * {@link CacheModel#L2_MISS}). Its tags are CPU state ({@link #cacheContent}). Slows emulation: every
     * data access then calls the shim.
     */
    public void enableCacheModel(CacheModel model) {
        if (memorySide != null && memorySide.cacheEnabled()) throw new IllegalStateException("the cache model is on already");
        memorySide().enableCache(engine, model, costs.cycles(CacheModel.L1_MISS), costs.cycles(CacheModel.L2_MISS));
    }

    public boolean cacheModelEnabled() {
        return memorySide != null && memorySide.cacheEnabled();
    }

    /** Misses and accesses of the cache model so far (zeros when it is off). */
    public CacheModel.Stats cacheStats() {
        return cacheModelEnabled() ? memorySide.stats() : new CacheModel.Stats(0, 0, 0, 0);
    }

    /** Cleans and invalidates every cache line (nothing is charged: whoever flushes charges the flush). */
    public void flushCaches() {
        if (cacheModelEnabled()) memorySide.invalidateCaches();
    }

    /** The cache model's tags (empty when it is off), for a snapshot. */
    public byte[] cacheContent() {
        return cacheModelEnabled() ? memorySide.cacheContent() : new byte[0];
    }

    /** Puts back tags from {@link #cacheContent}. */
    public void restoreCacheContent(byte[] content) {
        if (!cacheModelEnabled()) {
            if (content.length != 0) throw new IllegalArgumentException("cache content for a core without the cache model");
            return;
        }
        memorySide.restoreCacheContent(content);
    }

    /** Starts recording data accesses into a buffer of {@code capacity} records; drain it after every run. */
    public void startMemoryTrace(int capacity) {
        if (memorySide().startTrace(engine, capacity)) {
            engine.flushTranslations(); // the code hook reaches only code translated after it
            accounting.clearTable();
            translatedBytes = 0;
        }
    }

    public void stopMemoryTrace() {
        if (memorySide != null) memorySide.stopTrace();
    }

    /**
     * Hands the data accesses recorded since the last drain to {@code sink}, in order, and empties the
     * buffer; fails if some did not fit (the run was too long for its capacity).
     */
    public int drainMemoryTrace(java.util.function.Consumer<MemoryAccess> sink) {
        if (memorySide == null) return 0;
        return memorySide.drain((insns, blockVa, address, pc, size, kind) -> {
            if (kind != 2) sink.accept(new MemoryAccess(insns, pc, Integer.toUnsignedLong(address), size, kind == 1));
        });
    }

    /** An executed instruction of the trace: how many had retired before it (exact), its address and instruction set. */
    public record ExecutedInstruction(long instruction, int pc, boolean thumb) {}

    /**
     * Also records every executed instruction in the trace (on or off; {@link #startMemoryTrace} first).
     * Condition-failed instructions of Thumb IT blocks are not recorded (they execute nothing) but count.
     */
    public void traceInstructions(boolean on) {
        memorySide().traceInstructions(on);
    }

    /** As {@link #drainMemoryTrace}, with the executed instructions too, all in the order they happened. */
    public int drainTrace(java.util.function.Consumer<MemoryAccess> data, java.util.function.Consumer<ExecutedInstruction> executed) {
        if (memorySide == null) return 0;
        return memorySide.drain((insns, blockVa, address, pc, size, kind) -> {
            if (kind == 2) executed.accept(new ExecutedInstruction(insns, pc, address != 0));
            else data.accept(new MemoryAccess(insns, pc, Integer.toUnsignedLong(address), size, kind == 1));
        });
    }

    public boolean instrumented() {
        return instrumented;
    }

    public PhysicalRam ram() {
        return ram;
    }

    public CostModel costs() {
        return costs;
    }

    // ---------------------------------------------------------------- counting

    /** Architectural instructions executed so far. */
    public long instructions() {
        return accounting.instructions();
    }

    /** Modelled cycles so far: instructions plus whatever the platform charged with {@link #charge}. */
    public long cycles() {
        return accounting.cycles();
    }

    /**
     * Sets the instruction and cycle totals, which are the virtual clock: restoring a snapshot puts the CPU
     * back at the instant it was taken. Nothing else changes (translated code stays valid).
     */
    public void restoreCounters(long instructions, long cycles) {
        if (instructions < 0 || cycles < 0) throw new IllegalArgumentException("negative totals " + instructions + ", " + cycles);
        accounting.setTotals(instructions, cycles);
    }

    /** Charges {@code cycles} of platform work (kernel operations) to this core's clock. */
    public void charge(long cycles) {
        if (cycles < 0) throw new IllegalArgumentException("negative charge " + cycles);
        accounting.addCycles(cycles);
    }

    // ---------------------------------------------------------------- registers

    /**
     * Reads the complete user-visible register state in one batch: CPSR and r0-r15 always; FPSCR, the VFP
     * registers and TPIDRURW only when the guest may have written them (see {@link #extendedStateHeld()});
     * TPIDRURO is the host's to write, so it is what the host last wrote.
     */
    public RegisterFile registers() {
        boolean held = extendedStateHeld();
        engine.readRegisters(REGISTER_FILE_IDS, batch, held ? CORE_REGISTERS : REGISTER_FILE_IDS.length);
        int cpsr = (int) batch[0];
        int[] gpr = gprOut;
        for (int i = 0; i < 16; i++) gpr[i] = (int) batch[1 + i];
        if ((cpsr & RegisterFile.CPSR_T) != 0) gpr[15] &= ~1;
        if (!held) {
            knownTpidruro = (int) batch[TPIDRURO_AT];
            knownFpscr = (int) batch[FPSCR_AT];
            System.arraycopy(batch, VFP_AT, knownVfp, 0, 32);
            knownTpidrurw = (int) engine.readCp15(13, 0, 0, 2);
        }
        knownState = true;
        accounting.clearExtendedStateTouched();
        return new RegisterFile(gpr, cpsr, knownVfp, knownFpscr, knownTpidrurw, knownTpidruro); // copies the arrays
    }

    /**
     * Writes the complete register state, CPSR first so that banked registers land in its mode. FPSCR, the
     * VFP registers and TPIDRURW are left alone when they already hold what {@code r} has, as they do on
     * most context switches (the registers of the thread switched away from were just read).
     */
    public void setRegisters(RegisterFile r) {
        batch[0] = r.cpsr() & 0xFFFF_FFFFL;
        for (int i = 0; i < 16; i++) batch[1 + i] = r.r(i) & 0xFFFF_FFFFL;
        batch[16] = (r.pc() | (r.thumb() ? 1 : 0)) & 0xFFFF_FFFFL; // Unicorn takes the T bit from PC bit 0
        batch[TPIDRURO_AT] = r.tpidruro() & 0xFFFF_FFFFL;
        long[] vfp = r.vfpShared();
        boolean held = extendedStateHeld();
        boolean vfpHeld = held && r.fpscr() == knownFpscr && Arrays.equals(vfp, knownVfp);
        if (!vfpHeld) {
            batch[FPSCR_AT] = r.fpscr() & 0xFFFF_FFFFL;
            System.arraycopy(vfp, 0, batch, VFP_AT, 32);
        }
        engine.writeRegisters(REGISTER_FILE_IDS, batch, vfpHeld ? FPSCR_AT : REGISTER_FILE_IDS.length);
        if (!held || r.tpidrurw() != knownTpidrurw) engine.writeCp15(13, 0, 0, 2, r.tpidrurw() & 0xFFFF_FFFFL);
        System.arraycopy(vfp, 0, knownVfp, 0, 32);
        knownFpscr = r.fpscr();
        knownTpidrurw = r.tpidrurw();
        knownTpidruro = r.tpidruro();
        knownState = true;
        accounting.clearExtendedStateTouched();
    }

    /**
     * Whether the engine's FPSCR, VFP registers and TPIDRURW still hold what the host last read or wrote
     * ({@link #knownFpscr}, {@link #knownVfp}, {@link #knownTpidrurw}): the host has written no single
     * register since, and the guest has run no block that may write them (the shim keeps a sticky flag of
     * such blocks; most code, the IPC path among it, has none, so a context switch reads 17 registers
     * instead of 51 and skips a coprocessor read).
     */
    private boolean extendedStateHeld() {
        return knownState && instrumented && !accounting.extendedStateTouched();
    }

    /**
     * Batch order: CPSR, r0..r15 (what the guest changes all the time), TPIDRURO (written by the host only),
     * then FPSCR and d0..d31 (last, so that a batch can stop before them).
     */
    private static final int[] REGISTER_FILE_IDS = buildRegisterFileIds();
    private static final int CORE_REGISTERS = 17, TPIDRURO_AT = 17, FPSCR_AT = 18, VFP_AT = 19;

    private static int[] buildRegisterFileIds() {
        int[] ids = new int[VFP_AT + 32];
        ids[0] = ArmReg.UC_CPSR;
        System.arraycopy(ArmReg.GPR_IDS, 0, ids, 1, 16);
        ids[TPIDRURO_AT] = ArmReg.UC_TPIDRURO;
        ids[FPSCR_AT] = ArmReg.UC_FPSCR;
        for (int i = 0; i < 32; i++) ids[VFP_AT + i] = ArmReg.UC_D0 + i;
        return ids;
    }

    public int register(ArmReg reg) {
        int value = engine.readRegister(reg.unicornId());
        return reg == ArmReg.PC ? value & ~1 : value;
    }

    public void setRegister(ArmReg reg, int value) {
        knownState = false;
        if (reg == ArmReg.PC) value = (value & ~1) | (thumb() ? 1 : 0);
        engine.writeRegister(reg.unicornId(), value);
    }

    public boolean thumb() {
        return (engine.readRegister(ArmReg.UC_CPSR) & RegisterFile.CPSR_T) != 0;
    }

    /** r0..r3 into {@code out} in one batch: a system call's arguments (each exit costs native calls). */
    public void systemCallArguments(int[] out) {
        engine.readRegisters(ArmReg.GPR_IDS, batch, 4);
        for (int i = 0; i < 4; i++) out[i] = (int) batch[i];
    }

    /** Sets r0, r1 and r2 in one batch: a system call's results. */
    public void setSystemCallResults(int r0, int r1, int r2) {
        batch[0] = r0 & 0xFFFF_FFFFL;
        batch[1] = r1 & 0xFFFF_FFFFL;
        batch[2] = r2 & 0xFFFF_FFFFL;
        engine.writeRegisters(ArmReg.GPR_IDS, batch, 3);
    }

    /** PC (bit 0 clear) and CPSR in one batch, into {@code pcAndCpsr}. */
    private void readPcAndCpsr() {
        engine.readRegisters(PC_CPSR_IDS, pcAndCpsr, 2);
    }

    private static final int[] PC_CPSR_IDS = {ArmReg.PC.unicornId(), ArmReg.UC_CPSR};
    private final long[] pcAndCpsr = new long[2];

    // ---------------------------------------------------------------- MMU and TLB

    /**
     * Switches to the address space whose L1 table is at {@code l1Base}, tagged with {@code asid}: writes
     * TTBR0 and invalidates the TLB (what a context switch does on ARMv7 without ASID reuse tracking). The
     * ASID is kept for TLB maintenance by address, not written to CONTEXTIDR: user code cannot read it, and
     * the engine's TLB is not tagged with it (measured: one coprocessor access less per IPC). The space's L1
     * address also keys the caches of decoded code.
     */
    public void switchAddressSpace(long l1Base, int asid) {
        switchAddressSpace(l1Base, asid, (int) l1Base);
    }

    /**
     * As {@link #switchAddressSpace(long, int)}, with {@code codeSpace} keying the caches of decoded code
     * (block prices, instruction decodes). A kernel that deletes address spaces and reuses their tables
     * passes a key it never reuses, so code decoded in a deleted space is never taken for another's.
     */
    public void switchAddressSpace(long l1Base, int asid, int codeSpace) {
        if ((l1Base & 0x3FFF) != 0 || !ram.contains(l1Base, 16 * 1024)) {
            throw new IllegalArgumentException("L1 table at 0x" + Long.toHexString(l1Base) + " not 16 KiB aligned in RAM");
        }
        this.l1Base = l1Base;
        this.codeSpace = codeSpace;
        this.asid = asid & 0xFF;
        engine.writeCp15(2, 0, 0, 0, l1Base);          // TTBR0
        flushTlb();
        accounting.setAddressSpace(codeSpace, mmuOn, l1Base);
    }

    /** Turns the MMU on: TTBR0 covers all 4 GiB (TTBCR 0), every domain is a client (AP bits checked). */
    public void enableMmu() {
        engine.writeCp15(2, 0, 0, 2, 0);                  // TTBCR
        engine.writeCp15(3, 0, 0, 0, 0x5555_5555L);       // DACR: all clients
        long sctlr = engine.readCp15(1, 0, 0, 0);
        engine.writeCp15(1, 0, 0, 0, sctlr | 1);          // SCTLR.M
        mmuOn = true;
        flushTlb();
        accounting.setAddressSpace(codeSpace, true, l1Base);
    }

    public boolean mmuEnabled() {
        return mmuOn;
    }

    public long translationTableBase() {
        return l1Base;
    }

    /** TLBIALL. */
    public void flushTlb() {
        engine.writeCp15(8, 7, 0, 0, 0);
    }

    /** TLBIMVA for the page holding {@code va} in the current ASID. */
    public void flushTlbPage(int va) {
        engine.writeCp15(8, 7, 0, 1, ((va & 0xFFFF_F000L) | asid));
    }

    /**
     * Forgets all translated code and the block accounting derived from it. Call after the host wrote
     * guest code into RAM (loading an image, restoring a checkpoint): Unicorn 2.1 notices guest stores to
     * code pages, not host writes.
     */
    public void invalidateCode() {
        engine.flushTranslations();
        drainNewBlocks();
        accounting.clearTable();
        profiler.clear();
        abortDecodeCache.clear();
        translatedBytes = 0;
    }

    /**
     * Forgets the code translated from {@code [va, va + length)} of the address space whose L1 table is at
     * {@code l1Base} (the current one or another): call before a page that held code is unmapped for good,
     * since its frame will serve others and Unicorn notices host writes to it no more than guest code does.
     * Unlike {@link #invalidateCode()}, which drops every translation and costs about a second of host time
     * on Unicorn 2.1, this drops only the blocks of those pages. Unicorn finds them through the MMU, so the
     * space is switched in for the moment if it is not the current one.
     */
    public void forgetCode(long l1Base, int va, int length) {
        forgetCode(l1Base, (int) l1Base, va, length);
    }

    /**
     * As {@link #forgetCode(long, int, int)} for the space whose decoded code is keyed by {@code codeSpace}
     * (see {@link #switchAddressSpace(long, int, int)}): the counts and prices of its blocks there and the
     * decodes of its faulting instructions there are dropped as well, as the code will differ.
     */
    public void forgetCode(long l1Base, int codeSpace, int va, int length) {
        if (!started) return; // nothing has run: no block counted, priced, decoded or translated yet
        long start = va & 0xFFFF_FFFFL, end = start + length;
        accounting.forgetBlocks(codeSpace, start, end);
        profiler.forget(codeSpace, start, end);
        abortDecodeCache.keySet().removeIf(k -> (int) (k >>> 32) == codeSpace && (k & 0xFFFF_FFFFL) >= start && (k & 0xFFFF_FFFFL) < end);
        if (!mmuOn) return; // nothing has run with translation on: nothing was translated through these tables
        boolean other = l1Base != this.l1Base;
        if (other) {
            engine.writeCp15(2, 0, 0, 0, l1Base);
            flushTlb();
        }
        try {
            for (long page = start & ~0xFFFL; page < end; page += PhysicalRam.PAGE_SIZE) {
                engine.removeTranslations(page, page + PhysicalRam.PAGE_SIZE);
            }
        } finally {
            if (other) {
                engine.writeCp15(2, 0, 0, 0, this.l1Base);
                flushTlb();
            }
        }
    }

    /** Translates a user virtual address in the current address space, or returns a negative fault code. */
    public long translate(int va, AccessType type) {
        return mmuOn ? walker.walk(l1Base, va, type) : va & 0xFFFF_FFFFL;
    }

    /** Reads guest virtual memory in the current address space with host privileges (mapping required). */
    public void readVirtual(int va, byte[] into, int offset, int length) {
        accessVirtual(va, into, offset, length, false);
    }

    /**
     * Writes guest virtual memory in the current address space with host privileges (mapping required, else
     * an {@link IllegalArgumentException} names the address). Where a written page is executable, its
     * translated code in this space is dropped, so that the new bytes are what runs next (Unicorn notices
     * guest stores to code, not the host's).
     */
    public void writeVirtual(int va, byte[] from, int offset, int length) {
        accessVirtual(va, from, offset, length, true);
    }

    /** Reads or writes page by page through the current tables; a write to an executable page forgets its code. */
    private void accessVirtual(int va, byte[] buffer, int offset, int length, boolean write) {
        int done = 0;
        while (done < length) {
            int address = va + done;
            int chunk = Math.min(length - done, PhysicalRam.PAGE_SIZE - (address & 0xFFF));
            long pa = mmuOn ? physicalOf(address) : address & 0xFFFF_FFFFL;
            if (write) {
                ram.write(pa, buffer, offset + done, chunk);
                if (!mmuOn || translate(address, AccessType.EXECUTE) >= 0) forgetCode(l1Base, codeSpace, address, chunk);
            } else {
                ram.read(pa, buffer, offset + done, chunk);
            }
            done += chunk;
        }
    }

    private long physicalOf(int va) {
        var translation = walker.translate(l1Base, va);
        if (translation == null) throw new IllegalArgumentException("no mapping at 0x" + Integer.toHexString(va));
        return translation.physical();
    }

    private byte[] readCode(int va, int length) {
        byte[] bytes = new byte[length];
        readVirtual(va, bytes, 0, length);
        return bytes;
    }

    // ---------------------------------------------------------------- tracing

    /** Streams every executed instruction to {@code tracer} (slow: a Java upcall per instruction); null stops it. */
    public void setTracer(InstructionTracer tracer) {
        if (this.tracer != null) this.tracer.detach(engine);
        this.tracer = tracer;
        if (tracer != null) tracer.attach(engine, this);
    }

    ArmDecoder decoder() {
        return decoder;
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs user code from the current PC for at most {@code maxInstructions} architectural instructions and
     * reports what stopped it.
     */
    public CpuEvent run(long maxInstructions) {
        return run(maxInstructions, Long.MAX_VALUE);
    }

    /**
     * Runs user code for at most {@code maxInstructions} instructions and until the cycle total reaches
     * {@code cycleDeadline}: it stops at the first instruction boundary where {@link #cycles()} is at least
     * the deadline (how a time slice in virtual time ends), or at an exception.
     */
    public CpuEvent run(long maxInstructions, long cycleDeadline) {
        if (maxInstructions < 0) throw new IllegalArgumentException("negative budget " + maxInstructions);
        long target = instrumented ? accounting.instructions() + maxInstructions : Long.MAX_VALUE;
        long deadline = instrumented ? cycleDeadline : Long.MAX_VALUE;
        try {
            while (true) {
                if (accounting.instructions() == target || accounting.cycles() >= deadline) return new CpuEvent.BudgetExhausted();
                makeTranslationRoom();
                accounting.setBudget(target);
                accounting.setCycleBudget(deadline);
                accounting.clearStop();
                start(resumeAddress(), NEVER);
                drainNewBlocks();
                switch (accounting.stopReason()) {
                    case Accounting.STOP_NEW_BLOCK -> { } // priced by drainNewBlocks; resume
                    case Accounting.STOP_TABLE_FULL -> accounting.clearTable();
                    case Accounting.STOP_BUDGET -> {
                        CpuEvent event = finishInsideBlock(target, deadline);
                        if (event != null) return event; // else a hint or WFI inside the block: run on
                    }
                    case Accounting.STOP_EXCEPTION -> {
                        CpuEvent event = exception();
                        if (event != null) return event; // else a hint (YIELD, WFE): run on
                    }
                    default -> { // a WFI halted the core: user code has nothing to wait for, so it runs on
                        if (!progressSinceLastQuietStop(register(ArmReg.PC))) {
                            throw new IllegalStateException("emulation stops without a reason at pc 0x" + Integer.toHexString(register(ArmReg.PC)));
                        }
                    }
                }
            }
        } finally {
            accounting.setBudget(Long.MAX_VALUE);
            accounting.setCycleBudget(Long.MAX_VALUE);
            if (tracer != null) tracer.flush();
        }
    }

    /**
     * Flushes the engine's translations when its buffer may be half full (see {@link #translatedBytes}). The
     * block table goes too, so that every block the engine translates again is met as new and estimated
     * again; the blocks' prices stay, so re-entering one costs a stop and a lookup, not a decode.
     */
    private void makeTranslationRoom() {
        if (translatedBytes < Unicorn.TRANSLATION_BUFFER_BYTES / 2) return;
        engine.flushTranslations();
        accounting.clearTable();
        translatedBytes = 0;
    }

    private void translated(int instructions, int times) {
        translatedBytes += (long) times * (TRANSLATED_BYTES_PER_BLOCK + (long) TRANSLATED_BYTES_PER_INSTRUCTION * instructions);
    }

    private long resumeAddress() {
        readPcAndCpsr();
        int pc = (int) pcAndCpsr[0] & ~1;
        return (pc | ((pcAndCpsr[1] & RegisterFile.CPSR_T) != 0 ? 1 : 0)) & 0xFFFF_FFFFL;
    }

    /**
     * The block at PC was refused because running it whole would pass a budget; null if a hint (YIELD, WFE,
     * WFI) ended the run before the budget's instruction, which the caller then resumes. Runs exactly its first k
     * instructions, k being where the instruction budget ends or the first boundary at which the cycles reach
     * the deadline. For k inside the block, the run stops at the address of instruction k: the block is
     * straight-line code, so that address is reached in order, and its translation is dropped before and
     * after because Unicorn checks {@code until} at translation time only. For k = the whole block (its last
     * instruction crosses the deadline), the block runs under an exact instruction budget instead, since its
     * end may be a branch.
     */
    private CpuEvent finishInsideBlock(long target, long deadline) {
        int va = accounting.refusedVa();
        int size = accounting.refusedSize();
        boolean thumb = accounting.refusedThumb();
        int pc = engine.readRegister(ArmReg.PC.unicornId()) & ~1;
        BlockProfile profile = profiler.profile(va, size, thumb, codeSpace, codeReader);
        if (pc != va) {
            // With the Java tracer's code hook attached, Unicorn stops a refused block a few instructions late
            // (measured on 2.1.1): count what ran; the limit is then passed by less than one block. (The memory
            // side's native code hook takes the stop itself, before the block's first instruction: kept as a net.)
            int ran = tracer == null && (memorySide == null || !memorySide.codeHooked()) ? -1 : profile.indexAt(pc - va);
            if (ran <= 0) throw new AssertionError("refused block 0x" + Integer.toHexString(va) + " but pc 0x" + Integer.toHexString(pc));
            accounting.uncount(-ran, -profile.cyclePrefix()[ran]);
            return new CpuEvent.BudgetExhausted();
        }
        int n = profile.instructions();
        long startInstructions = accounting.instructions(), startCycles = accounting.cycles();
        // The refused block may follow one that used the budget up exactly: then nothing more runs.
        if (startInstructions >= target || startCycles >= deadline) return new CpuEvent.BudgetExhausted();
        int k = (int) Math.min(n, target - startInstructions);
        for (int i = 1; i < k; i++) {
            if (startCycles + profile.cyclePrefix()[i] >= deadline) {
                k = i;
                break;
            }
        }
        // k already accounts for the deadline: from here only the exact instruction count bounds the run.
        accounting.setCycleBudget(Long.MAX_VALUE);
        accounting.setBudget(startInstructions + k);
        if (k < n) {
            translated(n, 2); // translated with the exit, and again without it when next reached
            profiler.notePrefix(va, codeSpace, profile, k);
        }
        do { // a cut block is new to the shim the first time: it stops, the block is priced, and we go again
            accounting.clearStop();
            if (k < n) {
                int stopAt = va + profile.offsets()[k];
                engine.removeTranslations(va & 0xFFFF_FFFFL, (va & 0xFFFF_FFFFL) + size);
                try {
                    start((va | (thumb ? 1 : 0)) & 0xFFFF_FFFFL, stopAt & 0xFFFF_FFFFL);
                } finally {
                    engine.removeTranslations(va & 0xFFFF_FFFFL, (va & 0xFFFF_FFFFL) + size);
                }
            } else {
                start(resumeAddress(), NEVER);
            }
            drainNewBlocks();
            if (accounting.stopReason() == Accounting.STOP_TABLE_FULL) accounting.clearTable();
        } while (accounting.stopReason() == Accounting.STOP_NEW_BLOCK || accounting.stopReason() == Accounting.STOP_TABLE_FULL);
        int reason = accounting.stopReason();
        if (reason == Accounting.STOP_EXCEPTION) return exception(); // null for a hint: the caller runs on
        long ran = accounting.instructions() - startInstructions;
        boolean expected = k < n ? reason == Accounting.STOP_NONE : reason == Accounting.STOP_BUDGET;
        if (ran == k && (expected || reason == Accounting.STOP_NONE)) return new CpuEvent.BudgetExhausted(); // NONE: a WFI was the k-th
        // A WFI halted the core before the k-th instruction: the caller runs on from the next one.
        if (reason == Accounting.STOP_NONE && ran < k && progressSinceLastQuietStop(register(ArmReg.PC))) return null;
        throw new AssertionError("inside block 0x" + Integer.toHexString(va) + ": stop " + reason + " after " + ran + " instructions, expected " + k);
    }

    /**
     * Starts the engine. Unicorn 2.1 reports an undefined instruction not through the interrupt hook but by
     * returning UC_ERR_INSN_INVALID from uc_emu_start (PC at the instruction); it becomes the same
     * exception stop here. A failure inside the tracer's hook (the trace cannot be written) surfaces here.
     */
    private void start(long begin, long until) {
        started = true;
        if (memorySide != null) memorySide.clearDeferredStop();
        if (!instrumented) knownState = false; // else the shim's flag says whether the guest wrote them
        try {
            engine.start(begin, until);
        } catch (UnicornException e) {
            // Unicorn ends a YIELD or WFE with an exception it does not deliver; see exception().
            if (e.error() == UC_ERR_EXCEPTION) accounting.stopWithException(EXCP_UNHANDLED);
            else if (e.error() == UC_ERR_INSN_INVALID) accounting.stopWithException(INTR_UNDEFINED);
            else throw e;
        }
        if (tracer != null) tracer.rethrowFailure();
    }

    /** Prices the blocks the shim met for the first time. */
    private void drainNewBlocks() {
        int count = accounting.newBlockCount();
        for (int i = 0; i < count; i++) {
            int entry = accounting.newBlock(i);
            if (!accounting.entryIsNew(entry)) continue;
            BlockProfile profile = profiler.profile(accounting.entryVa(entry), accounting.entrySize(entry),
                    accounting.entryThumb(entry), accounting.entryAsid(entry), codeReader);
            if (profile.instructions() != accounting.entryInstructions(entry)) {
                throw new AssertionError("block 0x" + Integer.toHexString(accounting.entryVa(entry)) + ": shim counted "
                        + accounting.entryInstructions(entry) + " instructions, decoder " + profile.instructions());
            }
            accounting.resolve(entry, profile.cycles(), profile.writesExtendedState());
            translated(profile.instructions(), 1);
        }
        accounting.drainedNewBlocks();
    }

    /** The event of the exception that stopped the engine, or null for a hint (YIELD, WFE) that only yields the core. */
    private CpuEvent exception() {
        int intno = accounting.interrupt();
        readPcAndCpsr();
        boolean thumb = (pcAndCpsr[1] & RegisterFile.CPSR_T) != 0;
        int pc = (int) pcAndCpsr[0] & ~1;
        if (intno != INTR_SVC) uncountFrom(pc);
        return switch (intno) {
            case INTR_SVC -> {
                int svcAddress = pc - (thumb ? 2 : 4);
                byte[] insn = new byte[thumb ? 2 : 4];
                readVirtual(svcAddress, insn, 0, insn.length);
                int immediate = thumb ? insn[0] & 0xFF
                        : (insn[0] & 0xFF) | (insn[1] & 0xFF) << 8 | (insn[2] & 0xFF) << 16;
                yield new CpuEvent.SystemCall(svcAddress, immediate, thumb);
            }
            case INTR_DATA_ABORT -> dataAbort(pc, thumb);
            case INTR_PREFETCH_ABORT -> new CpuEvent.PrefetchAbort(pc,
                    translate(pc, AccessType.EXECUTE) == PageTableWalker.PERMISSION_FAULT ? FaultKind.PERMISSION : FaultKind.TRANSLATION);
            case INTR_BKPT -> new CpuEvent.Breakpoint(pc);
            case INTR_UNDEFINED, EXCP_UNHANDLED -> hintStop(pc, thumb) ? null : new CpuEvent.UndefinedInstruction(pc);
            default -> new CpuEvent.UndefinedInstruction(pc); // hvc/smc-like traps are undefined in user mode
        };
    }

    /**
     * Whether the engine stopped because of a hint that only yields the core (YIELD, WFE): Unicorn reports
     * one as an undefined instruction, or as an exception it does not name, with the PC already past it. For
     * user code it is a no-op. A stop at the same PC again without an instruction in between is no hint.
     */
    private boolean hintStop(int pc, boolean thumb) {
        return afterHint(pc, thumb) && progressSinceLastQuietStop(pc);
    }

    /**
     * Whether instructions ran since the engine last stopped at {@code pc} without an event to report (a
     * hint, a WFI); records this stop. Without progress the same stop would repeat forever.
     */
    private boolean progressSinceLastQuietStop(int pc) {
        long executed = accounting.instructions();
        if (pc == quietStopPc && executed == quietStopInstructions) return false;
        quietStopPc = pc;
        quietStopInstructions = executed;
        return true;
    }

    private boolean afterHint(int pc, boolean thumb) {
        for (int length : thumb ? new int[] {2, 4} : new int[] {4}) {
            if (translate(pc - length, AccessType.EXECUTE) < 0) continue;
            byte[] bytes = new byte[4];
            readVirtual(pc - length, bytes, 0, length);
            DecodedInstruction insn = decoder.decode(bytes, 0, pc - length, thumb);
            if (insn.size() != length) continue;
            String m = ArmDecoder.baseMnemonic(insn.mnemonic());
            if (m.equals("yield") || m.equals("wfe") || m.equals("wfi") || m.equals("sev")) return true;
        }
        return false;
    }

    /** The last block was cut short at {@code pc}: take back what the hook counted for its unexecuted tail. */
    private void uncountFrom(int pc) {
        int va = accounting.lastBlockVa();
        int entry = accounting.lastBlockEntry();
        int size = accounting.entrySize(entry);
        if (accounting.entryVa(entry) != va || Integer.compareUnsigned(pc - va, size) >= 0) return;
        BlockProfile profile = profiler.profile(va, size, accounting.entryThumb(entry), accounting.entryAsid(entry), codeReader);
        int index = profile.indexAt(pc - va);
        if (index < 0) throw new AssertionError("pc 0x" + Integer.toHexString(pc) + " is not an instruction boundary of its block");
        accounting.uncount(profile.instructions() - index, profile.cycles() - profile.cyclePrefix()[index]);
    }

    private CpuEvent dataAbort(int pc, boolean thumb) {
        DecodedInstruction insn = abortDecodeCache.computeIfAbsent(((long) codeSpace << 32) | (pc & 0xFFFF_FFFFL), k -> {
            byte[] bytes = new byte[4];
            readVirtual(pc, bytes, 0, 2);
            int length = thumb ? ArmDecoder.thumbLength((bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8) : 4;
            if (length == 4) readVirtual(pc + 2, bytes, 2, 2);
            return decoder.decode(bytes, 0, pc, thumb);
        });
        AccessPattern pattern = insn.access();
        engine.readRegisters(ArmReg.GPR_IDS, batch, 16);
        for (int i = 0; i < 16; i++) gprScratch[i] = (int) batch[i];
        gprScratch[15] = pc;
        if (pattern == null) {
            // Not a load or store this model decodes (or one Capstone cannot): report it, never fail the run.
            return new CpuEvent.DataAbort(pc, new AccessRange(pc, 0, true, false), pc, FaultKind.UNDECODED, insn.toString());
        }
        boolean carry = (engine.readRegister(ArmReg.UC_CPSR) & RegisterFile.CPSR_C) != 0;
        AccessRange range = pattern.resolve(gprView, carry);
        AccessType type = range.write() ? AccessType.WRITE : AccessType.READ;
        long first = range.start() & 0xFFFF_FFFFL;
        long last = first + Math.max(range.length(), 1) - 1;
        for (long page = first & ~0xFFFL; page <= last; page += PhysicalRam.PAGE_SIZE) {
            int address = (int) Math.max(page, first);
            long result = translate(address, type);
            if (result == PageTableWalker.TRANSLATION_FAULT) return new CpuEvent.DataAbort(pc, range, address, FaultKind.TRANSLATION, insn.toString());
            if (result == PageTableWalker.PERMISSION_FAULT) return new CpuEvent.DataAbort(pc, range, address, FaultKind.PERMISSION, insn.toString());
        }
        return new CpuEvent.DataAbort(pc, range, range.start(), FaultKind.ALIGNMENT, insn.toString());
    }

    @Override
    public void close() {
        try {
            setTracer(null);
            decoder.close();
        } finally {
            engine.close();
        }
    }
}
