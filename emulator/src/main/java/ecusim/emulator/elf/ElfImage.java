package ecusim.emulator.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A parsed ELF32 little-endian ARM executable: its loadable segments (sorted by address), entry point
 * (bit 0 set for a Thumb entry) and symbols. {@link #parse} validates everything the loader relies on and
 * rejects anything else with an {@link ElfFormatException} naming the file and the problem.
 */
public record ElfImage(String name, int entry, List<Segment> segments, SymbolTable symbols) {
    private static final int EHDR_SIZE = 52, PHDR_SIZE = 32, SHDR_SIZE = 40;
    private static final int PT_LOAD = 1, SHT_SYMTAB = 2, EM_ARM = 40, ET_EXEC = 2;
    private static final int PF_X = 1, PF_W = 2, PF_R = 4;
    private static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2;

    public ElfImage {
        segments = List.copyOf(segments);
    }

    public boolean thumbEntry() {
        return (entry & 1) != 0;
    }

    /** Parses and validates {@code bytes}; {@code name} is used in error messages. */
    public static ElfImage parse(String name, byte[] bytes) throws ElfFormatException {
        return new Parser(name, bytes).parse();
    }

    private static final class Parser {
        private final String name;
        private final byte[] bytes;
        private final ByteBuffer buffer;

        Parser(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
            this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        ElfFormatException error(String problem) {
            return new ElfFormatException(name + ": " + problem);
        }

        ElfImage parse() throws ElfFormatException {
            if (bytes.length < 16 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
                throw error("not an ELF file (bad magic)");
            }
            if (bytes[4] == 2) throw error("ELFCLASS64, expected ELFCLASS32");
            if (bytes[4] != 1) throw error("unknown ELF class " + bytes[4] + ", expected 1 (ELFCLASS32)");
            if (bytes[5] == 2) throw error("big-endian, expected little-endian");
            if (bytes[5] != 1) throw error("unknown data encoding " + bytes[5] + ", expected 1 (little-endian)");
            if (bytes[6] != 1) throw error("unknown ELF version " + bytes[6]);
            if (bytes.length < EHDR_SIZE) throw error("truncated: ELF header needs " + EHDR_SIZE + " bytes, file has " + bytes.length);
            int type = u16(16), machine = u16(18);
            if (machine != EM_ARM) throw error("e_machine " + machine + machineName(machine) + ", expected 40 (ARM)");
            if (type != ET_EXEC) throw error("e_type " + type + typeName(type) + ", expected 2 (EXEC)");
            int entry = buffer.getInt(24);
            long phoff = u32(28), shoff = u32(32);
            int phentsize = u16(42), phnum = u16(44), shentsize = u16(46), shnum = u16(48);
            if (phnum > 0 && phentsize != PHDR_SIZE) throw error("e_phentsize " + phentsize + ", expected " + PHDR_SIZE);
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < phnum; i++) {
                long at = phoff + (long) i * PHDR_SIZE;
                if (at + PHDR_SIZE > bytes.length) {
                    throw error(String.format("truncated: program header %d at offset 0x%x extends past end of file (size %d)", i, at, bytes.length));
                }
                if (buffer.getInt((int) at) != PT_LOAD) continue;
                segments.add(segment(i, (int) at));
            }
            if (segments.isEmpty()) throw error("no loadable segments");
            segments.sort(Comparator.comparingLong(s -> s.vaddr() & 0xFFFF_FFFFL));
            for (int i = 1; i < segments.size(); i++) {
                Segment a = segments.get(i - 1), b = segments.get(i);
                if ((b.vaddr() & 0xFFFF_FFFFL) < a.end()) throw error("segment " + b + " overlaps segment " + a);
            }
            SymbolTable symbols = shnum == 0 || shoff == 0 ? SymbolTable.empty() : symbols(shoff, shentsize, shnum);
            return new ElfImage(name, entry, segments, symbols);
        }

        private Segment segment(int index, int at) throws ElfFormatException {
            long offset = u32(at + 4), vaddr = u32(at + 8), filesz = u32(at + 16), memsz = u32(at + 20);
            int flags = buffer.getInt(at + 24);
            if (filesz > memsz) throw error(String.format("segment %d filesz 0x%x > memsz 0x%x", index, filesz, memsz));
            if (vaddr + memsz > 1L << 32) throw error(String.format("segment %d [0x%x, +0x%x) wraps past 4 GiB", index, vaddr, memsz));
            if (offset + filesz > bytes.length) {
                throw error(String.format("truncated: segment %d file range [0x%x, 0x%x) extends past end of file (size %d)",
                        index, offset, offset + filesz, bytes.length));
            }
            byte[] data = new byte[(int) filesz];
            System.arraycopy(bytes, (int) offset, data, 0, data.length);
            return new Segment((int) vaddr, (int) memsz, data, (flags & PF_R) != 0, (flags & PF_W) != 0, (flags & PF_X) != 0);
        }

        private SymbolTable symbols(long shoff, int shentsize, int shnum) throws ElfFormatException {
            if (shentsize != SHDR_SIZE) throw error("e_shentsize " + shentsize + ", expected " + SHDR_SIZE);
            if (shoff + (long) shnum * SHDR_SIZE > bytes.length) {
                throw error(String.format("truncated: section header table at offset 0x%x (%d entries) extends past end of file (size %d)",
                        shoff, shnum, bytes.length));
            }
            for (int i = 0; i < shnum; i++) {
                int at = (int) (shoff + (long) i * SHDR_SIZE);
                if (buffer.getInt(at + 4) != SHT_SYMTAB) continue;
                long offset = u32(at + 16), size = u32(at + 20);
                int link = buffer.getInt(at + 24);
                if (offset + size > bytes.length) throw error("truncated: .symtab extends past end of file");
                if (link <= 0 || link >= shnum) throw error(".symtab links to section " + link + ", which does not exist");
                int strAt = (int) (shoff + (long) link * SHDR_SIZE);
                long strOffset = u32(strAt + 16), strSize = u32(strAt + 20);
                if (strOffset + strSize > bytes.length) throw error("truncated: symbol string table extends past end of file");
                return readSymbols((int) offset, (int) (size / 16), (int) strOffset, (int) strSize);
            }
            return SymbolTable.empty();
        }

        private SymbolTable readSymbols(int offset, int count, int strings, int stringsSize) throws ElfFormatException {
            List<Symbol> symbols = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int at = offset + i * 16;
                int nameOffset = buffer.getInt(at), value = buffer.getInt(at + 4), size = buffer.getInt(at + 8);
                int info = bytes[at + 12] & 0xFF, shndx = u16(at + 14);
                int type = info & 0xF;
                if (shndx == 0 || (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE)) continue;
                if (nameOffset < 0 || nameOffset >= stringsSize) throw error("symbol " + i + " name offset " + nameOffset + " outside the string table");
                String symbolName = cString(strings + nameOffset, strings + stringsSize);
                if (symbolName.isEmpty() || symbolName.startsWith("$")) continue; // $a/$t/$d mapping symbols
                boolean thumb = type == STT_FUNC && (value & 1) != 0;
                Symbol.Kind kind = type == STT_FUNC ? Symbol.Kind.FUNCTION : type == STT_OBJECT ? Symbol.Kind.OBJECT : Symbol.Kind.OTHER;
                symbols.add(new Symbol(symbolName, thumb ? value & ~1 : value, size, kind, thumb));
            }
            return new SymbolTable(symbols);
        }

        private String cString(int from, int limit) {
            int end = from;
            while (end < limit && bytes[end] != 0) end++;
            return new String(bytes, from, end - from, StandardCharsets.UTF_8);
        }

        private int u16(int at) {
            return buffer.getShort(at) & 0xFFFF;
        }

        private long u32(int at) {
            return buffer.getInt(at) & 0xFFFF_FFFFL;
        }

        private static String machineName(int machine) {
            return switch (machine) {
                case 3 -> " (x86)";
                case 62 -> " (x86-64)";
                case 183 -> " (AArch64)";
                case 243 -> " (RISC-V)";
                default -> "";
            };
        }

        private static String typeName(int type) {
            return switch (type) {
                case 1 -> " (REL)";
                case 3 -> " (DYN)";
                case 4 -> " (CORE)";
                default -> "";
            };
        }
    }
}
