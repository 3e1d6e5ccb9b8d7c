package ecusim.emulator.fault;

import ecusim.emulator.cpu.ArmCpu;
import ecusim.emulator.cpu.ArmReg;
import ecusim.emulator.cpu.CpuEvent;
import ecusim.emulator.cpu.RegisterFile;

/**
 * Injects a {@link Fault} into a core between two architectural instructions. Counts are the CPU's own
 * ({@link ArmCpu#instructions()}): exact, condition-failed IT-block instructions included, so "before
 * instruction N" means the same place in every run of the same program.
 */
public final class FaultInjector {
    private FaultInjector() {
    }

    /** What became of an injection. */
    public sealed interface Outcome {
        /** The bit was flipped when {@code instructions} had retired, with the PC at {@code pc}. */
        record Injected(long instructions, int pc) implements Outcome {}

        /** The core stopped for {@code event} at {@code instructions}, before the place of the fault: nothing was flipped. */
        record NotReached(CpuEvent event, long instructions) implements Outcome {}
    }

    /**
     * Runs the core until exactly {@code instruction} instructions have retired in total, then flips the
     * fault's bit; the core stands before instruction {@code instruction} + 1. If it stops before (a system
     * call, an abort), the fault is not injected and the event is returned, for the caller to handle and
     * call again.
     */
    public static Outcome injectAt(ArmCpu cpu, long instruction, Fault fault) {
        Outcome stopped = runTo(cpu, instruction);
        if (stopped != null) return stopped;
        flip(cpu, fault);
        return new Outcome.Injected(cpu.instructions(), cpu.register(ArmReg.PC));
    }

    /**
     * As {@link #injectAt}, but from instruction {@code from} on goes instruction by instruction until the PC
     * is {@code pc} (at most {@code limit} instructions more), and flips the bit there: a fault at the n-th
     * time an instruction is reached, as FAIL* places it.
     */
    public static Outcome injectAtPc(ArmCpu cpu, long from, int pc, long limit, Fault fault) {
        Outcome stopped = runTo(cpu, from);
        if (stopped != null) return stopped;
        for (long stepped = 0; cpu.register(ArmReg.PC) != (pc & ~1); stepped++) {
            if (stepped == limit) return new Outcome.NotReached(new CpuEvent.BudgetExhausted(), cpu.instructions());
            CpuEvent event = cpu.run(1);
            if (!(event instanceof CpuEvent.BudgetExhausted)) return new Outcome.NotReached(event, cpu.instructions());
        }
        flip(cpu, fault);
        return new Outcome.Injected(cpu.instructions(), cpu.register(ArmReg.PC));
    }

    /**
     * Holds a stuck-at fault's bit before each of the core's next {@code instructions} instructions, running
     * them one at a time: whatever the code writes there, it reads the bit as stuck. Returns
     * {@link CpuEvent.BudgetExhausted} when they have run, or the event that stopped the core before (the
     * caller handles it and calls again for the rest).
     */
    public static CpuEvent holdFor(ArmCpu cpu, Fault fault, long instructions) {
        for (long held = 0; held < instructions; held++) {
            force(cpu, fault);
            CpuEvent event = cpu.run(1);
            if (!(event instanceof CpuEvent.BudgetExhausted)) return event;
        }
        return new CpuEvent.BudgetExhausted();
    }

    /** Runs until exactly {@code instruction} instructions have retired; null, or what stopped the core before. */
    private static Outcome runTo(ArmCpu cpu, long instruction) {
        if (instruction < cpu.instructions()) {
            throw new IllegalStateException("instruction " + instruction + " has passed: " + cpu.instructions() + " have retired");
        }
        while (cpu.instructions() < instruction) {
            CpuEvent event = cpu.run(instruction - cpu.instructions());
            if (!(event instanceof CpuEvent.BudgetExhausted)) return new Outcome.NotReached(event, cpu.instructions());
        }
        return null;
    }

    /**
     * Flips the fault's bit now. A byte of memory must be mapped in the current address space (else an
     * {@link IllegalArgumentException} names the address); a flip in executable memory drops the
     * translations of that page, so the changed instruction is the one that runs.
     */
    public static void flip(ArmCpu cpu, Fault fault) {
        switch (fault.location()) {
            case FaultLocation.MemoryByte m -> {
                byte[] b = new byte[1];
                cpu.readVirtual(m.address(), b, 0, 1);
                b[0] ^= (byte) (1 << fault.bit());
                cpu.writeVirtual(m.address(), b, 0, 1);
            }
            default -> cpu.setRegisters(flipped(cpu.registers(), fault));
        }
    }

    /**
     * Holds a stuck-at fault's bit at its value now (a byte of memory must be mapped, as for {@link #flip});
     * false if it held that value already (nothing written: no translations dropped).
     */
    public static boolean force(ArmCpu cpu, Fault fault) {
        int value = fault.stuckValue();
        if (fault.location() instanceof FaultLocation.MemoryByte m) {
            byte[] b = new byte[1];
            cpu.readVirtual(m.address(), b, 0, 1);
            if (((b[0] >> fault.bit()) & 1) == value) return false;
            b[0] ^= (byte) (1 << fault.bit());
            cpu.writeVirtual(m.address(), b, 0, 1);
            return true;
        }
        if (bitOf(cpu.registers(), fault) == value) return false;
        cpu.setRegisters(flipped(cpu.registers(), fault));
        return true;
    }

    /** The fault's bit of a register location in {@code r}. */
    static int bitOf(RegisterFile r, Fault fault) {
        return switch (fault.location()) {
            case FaultLocation.CoreRegister c -> (r.gpr()[c.number()] >>> fault.bit()) & 1;
            case FaultLocation.Pc p -> (r.gpr()[15] >>> fault.bit()) & 1;
            case FaultLocation.CpsrFlags f -> (r.cpsr() >>> fault.bit()) & 1;
            case FaultLocation.VfpRegister v -> (int) ((r.vfp()[v.number()] >>> fault.bit()) & 1);
            case FaultLocation.MemoryByte m -> throw new AssertionError("not a register");
        };
    }

    private static RegisterFile flipped(RegisterFile r, Fault fault) {
        int[] gpr = r.gpr();
        long[] vfp = r.vfp();
        int cpsr = r.cpsr();
        switch (fault.location()) {
            case FaultLocation.CoreRegister c -> gpr[c.number()] ^= 1 << fault.bit();
            case FaultLocation.Pc p -> gpr[15] ^= 1 << fault.bit();
            case FaultLocation.CpsrFlags f -> cpsr ^= 1 << fault.bit();
            case FaultLocation.VfpRegister v -> vfp[v.number()] ^= 1L << fault.bit();
            case FaultLocation.MemoryByte m -> throw new AssertionError("not a register");
        }
        return new RegisterFile(gpr, cpsr, vfp, r.fpscr(), r.tpidrurw(), r.tpidruro());
    }
}
