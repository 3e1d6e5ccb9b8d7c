package ecusim.emulator.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import ecusim.emulator.decode.ArmDecoder;
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
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Instruction trace: one line per counted instruction, condition-failed ones included, in columns
 * <pre>
 *   ADDRESS    S  SYMBOL+OFFSET            INSTRUCTION                      CHANGED REGISTERS
 *   0x0001000c x  main+0xc                 subcs.w r0, r0, #1               r0=0x00000029 cpsr=0x20000030
 *   0x00010010 -  main+0x10                movcc r1, #0
 * </pre>
 * S is {@code x} for an instruction whose condition passed (or that has none) and {@code -} for one whose
 * condition failed: it is counted and costs its cycles like any other, as on the hardware, but changes nothing.
 * The instruction is written as the architecture's listing writes it, with the condition an IT block gives
 * it ({@code subcs.w}, not {@code sub.w}). Changed registers are those that differ after the instruction.
 *
 * <p>Implementation notes: a UC_HOOK_CODE upcall into Java per instruction, so tracing is slow by design
 * and off by default. A line is written when the next instruction starts (or the run ends), since only
 * then are the instruction's register changes visible. Unicorn does not call code hooks for
 * condition-failed instructions in Thumb IT blocks, so the tracer follows each IT block (its first
 * condition and mask) and writes the slots Unicorn skipped as condition-failed when the next hook comes
 * from further on in or right after the block. ARM-mode conditional instructions do reach the hook;
 * their condition is evaluated against the CPSR before them.
 */
public final class InstructionTracer {
    private static final String[] CONDITIONS = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "", ""};
    /** 16-bit Thumb mnemonics that set flags outside an IT block and do not inside one (the s goes). */
    private static final Set<String> FLAG_SETTING_NARROW = Set.of("adds", "subs", "movs", "ands", "eors", "lsls", "lsrs", "asrs",
            "adcs", "sbcs", "rors", "bics", "mvns", "orrs", "muls", "rsbs", "negs");

    private final Writer out;
    private final IntFunction<String> symbolizer;
    private final Map<Long, DecodedInstruction> decoded = new HashMap<>();
    private final long[] values = new long[17];
    private final long[] previous = new long[17];
    private final int[] ids = new int[17];
    private Unicorn engine;
    private ArmCpu cpu;
    private long hook;
    private boolean pending;
    private int pendingAddress;
    private String pendingText;
    private boolean pendingPassed;
    /** The IT block being followed: the address after the last instruction seen in it, its remaining ITSTATE. */
    private int itNext, itState;
    private RuntimeException failure;
    private long lines;

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

    /** Lines written so far: one per counted instruction. */
    public long lines() {
        return lines;
    }

    /**
     * Called from native code, where an exception would end the JVM: a failure (the trace file cannot be
     * written) stops the engine and is rethrown by {@link #rethrowFailure()} once {@code uc_emu_start} returned.
     */
    @SuppressWarnings("unused")
    private void onInstruction(MemorySegment uc, long address, int size, MemorySegment user) {
        if (failure != null) return;
        try {
            trace((int) address, size);
        } catch (RuntimeException e) {
            failure = e;
            engine.stop();
        }
    }

    /** Throws what went wrong inside the hook, if anything (the trace could not be written). */
    void rethrowFailure() {
        if (failure != null) throw failure;
    }

    private void trace(int address, int size) {
        emitPending(); // previous[] now holds the registers before this instruction
        boolean thumb = cpu.thumb();
        String condition = "";
        boolean passed = true;
        if (thumb && itState != 0) {
            emitSkippedSlots(address);
            if (itState != 0 && address == itNext) condition = CONDITIONS[itState >>> 4]; // executed: its condition passed
            else itState = 0; // left the block (a branch, an exception)
        }
        DecodedInstruction insn = decode(address, size, thumb);
        if (!thumb) {
            int cond = readWord(address) >>> 28;
            passed = cond >= 14 || conditionHolds(cond, (int) previous[16]);
        }
        pendingAddress = address;
        pendingText = condition.isEmpty() ? insn.toString() : withCondition(insn, condition);
        pendingPassed = passed;
        pending = true;
        if (thumb) advanceItState(insn, address);
    }

    /** Writes the IT-block slots between the last instruction seen and {@code address}: Unicorn skipped them. */
    private void emitSkippedSlots(int address) {
        while (itState != 0 && Integer.compareUnsigned(itNext, address) < 0) {
            DecodedInstruction skipped = decode(itNext, thumbSize(itNext), true);
            write(itNext, withCondition(skipped, CONDITIONS[itState >>> 4]), false, "");
            advanceItState(skipped, itNext);
        }
    }

    /** Follows IT blocks: an IT instruction starts one, every instruction in one uses up a slot. */
    private void advanceItState(DecodedInstruction insn, int address) {
        if (itState != 0) {
            itState = (itState & 0x7) == 0 ? 0 : (itState & 0xE0) | ((itState << 1) & 0x1F);
            itNext = address + insn.size();
            return;
        }
        if (insn.size() == 2) {
            int halfword = readHalfword(address);
            if ((halfword & 0xFF00) == 0xBF00 && (halfword & 0xF) != 0) { // IT{x{y{z}}} firstcond, mask
                itState = halfword & 0xFF;
                itNext = address + 2;
            }
        }
    }

    private int readWord(int address) {
        byte[] b = new byte[4];
        cpu.readVirtual(address, b, 0, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    private int readHalfword(int address) {
        byte[] b = new byte[2];
        cpu.readVirtual(address, b, 0, 2);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
    }

    private int thumbSize(int address) {
        return ArmDecoder.thumbLength(readHalfword(address));
    }

    private DecodedInstruction decode(int address, int size, boolean thumb) {
        return decoded.computeIfAbsent((address & 0xFFFF_FFFFL) << 1 | (thumb ? 1 : 0), k -> {
            byte[] bytes = new byte[size];
            cpu.readVirtual(address, bytes, 0, size);
            return cpu.decoder().decode(bytes, 0, address, thumb);
        });
    }

    /** The mnemonic with an IT block's condition: sub.w -> subcs.w, a narrow movs -> movcc. */
    static String withCondition(DecodedInstruction insn, String condition) {
        String mnemonic = insn.mnemonic(), suffix = "";
        int dot = mnemonic.indexOf('.');
        if (dot >= 0) {
            suffix = mnemonic.substring(dot);
            mnemonic = mnemonic.substring(0, dot);
        }
        if (insn.size() == 2 && FLAG_SETTING_NARROW.contains(mnemonic)) mnemonic = mnemonic.substring(0, mnemonic.length() - 1);
        String full = mnemonic + condition + suffix;
        return insn.operands().isEmpty() ? full : full + " " + insn.operands();
    }

    /** The ARM condition {@code cond} (0..13) against the flags of {@code cpsr}. */
    static boolean conditionHolds(int cond, int cpsr) {
        boolean n = (cpsr & 1 << 31) != 0, z = (cpsr & 1 << 30) != 0, c = (cpsr & 1 << 29) != 0, v = (cpsr & 1 << 28) != 0;
        return switch (cond) {
            case 0 -> z;
            case 1 -> !z;
            case 2 -> c;
            case 3 -> !c;
            case 4 -> n;
            case 5 -> !n;
            case 6 -> v;
            case 7 -> !v;
            case 8 -> c && !z;
            case 9 -> !c || z;
            case 10 -> n == v;
            case 11 -> n != v;
            case 12 -> !z && n == v;
            case 13 -> z || n != v;
            default -> true;
        };
    }

    private void emitPending() {
        if (!pending) return;
        pending = false;
        engine.readRegisters(ids, values, ids.length);
        StringBuilder changed = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            if (i == 15) continue; // the PC always changes
            if (values[i] != previous[i]) {
                changed.append(' ').append(i == 16 ? "cpsr" : i == 13 ? "sp" : i == 14 ? "lr" : "r" + i)
                        .append(String.format("=0x%08x", (int) values[i]));
            }
        }
        System.arraycopy(values, 0, previous, 0, values.length);
        write(pendingAddress, pendingText, pendingPassed, changed.toString());
    }

    private void write(int address, String text, boolean passed, String changed) {
        try {
            out.write(String.format("0x%08x %s  %-24s %-32s%s", address, passed ? "x" : "-", symbolizer.apply(address), text, changed)
                    .stripTrailing() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing the instruction trace", e);
        }
        lines++;
    }

    /**
     * Writes the last instruction's line and flushes the writer. An IT block whose last slots failed their
     * condition right before the run stopped is finished first, since those slots were counted.
     */
    public void flush() {
        if (engine != null) {
            emitPending();
            if (itState != 0) emitSkippedSlots(cpu.register(ArmReg.PC));
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the instruction trace", e);
        }
    }
}
