package ecusim.emulator.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import ecusim.emulator.decode.DecodedInstruction;
import ecusim.emulator.unicorn.Unicorn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Instruction trace: one line per executed instruction with its address, symbol+offset, disassembly and
 * the registers it changed, e.g. {@code 0x00010008 main+0x8  add r0, r0, #1  r0=0x00000002}.
 *
 * <p>Implementation notes: a UC_HOOK_CODE upcall into Java per instruction, so tracing is slow by design
 * and off by default. A line is written when the next instruction starts (or the run ends), since only
 * then are the instruction's register changes visible. Unicorn does not call code hooks for
 * condition-failed instructions in Thumb IT blocks; such instructions do not appear in the trace.
 */
public final class InstructionTracer {
    private final Writer out;
    private final IntFunction<String> symbolizer;
    private final Map<Long, String> disassembly = new HashMap<>();
    private final long[] values = new long[17];
    private final long[] previous = new long[17];
    private final int[] ids = new int[17];
    private Unicorn engine;
    private ArmCpu cpu;
    private long hook;
    private boolean pending;
    private int pendingAddress;
    private String pendingText;
    private RuntimeException failure;

    /** Writes to {@code out}; {@code symbolizer} names addresses (e.g. an ELF symbol table's describe). */
    public InstructionTracer(Writer out, IntFunction<String> symbolizer) {
        this.out = out;
        this.symbolizer = symbolizer;
        System.arraycopy(ArmReg.GPR_IDS, 0, ids, 0, 16);
        ids[16] = ArmReg.UC_CPSR;
    }

    void attach(Unicorn engine, ArmCpu cpu) {
        this.engine = engine;
        this.cpu = cpu;
        try {
            var handle = MethodHandles.lookup().findVirtual(InstructionTracer.class, "onInstruction",
                    MethodType.methodType(void.class, MemorySegment.class, long.class, int.class, MemorySegment.class)).bindTo(this);
            MemorySegment stub = Linker.nativeLinker().upcallStub(handle,
                    FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS), engine.arena());
            hook = engine.addHook(Unicorn.HOOK_CODE, stub, MemorySegment.NULL, 1, 0);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        engine.readRegisters(ids, previous, ids.length);
    }

    void detach(Unicorn engine) {
        flush();
        engine.removeHook(hook);
        this.engine = null;
    }

    /**
     * Called from native code, where an exception would end the JVM: a failure (the trace file cannot be
     * written) stops the engine and is rethrown by {@link #rethrowFailure()} once {@code uc_emu_start} returned.
     */
    @SuppressWarnings("unused")
    private void onInstruction(MemorySegment uc, long address, int size, MemorySegment user) {
        if (failure != null) return;
        try {
            trace(address, size);
        } catch (RuntimeException e) {
            failure = e;
            engine.stop();
        }
    }

    /** Throws what went wrong inside the hook, if anything (the trace could not be written). */
    void rethrowFailure() {
        if (failure != null) throw failure;
    }

    private void trace(long address, int size) {
        emitPending();
        boolean thumb = cpu.thumb();
        pendingAddress = (int) address;
        pendingText = disassembly.computeIfAbsent(address << 1 | (thumb ? 1 : 0), k -> disassemble((int) address, size, thumb));
        pending = true;
    }

    private String disassemble(int address, int size, boolean thumb) {
        byte[] bytes = new byte[size];
        cpu.readVirtual(address, bytes, 0, size);
        DecodedInstruction insn = cpu.decoder().decode(bytes, 0, address, thumb);
        return insn.toString();
    }

    private void emitPending() {
        if (!pending) return;
        pending = false;
        engine.readRegisters(ids, values, ids.length);
        StringBuilder line = new StringBuilder(96);
        line.append(String.format("0x%08x %-24s %-32s", pendingAddress, symbolizer.apply(pendingAddress), pendingText));
        for (int i = 0; i < ids.length; i++) {
            if (i == 15) continue; // the PC always changes
            if (values[i] != previous[i]) {
                line.append(' ').append(i == 16 ? "cpsr" : i == 13 ? "sp" : i == 14 ? "lr" : "r" + i)
                        .append(String.format("=0x%08x", (int) values[i]));
            }
        }
        System.arraycopy(values, 0, previous, 0, values.length);
        try {
            out.write(line.append('\n').toString());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the instruction trace", e);
        }
    }

    /** Writes the last instruction's line and flushes the writer. */
    public void flush() {
        if (engine != null) emitPending();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the instruction trace", e);
        }
    }
}
