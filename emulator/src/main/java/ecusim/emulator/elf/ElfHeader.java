package ecusim.emulator.elf;

/**
 * The validated fields of an ELF32 header that locate the rest of the file. {@link #read} accepts only a
 * little-endian ARM executable; tables are bounds-checked by their readers, which know each entry's index.
 */
record ElfHeader(int entry, long phoff, int phnum, long shoff, int shentsize, int shnum) {
    static final int SIZE = 52;
    static final int PHDR_SIZE = 32;
    private static final int ELFCLASS32 = 1, ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1, ELFDATA2MSB = 2;
    private static final int EV_CURRENT = 1;
    private static final int ET_EXEC = 2;
    private static final int EM_ARM = 40;

    static ElfHeader read(ElfBytes in) throws ElfFormatException {
        if (!in.fits(0, 4) || in.u8(0) != 0x7f || in.u8(1) != 'E' || in.u8(2) != 'L' || in.u8(3) != 'F') {
            throw in.reject("not an ELF file (bad magic)");
        }
        if (!in.fits(0, SIZE)) {
            throw in.reject("truncated: ELF header needs " + SIZE + " bytes, file has " + in.length());
        }
        int elfClass = in.u8(4);
        if (elfClass == ELFCLASS64) throw in.reject("ELFCLASS64, expected ELFCLASS32");
        if (elfClass != ELFCLASS32) throw in.reject("EI_CLASS " + elfClass + " (invalid), expected 1 (ELFCLASS32)");
        int data = in.u8(5);
        if (data == ELFDATA2MSB) throw in.reject("big-endian, expected little-endian");
        if (data != ELFDATA2LSB) throw in.reject("EI_DATA " + data + " (invalid), expected 1 (little-endian)");
        int identVersion = in.u8(6);
        if (identVersion != EV_CURRENT) throw in.reject("EI_VERSION " + identVersion + ", expected 1 (EV_CURRENT)");
        int machine = in.u16(18);
        if (machine != EM_ARM) throw in.reject("e_machine " + machine + machineName(machine) + ", expected 40 (ARM)");
        int type = in.u16(16);
        if (type != ET_EXEC) throw in.reject("e_type " + type + typeName(type) + ", expected 2 (EXEC)");
        long version = in.u32(20);
        if (version != EV_CURRENT) throw in.reject("e_version " + version + ", expected 1 (EV_CURRENT)");
        int phentsize = in.u16(42), phnum = in.u16(44);
        // With no program headers the size field is meaningless; that case is "no loadable segments".
        if (phnum > 0 && phentsize != PHDR_SIZE) throw in.reject("e_phentsize " + phentsize + ", expected " + PHDR_SIZE);
        return new ElfHeader(in.i32(24), in.u32(28), phnum, in.u32(32), in.u16(46), in.u16(48));
    }

    /** Whether the file has a section header table (the ELF spec marks its absence with a zero offset or count). */
    boolean hasSectionHeaders() {
        return shoff != 0 && shnum != 0;
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case 0 -> " (none)";
            case 3 -> " (x86)";
            case 8 -> " (MIPS)";
            case 20 -> " (PowerPC)";
            case 62 -> " (x86-64)";
            case 183 -> " (AArch64)";
            case 243 -> " (RISC-V)";
            default -> "";
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0 -> " (NONE)";
            case 1 -> " (REL)";
            case 3 -> " (DYN)";
            case 4 -> " (CORE)";
            default -> "";
        };
    }
}
