package ecusim.emulator.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code .symtab} (found by section type, its names in the string table its {@code sh_link} names) into
 * a {@link SymbolTable}. A file without section headers (stripped of them) has no symbols; one whose section
 * headers or symbol sections lie past the end of the file is rejected.
 */
final class SymbolReader {
    private static final int SHDR_SIZE = 40;
    private static final int SYM_SIZE = 16;
    private static final int SHT_SYMTAB = 2, SHT_STRTAB = 3;
    private static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2;
    private static final int SHN_UNDEF = 0;
    /** ARM ELF mapping symbols mark where ARM code, Thumb code and data start; they are not names (AAELF32 5.5.5). */
    private static final Pattern MAPPING_SYMBOL = Pattern.compile("\\$[atdx](\\..*)?");

    private SymbolReader() {}

    static SymbolTable read(ElfBytes in, ElfHeader header) throws ElfFormatException {
        if (!header.hasSectionHeaders()) return SymbolTable.empty();
        if (header.shentsize() != SHDR_SIZE) throw in.reject("e_shentsize " + header.shentsize() + ", expected " + SHDR_SIZE);
        for (int i = 0; i < header.shnum(); i++) {
            long at = sectionHeader(header, i);
            if (!in.fits(at, SHDR_SIZE)) throw in.truncated("section header " + i, at);
        }
        for (int i = 0; i < header.shnum(); i++) {
            if (in.i32(sectionHeader(header, i) + 4) == SHT_SYMTAB) return symbols(in, header, i); // at most one per file
        }
        return SymbolTable.empty();
    }

    private static SymbolTable symbols(ElfBytes in, ElfHeader header, int symtab) throws ElfFormatException {
        long at = sectionHeader(header, symtab);
        String what = "symbol table (section " + symtab + ")";
        long entsize = in.u32(at + 36);
        if (entsize != SYM_SIZE) throw in.reject(what + " sh_entsize " + entsize + ", expected " + SYM_SIZE);
        long offset = in.u32(at + 16), size = in.u32(at + 20);
        if (!in.fits(offset, size)) throw in.truncated(what, offset);
        long link = in.u32(at + 24);
        if (link == 0 || link >= header.shnum() || in.i32(sectionHeader(header, (int) link) + 4) != SHT_STRTAB) {
            throw in.reject(what + " sh_link " + link + " is not a string table section");
        }
        long strAt = sectionHeader(header, (int) link);
        long strings = in.u32(strAt + 16), stringsSize = in.u32(strAt + 20);
        if (!in.fits(strings, stringsSize)) throw in.truncated("string table (section " + link + ")", strings);

        List<Symbol> kept = new ArrayList<>();
        for (long i = 1; i < size / SYM_SIZE; i++) { // entry 0 is the reserved null symbol
            long sym = offset + i * SYM_SIZE;
            int type = in.u8(sym + 12) & 0xF;
            Symbol.Kind kind = switch (type) {
                case STT_FUNC -> Symbol.Kind.FUNC;
                case STT_OBJECT -> Symbol.Kind.OBJECT;
                case STT_NOTYPE -> Symbol.Kind.NOTYPE;
                default -> null; // sections, files, TLS: not code or data addresses
            };
            if (kind == null || in.u16(sym + 14) == SHN_UNDEF) continue;
            long nameOffset = in.u32(sym);
            if (nameOffset >= stringsSize) {
                throw in.reject(String.format("symbol %d name offset 0x%x is outside the string table (size 0x%x)", i, nameOffset, stringsSize));
            }
            String name = in.cString(strings + nameOffset, strings + stringsSize);
            if (name.isEmpty() || MAPPING_SYMBOL.matcher(name).matches()) continue;
            int value = in.i32(sym + 4);
            boolean thumb = kind == Symbol.Kind.FUNC && (value & 1) != 0; // the ARM ELF convention for Thumb functions
            kept.add(new Symbol(name, thumb ? value & ~1 : value, in.i32(sym + 8), kind, thumb));
        }
        return SymbolTable.of(kept);
    }

    private static long sectionHeader(ElfHeader header, int index) {
        return header.shoff() + (long) index * SHDR_SIZE;
    }
}
