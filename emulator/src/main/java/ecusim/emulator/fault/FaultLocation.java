package ecusim.emulator.fault;

/** Where a fault goes, and which of its bits exist to be flipped. */
public sealed interface FaultLocation {
    /** The highest bit number of this location. */
    int highestBit();

    /** The lowest bit a fault may name: the PC's bit 0 is the instruction set, not an address bit. */
    default int lowestBit() {
        return 0;
    }

    /** r0–r14 (the PC is {@link Pc}). */
    record CoreRegister(int number) implements FaultLocation {
        public CoreRegister {
            if (number < 0 || number > 14) throw new IllegalArgumentException("core register r" + number + " (r0-r14; the PC is Pc)");
        }

        @Override
        public int highestBit() {
            return 31;
        }

        @Override
        public String toString() {
            return "r" + number;
        }
    }

    /** The program counter, bits 1–31; the Thumb state stays what it was. */
    record Pc() implements FaultLocation {
        @Override
        public int highestBit() {
            return 31;
        }

        @Override
        public int lowestBit() {
            return 1;
        }

        @Override
        public String toString() {
            return "pc";
        }
    }

    /** The CPSR's condition flags only: Q (27), V (28), C (29), Z (30), N (31); mode and state bits are not faults of user code. */
    record CpsrFlags() implements FaultLocation {
        @Override
        public int highestBit() {
            return 31;
        }

        @Override
        public int lowestBit() {
            return 27;
        }

        @Override
        public String toString() {
            return "cpsr";
        }
    }

    /** A VFP double register d0–d31, bits 0–63. */
    record VfpRegister(int number) implements FaultLocation {
        public VfpRegister {
            if (number < 0 || number > 31) throw new IllegalArgumentException("VFP register d" + number + " (d0-d31)");
        }

        @Override
        public int highestBit() {
            return 63;
        }

        @Override
        public String toString() {
            return "d" + number;
        }
    }

    /** A byte of memory at a virtual address of the current address space, bits 0–7. */
    record MemoryByte(int address) implements FaultLocation {
        @Override
        public int highestBit() {
            return 7;
        }

        @Override
        public String toString() {
            return String.format("mem[0x%08x]", address);
        }
    }
}
