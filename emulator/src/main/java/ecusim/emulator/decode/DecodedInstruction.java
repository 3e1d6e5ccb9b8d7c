package ecusim.emulator.decode;

/**
 * One decoded instruction: where it is, how long, what the cost model calls it, how many registers it
 * transfers (LDM/STM/PUSH/POP/VLDM/VSTM lists, 2 for LDRD/STRD, 1 for other single transfers, else 0),
 * the memory it accesses (null if none) and whether it writes the PC.
 */
public record DecodedInstruction(int address, int size, boolean thumb, String mnemonic, String operands,
                                 InstructionClass kind, int transferCount, AccessPattern access, boolean writesPc) {
    @Override
    public String toString() {
        return operands.isEmpty() ? mnemonic : mnemonic + " " + operands;
    }
}
