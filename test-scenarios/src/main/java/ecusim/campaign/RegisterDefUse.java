package ecusim.campaign;

import capstone.api.Disassembler;
import capstone.api.DisassemblerFactory;
import capstone.api.Instruction;
import capstone.api.arm.OpInfo;
import capstone.api.arm.Operand;
import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.fault.FaultLocation;
import ecusim.kernel.Thread;
import ecusim.platform.EcuConfig;
import ecusim.platform.EcuEvents;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Def/use equivalence of flips in the core registers r0–r14, from a golden run whose executed instructions
 * the native trace records with their exact counts (condition-failed IT-block slots, which execute nothing,
 * are not recorded). Each executed instruction is decoded once (Capstone) into the registers it reads and
 * those it certainly overwrites. A flip of register r at count c is first observed by the next instruction
 * that reads r, or by the next kernel entry of the target (the kernel reads its arguments, an exception
 * handler its whole state: every register); overwritten first, it is OK without a run.
 *
 * <p>Reads are taken generously (Capstone's, every register operand, a memory operand's base and index:
 * its access lists miss some, such as {@code bx lr}'s and an accumulating multiply's). Overwrites only
 * narrowly, since a wrong one would call a fault OK that is not: the destination registers of a short list
 * of instructions that write them whole without reading them ({@code mov}, {@code ldr}, {@code add}, ...,
 * {@code pop}), unconditional in ARM state (an executed instruction of a Thumb IT block passed its
 * condition). The PC is read by every instruction: its flips are not pruned.
 */
public final class RegisterDefUse implements FaultClasses {
    private static final int REGISTERS = 15, POSITION_BITS = 40, MOST_EVENTS = 48 << 20;
    /** Capstone's ids: r0..r12 are 66..78, sp 12, lr 10. */
    private static final int CS_R0 = 66, CS_SP = 12, CS_LR = 10, OP_REG = 1, OP_MEM = 3, ALWAYS = 15, SHIFT_BY_REGISTER = 6;
    private static final String CONDITION = "(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?";
    /** Instructions whose register destinations are written whole (a destination also read stays a read). */
    private static final Pattern OVERWRITES = Pattern.compile("(mov|mvn|movw|ldr|ldrb|ldrh|ldrsb|ldrsh|ldrd|ldrex|ldrexb|ldrexh|rrx|uxtb|uxth|sxtb|sxth"
            + "|clz|rev|rev16|sdiv|udiv|mla|mls|pop|ldm|ldmia|ldmfd|adr|ubfx|sbfx)s?" + CONDITION);
    /** The same for these, in their three-operand forms only: Thumb's two-operand forms compute rdn = rdn op rm. */
    private static final Pattern OVERWRITES_WITH_THREE_OPERANDS = Pattern.compile("(add|sub|rsb|and|orr|orn|eor|bic|adc|sbc|rsc|mul|lsl|lsr|asr|ror)s?"
            + CONDITION);

    private final long[][] events; // per register: sorted (position << 1) | overwrite
    private final long[] kernelEntries; // sorted positions
    private final long decoded;
    /** Where the final registers are compared (the target is alive at the end: its last count), or -1. */
    private final long end;

    private RegisterDefUse(long[][] events, long[] kernelEntries, long decoded, long end) {
        this.events = events;
        this.kernelEntries = kernelEntries;
        this.decoded = decoded;
        this.end = end;
    }

    @Override
    public Map<String, Long> traced() {
        long n = 0;
        for (long[] e : events) n += e.length;
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("register_events_traced", n);
        out.put("kernel_entries_traced", (long) kernelEntries.length);
        out.put("instructions_decoded", decoded);
        return out;
    }

    /**
     * Boots a fresh ECU of {@code config}, runs it to {@code untilUs} with executed instructions traced and
     * records what the target's instructions read and overwrite. Fails ({@link IllegalStateException}) where
     * {@link DefUse#trace} does, and when an executed instruction cannot be read or decoded.
     */
    static RegisterDefUse trace(EcuConfig config, EcuEvents ecuEvents, String target, long untilUs, long goldenInstructions, boolean aliveAtEnd) {
        Collector collector = new Collector();
        try (Disassembler arm = DisassemblerFactory.createArmDisassembler(false); Disassembler thumb = DisassemblerFactory.createArmDisassembler(true)) {
            arm.setDetail(true);
            thumb.setDetail(true);
            collector.arm = arm;
            collector.thumb = thumb;
            TracedRun.run(config, ecuEvents, target, untilUs, goldenInstructions, true, collector);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Capstone: " + e.getMessage(), e);
        }
        long[][] events = new long[REGISTERS][];
        for (int r = 0; r < REGISTERS; r++) {
            events[r] = Arrays.copyOf(collector.events[r], collector.counts[r]);
            Arrays.sort(events[r]); // already in order but for a load before a store at one count
        }
        return new RegisterDefUse(events, Arrays.copyOf(collector.entries, collector.entryCount), collector.decoded.size(), aliveAtEnd ? goldenInstructions - 1 : -1);
    }

    @Override
    public DefUse.Verdict verdict(long instruction, FaultLocation location) {
        if (!(location instanceof FaultLocation.CoreRegister r)) return new DefUse.Represented(instruction); // the PC: every instruction reads it
        long[] e = events[r.number()];
        int i = Arrays.binarySearch(e, instruction << 1);
        if (i < 0) i = -i - 1;
        long eventAt = i < e.length ? e[i] >>> 1 : Long.MAX_VALUE;
        int k = Arrays.binarySearch(kernelEntries, instruction);
        if (k < 0) k = -k - 1;
        long entryAt = k < kernelEntries.length ? kernelEntries[k] : Long.MAX_VALUE;
        if (eventAt == Long.MAX_VALUE && entryAt == Long.MAX_VALUE) {
            return end >= instruction ? new DefUse.Represented(end) : new DefUse.Unread("never read again"); // in the final state, if alive
        }
        if (eventAt <= entryAt) { // an instruction reads or overwrites before the kernel entry after it
            if ((e[i] & 1) != 0) return new DefUse.Unread("overwritten at instruction " + eventAt);
            return new DefUse.Represented(eventAt);
        }
        return new DefUse.Represented(entryAt);
    }

    @Override
    public DefUse.Census census(long instructions) {
        long classes = 0, dead = 0;
        for (int r = 0; r < REGISTERS; r++) {
            long[] e = events[r];
            int i = 0, k = 0;
            long prev = -1;
            while (true) {
                long eventAt = i < e.length ? e[i] >>> 1 : Long.MAX_VALUE, entryAt = k < kernelEntries.length ? kernelEntries[k] : Long.MAX_VALUE;
                if (eventAt == Long.MAX_VALUE && entryAt == Long.MAX_VALUE) break;
                long at = Math.min(eventAt, entryAt);
                boolean overwrite = eventAt <= entryAt && (e[i] & 1) != 0;
                if (eventAt <= entryAt) i++;
                else k++;
                if (at <= prev || prev >= instructions - 1) continue;
                long last = Math.min(at, instructions - 1);
                if (overwrite) dead += last - prev;
                else classes++;
                prev = last;
            }
            if (prev < instructions - 1) {
                if (end >= 0) classes++; // the final registers of a target alive at the end
                else dead += instructions - 1 - prev;
            }
        }
        return new DefUse.Census(classes, dead, instructions * REGISTERS);
    }

    /** An executed instruction's registers: bit r of {@code reads} and {@code overwrites} for r0..r14. */
    private record Access(int reads, int overwrites) {}

    private static final class Collector implements TracedRun.Analysis {
        Thread target;
        ecusim.kernel.Kernel kernel;
        ArmCpu cpu;
        Disassembler arm, thumb;
        final Map<Long, Access> decoded = new HashMap<>(); // (pc << 1 | thumb) -> access
        final long[][] events = new long[REGISTERS][];
        final int[] counts = new int[REGISTERS];
        long[] entries = new long[1 << 10];
        int entryCount, total;
        java.util.Set<Long> codeFrames; // the target's executable frames, looked at once the first store is seen

        Collector() {
            for (int r = 0; r < REGISTERS; r++) events[r] = new long[1 << 12];
        }

        @Override
        public void attach(ecusim.kernel.Kernel kernel, Thread target) {
            this.kernel = kernel;
            this.target = target;
            this.cpu = kernel.cpu();
        }

        @Override
        public void threadRan(Thread thread, long cpuInstructionsBefore, long threadInstructionsBefore, CpuEvent ended) {
            if (thread != target) {
                cpu.drainTrace(a -> {
                    if (a.write() && a.instruction() >= cpuInstructionsBefore) refuseIfCode(a.physicalAddress());
                }, x -> { });
                return;
            }
            long retired = thread.instructions(); // an instruction stopped by an exception was hooked but did not retire
            codeFrames = null; // code pages may have been mapped since
            cpu.drainTrace(a -> {
                if (a.write() && a.instruction() >= cpuInstructionsBefore) refuseIfCode(a.physicalAddress());
            }, x -> {
                if (x.instruction() < cpuInstructionsBefore) return;
                long position = threadInstructionsBefore + (x.instruction() - cpuInstructionsBefore);
                if (position >= retired) return;
                if (position >= 1L << POSITION_BITS) throw new IllegalStateException("def/use pruning covers targets of up to 2^" + POSITION_BITS + " instructions");
                Access access = decoded.computeIfAbsent(((long) x.pc() << 1) | (x.thumb() ? 1 : 0), key -> decode(x.pc(), x.thumb()));
                for (int r = 0; r < REGISTERS; r++) {
                    if ((access.reads() >>> r & 1) != 0) add(r, position << 1);
                    else if ((access.overwrites() >>> r & 1) != 0) add(r, position << 1 | 1);
                }
            });
            if (!(ended instanceof CpuEvent.BudgetExhausted)) entry(retired - 1);
        }

        /**
         * Another thread's system call, while the target stands at its count T: it may read or set the target's
         * registers (ex_regs, a CPU session's get/set state), so every register is seen there, after the
         * injection at T - 1.
         */
        @Override
        public void systemCall(Thread thread, int svc) {
            if (thread != target) entry(target.instructions() - 1);
        }

        private void entry(long position) {
            if (position < 0) return;
            if (entryCount == entries.length) entries = Arrays.copyOf(entries, entryCount * 2);
            if (entryCount == 0 || entries[entryCount - 1] < position) entries[entryCount++] = position;
        }

        /** Decodes are kept per address: code that changes would be read wrong, so a store into the target's code refuses pruning. */
        private void refuseIfCode(long physicalAddress) {
            long frame = physicalAddress & ~0xFFFL;
            if (codeFrames == null) {
                codeFrames = new java.util.HashSet<>();
                target.task().addressSpace().forEachPage((va, f, writable, executable) -> {
                    if (executable) codeFrames.add(f);
                });
            }
            if (codeFrames.contains(frame)) {
                throw new IllegalStateException("def/use pruning of registers: the target's code is written to (at 0x" + Long.toHexString(physicalAddress) + ")");
            }
        }

        private void add(int register, long key) {
            if (++total > MOST_EVENTS) throw new IllegalStateException("def/use pruning keeps up to " + MOST_EVENTS + " register events; this target makes more");
            int n = counts[register];
            if (n == events[register].length) events[register] = Arrays.copyOf(events[register], n * 2);
            events[register][n] = key;
            counts[register] = n + 1;
        }

        private Access decode(int pc, boolean thumbState) {
            byte[] first = new byte[2];
            if (!kernel.readTaskMemory(target.task(), pc, first)) throw new IllegalStateException("def/use pruning: no code at 0x" + Integer.toHexString(pc));
            // A 16-bit Thumb instruction may end its page: read only as far as the instruction goes.
            int length = thumbState ? ecusim.emulator.decode.ArmDecoder.thumbLength((first[0] & 0xFF) | (first[1] & 0xFF) << 8) : 4;
            byte[] code = new byte[length];
            if (!kernel.readTaskMemory(target.task(), pc, code)) throw new IllegalStateException("def/use pruning: no code at 0x" + Integer.toHexString(pc));
            Instruction[] insns = (thumbState ? thumb : arm).disasm(code, pc & 0xFFFF_FFFFL, 1);
            if (insns.length == 0) throw new IllegalStateException("def/use pruning: cannot decode the instruction at 0x" + Integer.toHexString(pc));
            Instruction insn = insns[0];
            // Sources: Capstone's reads, a memory operand's base and index, every register operand but the
            // destinations. Destinations: the first operand (the list of a pop or ldm, the pair of an ldrd).
            OpInfo info = (OpInfo) insn.getOperands();
            Operand[] ops = info.getOperands();
            String mnemonic = insn.getMnemonic().toLowerCase(java.util.Locale.ROOT).replace(".w", "").replace(".n", "");
            boolean list = mnemonic.startsWith("pop") || mnemonic.startsWith("ldm");
            int firstDestination = mnemonic.startsWith("ldm") ? 1 : 0;
            int destinations = list ? ops.length - firstDestination : mnemonic.startsWith("ldrd") || mnemonic.startsWith("ldrexd") ? 2 : 1;
            int sources = 0, dests = 0, touched = 0;
            for (short reg : insn.regsAccess().getRegsRead()) sources |= bit(reg);
            if (mnemonic.startsWith("vpush") || mnemonic.startsWith("vpop")) sources |= 1 << 13; // sp, which Capstone leaves out
            for (short reg : insn.regsAccess().getRegsWrite()) touched |= bit(reg);
            for (int i = 0; i < ops.length; i++) {
                Operand op = ops[i];
                if (op.getType() == OP_REG) {
                    if (i >= firstDestination && i < firstDestination + destinations) dests |= bit(op.getValue().getReg());
                    else sources |= bit(op.getValue().getReg());
                }
                if (op.getType() == OP_MEM) sources |= bit(op.getValue().getMem().getBase()) | bit(op.getValue().getMem().getIndex());
                var shift = op.getShift();
                if (shift != null && shift.getType() >= SHIFT_BY_REGISTER) sources |= bit(shift.getValue()); // mov r0, r1, lsl r2
            }
            boolean whole = (OVERWRITES.matcher(mnemonic).matches() || ops.length >= 3 && OVERWRITES_WITH_THREE_OPERANDS.matcher(mnemonic).matches())
                    && (thumbState || info.getCodeCondition() == ALWAYS);
            int overwrites = whole ? dests & ~sources : 0;
            // Everything else it reads or may write ends a class there (bl's lr, a conditional mov's destination):
            // a write the analysis is not sure of must not be stepped over.
            int reads = (sources | dests | touched) & ~overwrites;
            return new Access(reads, overwrites);
        }

        private static int bit(int capstoneRegister) {
            if (capstoneRegister >= CS_R0 && capstoneRegister <= CS_R0 + 12) return 1 << (capstoneRegister - CS_R0);
            if (capstoneRegister == CS_SP) return 1 << 13;
            if (capstoneRegister == CS_LR) return 1 << 14;
            return 0;
        }
    }
}
