package ecusim.emulator.decode;

import capstone.api.Disassembler;
import capstone.api.DisassemblerFactory;
import capstone.api.Instruction;
import capstone.api.arm.OpInfo;
import capstone.api.arm.Operand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes ARM and Thumb-2 instructions with Capstone (one handle per instruction set, details on) into
 * {@link DecodedInstruction}s. Capstone costs microseconds per instruction, so callers decode a block or a
 * faulting instruction once and cache the result. Not thread-safe; one per CPU.
 *
 * <p>Implementation notes: this Capstone build's instruction ids do not match its {@code Arm_const}
 * table, so instructions are recognised by mnemonic (condition and {@code .w}/{@code .n} suffixes removed).
 */
public final class ArmDecoder implements AutoCloseable {
    private static final int OP_REG = 1, OP_IMM = 2, OP_MEM = 3;
    /** Capstone register ids: r0..r12 are 66..78, then sp 12, lr 10, pc 11; d0 = 14, s0 = 79, q0 = 50. */
    private static final int CS_R0 = 66, CS_SP = 12, CS_LR = 10, CS_PC = 11, CS_D0 = 14, CS_D31 = 45;
    private static final Set<String> CONDITIONS = Set.of("eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc",
            "hi", "ls", "ge", "lt", "gt", "le", "al");

    private final Disassembler arm = DisassemblerFactory.createArmDisassembler(false);
    private final Disassembler thumb = DisassemblerFactory.createArmDisassembler(true);

    public ArmDecoder() {
        arm.setDetail(true);
        thumb.setDetail(true);
    }

    /** Length of the Thumb instruction whose first halfword is given: 4 if bits [15:11] are 0b11101..0b11111. */
    public static int thumbLength(int firstHalfword) {
        return ((firstHalfword & 0xFFFF) >>> 11) >= 0b11101 ? 4 : 2;
    }

    /** Decodes the one instruction at {@code code[offset]}, located at {@code address}. */
    public DecodedInstruction decode(byte[] code, int offset, int address, boolean thumbMode) {
        int length = unitLength(code, offset, thumbMode);
        byte[] unit = new byte[Math.min(length, code.length - offset)];
        System.arraycopy(code, offset, unit, 0, unit.length);
        Instruction[] decoded = (thumbMode ? thumb : arm).disasm(unit, address & 0xFFFF_FFFFL, 1);
        return decoded.length == 0 ? undefined(code, offset, address, thumbMode) : convert(decoded[0], thumbMode);
    }

    /** Decodes every instruction of a straight-line run of bytes; undecodable units become UNDEFINED entries. */
    public List<DecodedInstruction> decodeBlock(byte[] code, int address, boolean thumbMode) {
        List<DecodedInstruction> out = new ArrayList<>();
        int offset = 0;
        while (offset < code.length) {
            byte[] rest = new byte[code.length - offset];
            System.arraycopy(code, offset, rest, 0, rest.length);
            Instruction[] decoded = (thumbMode ? thumb : arm).disasm(rest, (address + offset) & 0xFFFF_FFFFL, 0);
            for (Instruction insn : decoded) {
                DecodedInstruction d = convert(insn, thumbMode);
                out.add(d);
                offset += d.size();
            }
            if (offset < code.length) { // Capstone stopped at bytes it cannot decode
                DecodedInstruction bad = undefined(code, offset, address + offset, thumbMode);
                out.add(bad);
                offset += bad.size();
            }
        }
        return out;
    }

    private static int unitLength(byte[] code, int offset, boolean thumbMode) {
        if (!thumbMode) return 4;
        if (offset + 1 >= code.length) return 2;
        return thumbLength((code[offset] & 0xFF) | (code[offset + 1] & 0xFF) << 8);
    }

    private static DecodedInstruction undefined(byte[] code, int offset, int address, boolean thumbMode) {
        int length = unitLength(code, offset, thumbMode);
        StringBuilder hex = new StringBuilder("0x");
        for (int i = Math.min(length, code.length - offset) - 1; i >= 0; i--) hex.append(String.format("%02x", code[offset + i] & 0xFF));
        return new DecodedInstruction(address, length, thumbMode, thumbMode ? ".inst" : ".word", hex.toString(),
                InstructionClass.UNDEFINED, 0, null, false);
    }

    private DecodedInstruction convert(Instruction insn, boolean thumbMode) {
        String mnemonic = insn.getMnemonic();
        String base = baseMnemonic(mnemonic);
        OpInfo info = (OpInfo) insn.getOperands();
        Operand[] ops = info == null ? new Operand[0] : info.getOperands();
        boolean writesPc = writesPc(insn);
        int address = (int) insn.getAddress();
        InstructionClass kind = classify(base, writesPc);
        int transfers = 0;
        AccessPattern access = null;
        Access a;
        try {
            a = switch (kind) {
                case LOAD, STORE, VFP_LOAD, VFP_STORE, LOAD_MULTIPLE, STORE_MULTIPLE -> access(base, kind, ops, address, thumbMode, insn.getOpStr());
                case BRANCH -> base.equals("tbb") || base.equals("tbh") ? tableBranch(base, ops, address, thumbMode) : null;
                default -> null;
            };
        } catch (IllegalArgumentException unusualOperand) {
            a = null; // an operand this model does not understand: the access stays undecoded, and a fault says so
        }
        if (a != null) {
            access = a.pattern();
            transfers = a.transfers();
        }
        return new DecodedInstruction(address, insn.getSize(), thumbMode, mnemonic, insn.getOpStr(), kind, transfers, access, writesPc);
    }

    private record Access(AccessPattern pattern, int transfers) {}

    private static Access access(String m, InstructionClass kind, Operand[] ops, int address, boolean thumbMode, String opStr) {
        boolean write = kind == InstructionClass.STORE || kind == InstructionClass.STORE_MULTIPLE || kind == InstructionClass.VFP_STORE;
        if (m.equals("swp") || m.equals("swpb")) return swap(m, ops, address, thumbMode);
        if (NEON_STRUCTURE.matcher(m).lookingAt()) return neonStructure(m, ops, write, address, thumbMode, opStr);
        if (m.equals("push") || m.equals("pop") || m.equals("vpush") || m.equals("vpop")) {
            int bytes = listBytes(ops, 0);
            boolean push = m.endsWith("push");
            return new Access(multiple(push ? AccessPattern.Form.DECREMENT_BEFORE : AccessPattern.Form.INCREMENT_AFTER,
                    13, bytes, write, address, thumbMode), ops.length);
        }
        if (kind == InstructionClass.LOAD_MULTIPLE || kind == InstructionClass.STORE_MULTIPLE
                || m.startsWith("vldm") || m.startsWith("vstm")) {
            if (ops.length < 2 || ops[0].getType() != OP_REG) return null;
            String suffix = m.substring(m.startsWith("v") ? 4 : 3);
            AccessPattern.Form form = switch (suffix) {
                case "", "ia", "fd" -> AccessPattern.Form.INCREMENT_AFTER;
                case "ib", "ed" -> AccessPattern.Form.INCREMENT_BEFORE;
                case "da", "fa" -> AccessPattern.Form.DECREMENT_AFTER;
                case "db", "ea" -> AccessPattern.Form.DECREMENT_BEFORE;
                default -> null;
            };
            if (form == null) return null;
            return new Access(multiple(form, gpr(ops[0].getValue().getReg()), listBytes(ops, 1), write, address, thumbMode), ops.length - 1);
        }
        int memIndex = -1;
        for (int i = 0; i < ops.length; i++) if (ops[i].getType() == OP_MEM) memIndex = i;
        if (memIndex < 0) return null; // e.g. NEON element forms this model does not decode
        var mem = ops[memIndex].getValue().getMem();
        int bytes = singleBytes(m, ops, memIndex);
        if (bytes == 0) return null;
        int transfers = m.endsWith("d") && (m.startsWith("ldr") || m.startsWith("str") || m.startsWith("ldrex") || m.startsWith("strex")) ? 2 : 1;
        boolean postIndexed = memIndex < ops.length - 1;
        int baseReg = gpr(mem.getBase());
        if (postIndexed) {
            return new Access(new AccessPattern(AccessPattern.Form.POST_INDEXED, baseReg, -1, false, 0, 0, 0, bytes, !write, write,
                    address, thumbMode), transfers);
        }
        int index = mem.getIndex() == 0 ? -1 : gpr(mem.getIndex());
        var shift = ops[memIndex].getShift();
        int shiftType = shift == null ? 0 : shift.getType();
        int shiftAmount = shift == null ? 0 : shift.getValue();
        if (shiftType == 0 && mem.getLshift() != 0) { // Thumb forms report the shift here
            shiftType = 2;
            shiftAmount = mem.getLshift();
        }
        return new Access(new AccessPattern(AccessPattern.Form.OFFSET, baseReg, index, index >= 0 && ops[memIndex].isSubtracted(),
                shiftType, shiftAmount, mem.getDisp(), bytes, !write, write, address, thumbMode), transfers);
    }

    private static AccessPattern multiple(AccessPattern.Form form, int base, int bytes, boolean write, int address, boolean thumbMode) {
        return new AccessPattern(form, base, -1, false, 0, 0, 0, bytes, !write, write, address, thumbMode);
    }

    /** SWP/SWPB Rt, Rt2, [Rn]: reads the word (byte) at Rn, then writes it. */
    private static Access swap(String m, Operand[] ops, int address, boolean thumbMode) {
        if (ops.length < 3 || ops[2].getType() != OP_MEM) return null;
        int bytes = m.equals("swpb") ? 1 : 4;
        return new Access(new AccessPattern(AccessPattern.Form.OFFSET, gpr(ops[2].getValue().getMem().getBase()), -1, false, 0, 0, 0,
                bytes, true, true, address, thumbMode), 2);
    }

    /** TBB [Rn, Rm] reads the byte at Rn + Rm, TBH [Rn, Rm, LSL #1] the halfword at Rn + 2 Rm (Rn may be the PC). */
    private static Access tableBranch(String m, Operand[] ops, int address, boolean thumbMode) {
        if (ops.length < 1 || ops[0].getType() != OP_MEM) return null;
        var mem = ops[0].getValue().getMem();
        boolean halfword = m.equals("tbh");
        return new Access(new AccessPattern(AccessPattern.Form.TABLE, gpr(mem.getBase()), gpr(mem.getIndex()), false,
                halfword ? AccessPattern.SHIFT_LSL : 0, halfword ? 1 : 0, 0, halfword ? 2 : 1, true, false, address, thumbMode), 1);
    }

    /** VLD1..VLD4 and VST1..VST4 (NEON element and structure transfers): the mnemonic's N, e.g. vld2.16. */
    private static final java.util.regex.Pattern NEON_STRUCTURE = java.util.regex.Pattern.compile("v(ld|st)([1-4])");
    private static final java.util.regex.Pattern ELEMENT_SIZE = java.util.regex.Pattern.compile("\\.(8|16|32|64)$");

    /**
     * NEON structure loads and stores all access memory from Rn upwards (writeback and a post-index register
     * change Rn only afterwards; Capstone reports an alignment qualifier {@code [r0:128]} as a displacement,
     * which is not an offset). Multiple structures move 8 bytes per D register; a single structure to one
     * lane or to all lanes ({@code d0[1]}, {@code d0[]}) moves N elements, N being the mnemonic's digit.
     */
    private static Access neonStructure(String m, Operand[] ops, boolean write, int address, boolean thumbMode, String opStr) {
        var structure = NEON_STRUCTURE.matcher(m);
        var size = ELEMENT_SIZE.matcher(m);
        if (!structure.lookingAt() || !size.find()) return null;
        int registers = 0, memIndex = -1;
        for (int i = 0; i < ops.length; i++) {
            if (ops[i].getType() == OP_REG && memIndex < 0) registers++;
            if (ops[i].getType() == OP_MEM) memIndex = i;
        }
        if (memIndex < 0 || registers == 0) return null;
        int list = opStr.indexOf('}');
        boolean singleStructure = list > 0 && opStr.substring(0, list).contains("[");
        int bytes = singleStructure ? Integer.parseInt(structure.group(2)) * Integer.parseInt(size.group(1)) / 8 : 8 * registers;
        return new Access(new AccessPattern(AccessPattern.Form.POST_INDEXED, gpr(ops[memIndex].getValue().getMem().getBase()), -1,
                false, 0, 0, 0, bytes, !write, write, address, thumbMode), registers);
    }

    /** Bytes moved by a register list starting at operand {@code from}: 8 per D register, else 4. */
    private static int listBytes(Operand[] ops, int from) {
        int bytes = 0;
        for (int i = from; i < ops.length; i++) {
            int reg = ops[i].getValue().getReg();
            bytes += reg >= CS_D0 && reg <= CS_D31 ? 8 : 4;
        }
        return bytes;
    }

    private static int singleBytes(String m, Operand[] ops, int memIndex) {
        if (m.equals("vldr") || m.equals("vstr")) {
            int reg = ops[0].getValue().getReg();
            return reg >= CS_D0 && reg <= CS_D31 ? 8 : 4;
        }
        String core = m.replaceFirst("^(ldrex|strex|ldr|str)", "");
        if (!m.startsWith("ldr") && !m.startsWith("str")) return 0;
        if (core.endsWith("t")) core = core.substring(0, core.length() - 1); // ldrt, ldrbt, ...
        return switch (core) {
            case "" -> 4;
            case "b", "sb" -> 1;
            case "h", "sh" -> 2;
            case "d" -> 8;
            default -> 0;
        };
    }

    /** r0..r15 number of a Capstone core register id. */
    private static int gpr(int reg) {
        if (reg >= CS_R0 && reg <= CS_R0 + 12) return reg - CS_R0;
        return switch (reg) {
            case CS_SP -> 13;
            case CS_LR -> 14;
            case CS_PC -> 15;
            default -> throw new IllegalArgumentException("not a core register: capstone id " + reg);
        };
    }

    private static boolean writesPc(Instruction insn) {
        var access = insn.regsAccess();
        if (access == null) return false;
        for (short reg : access.getRegsWrite()) if (reg == CS_PC) return true;
        return false;
    }

    /** The mnemonic without {@code .w}/{@code .n} and without a trailing condition code. */
    public static String baseMnemonic(String mnemonic) {
        String m = mnemonic;
        int dot = m.indexOf('.');
        if (dot > 0 && (m.endsWith(".w") || m.endsWith(".n"))) m = m.substring(0, dot);
        if (m.length() > 2 && CONDITIONS.contains(m.substring(m.length() - 2)) && !KNOWN_WITH_CONDITION_LOOKALIKE.contains(m)) {
            String stripped = m.substring(0, m.length() - 2);
            if (!stripped.isEmpty()) return stripped;
        }
        return m;
    }

    /** Mnemonics whose last two letters look like a condition code but are part of the name. */
    private static final Set<String> KNOWN_WITH_CONDITION_LOOKALIKE = Set.of("svc", "hvc", "teq", "umlal", "smlal", "mls",
            "vmls", "vnmls", "smmls", "smlsld", "vcge", "vcgt", "vcle", "vclt", "vceq", "vacge", "vacgt");

    private static InstructionClass classify(String m, boolean writesPc) {
        if (m.startsWith("vld") || m.equals("vpop")) return InstructionClass.VFP_LOAD;
        if (m.startsWith("vst") || m.equals("vpush")) return InstructionClass.VFP_STORE;
        if (m.startsWith("v")) return InstructionClass.VFP_ALU;
        if (m.equals("pop") || m.startsWith("ldm")) return InstructionClass.LOAD_MULTIPLE;
        if (m.equals("push") || m.startsWith("stm")) return InstructionClass.STORE_MULTIPLE;
        if (m.startsWith("ldr")) return InstructionClass.LOAD;
        if (m.startsWith("str")) return InstructionClass.STORE;
        if (m.equals("udf")) return InstructionClass.UNDEFINED;
        if (m.equals("swp") || m.equals("swpb")) return InstructionClass.STORE; // a load and a store, priced as the store
        if (m.equals("nop") || m.startsWith("it") && m.length() <= 5 && m.chars().skip(1).allMatch(c -> c == 't' || c == 'e')) {
            return InstructionClass.NOP;
        }
        switch (m) {
            case "b", "bl", "blx", "bx", "bxj", "cbz", "cbnz", "tbb", "tbh", "eret" -> {
                return InstructionClass.BRANCH;
            }
            case "sdiv", "udiv" -> {
                return InstructionClass.DIVIDE;
            }
            case "svc", "mrs", "msr", "mcr", "mcr2", "mrc", "mrc2", "mcrr", "mrrc", "cps", "cpsie", "cpsid", "dmb", "dsb", "isb",
                    "wfi", "wfe", "sev", "yield", "clrex", "setend", "smc", "hvc", "bkpt", "srsdb", "rfeia" -> {
                return InstructionClass.SYSTEM;
            }
            default -> { }
        }
        if (m.startsWith("mul") || m.startsWith("mla") || m.startsWith("mls") || m.startsWith("umul") || m.startsWith("umla")
                || m.startsWith("umaal") || m.startsWith("smul") || m.startsWith("smla") || m.startsWith("smls")
                || m.startsWith("smmul") || m.startsWith("smmla") || m.startsWith("smmls") || m.startsWith("smuad")
                || m.startsWith("smusd") || m.startsWith("smlad") || m.startsWith("smlsd")) {
            return InstructionClass.MULTIPLY;
        }
        return writesPc ? InstructionClass.BRANCH : InstructionClass.ALU;
    }

    @Override
    public void close() {
        try {
            arm.close();
            thumb.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
