package ecusim.emulator.cpu;

import ecusim.emulator.decode.AccessRange;
import ecusim.emulator.mmu.FaultKind;

/** Why {@link ArmCpu#run(long)} returned. Faulting instructions have not executed; PC still points at them. */
public sealed interface CpuEvent {
    /** The instruction budget is used up; the next instruction has not executed. */
    record BudgetExhausted() implements CpuEvent {
        @Override
        public String toString() {
            return "instruction budget exhausted";
        }
    }

    /** An {@code svc #immediate} at {@code pc}; the CPU's PC already points past it ({@link #returnAddress()}). */
    record SystemCall(int pc, int immediate, boolean thumb) implements CpuEvent {
        public int returnAddress() {
            return pc + (thumb ? 2 : 4);
        }

        @Override
        public String toString() {
            return String.format("svc #%d at pc 0x%08x", immediate, pc);
        }
    }

    /**
     * A load or store aborted. {@code access} is the whole byte range the instruction touches (decoded from
     * the instruction and the registers, since Unicorn does not fill DFAR/DFSR); {@code faultAddress} the
     * first byte of the first page of that range the MMU refused; {@code instruction} its disassembly. For
     * kind {@link FaultKind#UNDECODED} the access is unknown: {@code access} is empty at the PC and the
     * fault address is the PC, the best known.
     */
    record DataAbort(int pc, AccessRange access, int faultAddress, FaultKind kind, String instruction) implements CpuEvent {
        @Override
        public String toString() {
            if (kind == FaultKind.UNDECODED) {
                return String.format("data abort by '%s' at pc 0x%08x (its memory access could not be decoded)", instruction, pc);
            }
            return String.format("data abort (%s fault at 0x%08x) on %s by '%s' at pc 0x%08x", kind.name().toLowerCase(java.util.Locale.ROOT),
                    faultAddress, access, instruction, pc);
        }
    }

    /** An instruction fetch from {@code address} aborted. */
    record PrefetchAbort(int address, FaultKind kind) implements CpuEvent {
        @Override
        public String toString() {
            return String.format("prefetch abort (%s fault) at 0x%08x", kind.name().toLowerCase(java.util.Locale.ROOT), address);
        }
    }

    /** The instruction at {@code pc} is undefined (or a feature this core lacks). */
    record UndefinedInstruction(int pc) implements CpuEvent {
        @Override
        public String toString() {
            return String.format("undefined instruction at pc 0x%08x", pc);
        }
    }

    /** A {@code bkpt} at {@code pc}. */
    record Breakpoint(int pc) implements CpuEvent {
        @Override
        public String toString() {
            return String.format("breakpoint at pc 0x%08x", pc);
        }
    }
}
