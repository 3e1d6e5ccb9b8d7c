package ecusim.emulator.unicorn;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * One Unicorn engine for the ARM architecture. Owns its arena, which holds the scratch buffers the
 * register and coprocessor calls reuse, so calls on the hot path do not allocate; closing the engine
 * closes it deterministically. Not thread-safe: one engine belongs to one simulated CPU.
 */
public final class Unicorn implements AutoCloseable {
    /** {@code uc_arch} / {@code uc_mode} values of unicorn.h. */
    private static final int UC_ARCH_ARM = 1, UC_MODE_ARM = 0;
    /** {@code uc_control_type} numbers and the {@code UC_CTL} encoding of unicorn.h. */
    private static final int CTL_CPU_MODEL = 7, CTL_TB_REMOVE_CACHE = 9, CTL_TB_FLUSH = 10, CTL_TLB_FLUSH = 11, CTL_TCG_BUFFER_SIZE = 13;
    /**
     * Size of the engine's translation buffer. Unicorn 2.1's default (1 GiB) makes the engine's lazy
     * initialisation take about 93 ms and every full translation flush about 17 ms on this machine; with
     * 16 MiB they take about 7 ms and 0.3 ms (C probe, PLATFORM-NOTES). An ECU's guest code translates to far
     * less. The engine must never fill it: Unicorn 2.1.1 then flushes it itself in the middle of a run and
     * crashes (SIGSEGV in tb_set_jmp_target, seen after 300 in-place restores), so ArmCpu flushes first.
     */
    public static final int TRANSLATION_BUFFER_BYTES = 16 << 20;
    private static final int CTL_IO_WRITE = 1;
    /** {@code UC_ARM_REG_CP_REG}: a coprocessor register through {@code struct uc_arm_cp_reg}. */
    private static final int REG_CP = 139;
    private static final int MAX_BATCH = 64;

    public static final int PROT_ALL = 7;
    public static final int HOOK_INTR = 1, HOOK_CODE = 4, HOOK_BLOCK = 8, HOOK_MEM_READ = 1 << 10, HOOK_MEM_WRITE = 1 << 11;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment uc;
    private final MemorySegment scratch;   // one 8-byte register value
    private final MemorySegment cpReg;     // struct uc_arm_cp_reg (40 bytes)
    private final MemorySegment hookOut;   // uc_hook*
    private final MemorySegment batchIds, batchPointers, batchValues;
    private boolean closed;

    private Unicorn(MemorySegment uc) {
        this.uc = uc;
        this.scratch = arena.allocate(16, 8);
        this.cpReg = arena.allocate(40, 8);
        this.hookOut = arena.allocate(JAVA_LONG);
        this.batchIds = arena.allocate(JAVA_INT, MAX_BATCH);
        this.batchValues = arena.allocate(JAVA_LONG, MAX_BATCH);
        this.batchPointers = arena.allocate(ADDRESS, MAX_BATCH);
        for (int i = 0; i < MAX_BATCH; i++) {
            batchPointers.setAtIndex(ADDRESS, i, batchValues.asSlice(8L * i, 8));
        }
    }

    /** Opens an ARM engine of the given {@code uc_cpu_arm} model (e.g. 16 = Cortex-A9). */
    public static Unicorn openArm(int cpuModel) {
        MemorySegment handle;
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment out = temp.allocate(ADDRESS);
            check("uc_open", (int) UnicornLibrary.Holder.OPEN.invokeExact(UC_ARCH_ARM, UC_MODE_ARM, out));
            handle = out.get(ADDRESS, 0);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        Unicorn engine = new Unicorn(handle);
        try {
            engine.ctl("uc_ctl(CPU_MODEL)", CTL_CPU_MODEL, 1, cpuModel);
            engine.ctl("uc_ctl(TCG_BUFFER_SIZE)", CTL_TCG_BUFFER_SIZE, 1, TRANSLATION_BUFFER_BYTES);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** The loaded library's version, e.g. {@code 2.1.1}. Throws with setup advice if it is missing or too old. */
    public static String libraryVersion() {
        return UnicornLibrary.version();
    }

    /** Where the loaded library lives. */
    public static Path libraryPath() {
        return UnicornLibrary.Holder.PATH;
    }

    /** The {@code uc_engine*} for native code that calls back into Unicorn (the accounting shim). */
    public MemorySegment handle() {
        return uc;
    }

    /** The arena that lives as long as this engine: for upcall stubs and native state bound to it. */
    public Arena arena() {
        return arena;
    }

    /** Maps host memory at a guest physical address; the engine reads and writes it in place. */
    public void mapHostMemory(long address, MemorySegment host, int perms) {
        try {
            check("uc_mem_map_ptr", (int) UnicornLibrary.Holder.MEM_MAP_PTR.invokeExact(uc, address, host.byteSize(), perms, host));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public int readRegister(int id) {
        return (int) readRegister64(id);
    }

    public long readRegister64(int id) {
        try {
            scratch.set(JAVA_LONG, 0, 0L);
            check("uc_reg_read", (int) UnicornLibrary.Holder.REG_READ.invokeExact(uc, id, scratch));
            return scratch.get(JAVA_LONG, 0);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public void writeRegister(int id, int value) {
        writeRegister64(id, value & 0xFFFF_FFFFL);
    }

    public void writeRegister64(int id, long value) {
        try {
            scratch.set(JAVA_LONG, 0, value);
            check("uc_reg_write", (int) UnicornLibrary.Holder.REG_WRITE.invokeExact(uc, id, scratch));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Reads {@code count} registers in one call; 32-bit registers come back zero-extended. */
    public void readRegisters(int[] ids, long[] values, int count) {
        if (count > MAX_BATCH) throw new IllegalArgumentException("batch of " + count + " > " + MAX_BATCH);
        for (int i = 0; i < count; i++) {
            batchIds.setAtIndex(JAVA_INT, i, ids[i]);
            batchValues.setAtIndex(JAVA_LONG, i, 0L);
        }
        try {
            check("uc_reg_read_batch", (int) UnicornLibrary.Holder.REG_READ_BATCH.invokeExact(uc, batchIds, batchPointers, count));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        for (int i = 0; i < count; i++) values[i] = batchValues.getAtIndex(JAVA_LONG, i);
    }

    /** Writes {@code count} registers in one call, in the order given (write CPSR first to select the bank). */
    public void writeRegisters(int[] ids, long[] values, int count) {
        if (count > MAX_BATCH) throw new IllegalArgumentException("batch of " + count + " > " + MAX_BATCH);
        for (int i = 0; i < count; i++) {
            batchIds.setAtIndex(JAVA_INT, i, ids[i]);
            batchValues.setAtIndex(JAVA_LONG, i, values[i]);
        }
        try {
            check("uc_reg_write_batch", (int) UnicornLibrary.Holder.REG_WRITE_BATCH.invokeExact(uc, batchIds, batchPointers, count));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Reads a CP15 register (secure bank, which the core uses while SCR.NS = 0, as after reset). */
    public long readCp15(int crn, int crm, int opc1, int opc2) {
        fillCpReg(crn, crm, opc1, opc2, 0);
        try {
            check("uc_reg_read(CP_REG)", (int) UnicornLibrary.Holder.REG_READ.invokeExact(uc, REG_CP, cpReg));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        return cpReg.get(JAVA_LONG, 32);
    }

    /** Writes a CP15 register (secure bank); TLB maintenance operations are writes too. */
    public void writeCp15(int crn, int crm, int opc1, int opc2, long value) {
        fillCpReg(crn, crm, opc1, opc2, value);
        try {
            check("uc_reg_write(CP_REG)", (int) UnicornLibrary.Holder.REG_WRITE.invokeExact(uc, REG_CP, cpReg));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private void fillCpReg(int crn, int crm, int opc1, int opc2, long value) {
        cpReg.set(JAVA_INT, 0, 15);   // cp
        cpReg.set(JAVA_INT, 4, 0);    // is64
        cpReg.set(JAVA_INT, 8, 0);    // sec: the bank key's NS bit; 0 = secure bank
        cpReg.set(JAVA_INT, 12, crn);
        cpReg.set(JAVA_INT, 16, crm);
        cpReg.set(JAVA_INT, 20, opc1);
        cpReg.set(JAVA_INT, 24, opc2);
        cpReg.set(JAVA_LONG, 32, value);
    }

    /**
     * Runs from {@code begin} (bit 0 set for Thumb) until {@code until} is reached or a hook stops the
     * engine. Returns normally in both cases; errors other than a hook-requested stop throw.
     */
    public void start(long begin, long until) {
        int error;
        try {
            error = (int) UnicornLibrary.Holder.EMU_START.invokeExact(uc, begin, until, 0L, 0L);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        check("uc_emu_start", error);
    }

    public void stop() {
        try {
            check("uc_emu_stop", (int) UnicornLibrary.Holder.EMU_STOP.invokeExact(uc));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Adds a hook for addresses [begin, end] (begin > end means all); returns the hook handle. */
    public long addHook(int type, MemorySegment callback, MemorySegment userData, long begin, long end) {
        try {
            check("uc_hook_add", (int) UnicornLibrary.Holder.HOOK_ADD.invokeExact(uc, hookOut, type, callback, userData, begin, end));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        return hookOut.get(JAVA_LONG, 0);
    }

    public void removeHook(long hook) {
        try {
            check("uc_hook_del", (int) UnicornLibrary.Holder.HOOK_DEL.invokeExact(uc, hook));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Drops translated blocks covering virtual [begin, end) in the current address space. */
    public void removeTranslations(long begin, long end) {
        try {
            check("uc_ctl(TB_REMOVE_CACHE)", (int) UnicornLibrary.Holder.CTL_LONG_LONG.invokeExact(uc,
                    ctlWrite(CTL_TB_REMOVE_CACHE, 2), begin, end));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Drops every translated block: needed after the host writes guest code into RAM. */
    public void flushTranslations() {
        ctl0("uc_ctl(TB_FLUSH)", CTL_TB_FLUSH);
    }

    /** Drops Unicorn's software TLB. */
    public void flushTlb() {
        ctl0("uc_ctl(TLB_FLUSH)", CTL_TLB_FLUSH);
    }

    private void ctl0(String what, int control) {
        try {
            check(what, (int) UnicornLibrary.Holder.CTL_0.invokeExact(uc, ctlWrite(control, 0)));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private void ctl(String what, int control, int args, int value) {
        try {
            check(what, (int) UnicornLibrary.Holder.CTL_INT.invokeExact(uc, ctlWrite(control, args), value));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static int ctlWrite(int control, int args) {
        return control | (args << 26) | (CTL_IO_WRITE << 30);
    }

    private static void check(String operation, int error) {
        if (error != 0) throw new UnicornException(operation, error, UnicornLibrary.strerror(error));
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            int ignored = (int) UnicornLibrary.Holder.CLOSE.invokeExact(uc);
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            arena.close();
        }
    }
}
