package ecusim.emulator.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes minimal ELF32 ARM executables byte by byte, so that each malformed case in the tests is one explicit
 * field change. Layout: ELF header, program headers, segment bytes, .symtab, .strtab, .shstrtab, then the
 * section header table last (so truncating the file cuts it first).
 */
final class ElfBuilder {
    static final int PT_LOAD = 1, PT_ARM_EXIDX = 0x70000001, PT_GNU_STACK = 0x6474e551;
    static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4;
    static final int SHN_UNDEF = 0, SHN_TEXT = 1;

    // ELF header fields; tests overwrite them to make a file malformed.
    int elfClass = 1, dataEncoding = 1, identVersion = 1, type = 2, machine = 40, version = 1;
    int entry = 0x10000, phentsize = 32, shentsize = 40;
    /** When not -1, the file is cut to this many bytes. */
    int truncateTo = -1;

    private boolean sectionHeaders = true;
    private final List<ProgramHeader> programHeaders = new ArrayList<>();
    private final List<Sym> symbols = new ArrayList<>();

    private record ProgramHeader(int type, int vaddr, byte[] data, int memsz, int flags) {}

    private record Sym(String name, int value, int size, int type, int shndx) {}

    /** A PT_LOAD segment; {@code flags} is any of "r", "w", "x". */
    ElfBuilder load(int vaddr, byte[] data, int memsz, String flags) {
        return programHeader(PT_LOAD, vaddr, data, memsz, flags);
    }

    ElfBuilder programHeader(int ptype, int vaddr, byte[] data, int memsz, String flags) {
        int f = (flags.contains("r") ? 4 : 0) | (flags.contains("w") ? 2 : 0) | (flags.contains("x") ? 1 : 0);
        programHeaders.add(new ProgramHeader(ptype, vaddr, data.clone(), memsz, f));
        return this;
    }

    /** A global symbol defined in section 1 (an arbitrary defined section). */
    ElfBuilder symbol(String name, int value, int size, int sttType) {
        return symbol(name, value, size, sttType, SHN_TEXT);
    }

    ElfBuilder symbol(String name, int value, int size, int sttType, int shndx) {
        symbols.add(new Sym(name, value, size, sttType, shndx));
        return this;
    }

    /** Writes no section headers at all (e_shoff = e_shnum = 0), as after {@code strip --strip-section-headers}. */
    ElfBuilder withoutSectionHeaders() {
        sectionHeaders = false;
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int bodyStart = 52 + 32 * programHeaders.size();
        int[] offsets = new int[programHeaders.size()];
        for (int i = 0; i < programHeaders.size(); i++) {
            offsets[i] = bodyStart + body.size();
            body.writeBytes(programHeaders.get(i).data());
            align(body, 4);
        }
        int shoff = 0, shnum = 0, shstrndx = 0;
        byte[] sectionTable = new byte[0];
        if (sectionHeaders) {
            ByteBuffer symtab = le(16 * (symbols.size() + 1));
            symtab.position(16); // entry 0: the null symbol
            ByteArrayOutputStream strtab = new ByteArrayOutputStream();
            strtab.write(0);
            for (Sym s : symbols) {
                symtab.putInt(strtab.size()).putInt(s.value()).putInt(s.size());
                symtab.put((byte) (0x10 | s.type())).put((byte) 0).putShort((short) s.shndx()); // STB_GLOBAL
                strtab.writeBytes(s.name().getBytes(StandardCharsets.UTF_8));
                strtab.write(0);
            }
            byte[] shstrtab = "\0.symtab\0.strtab\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
            int symtabAt = bodyStart + body.size();
            body.writeBytes(symtab.array());
            int strtabAt = bodyStart + body.size();
            body.writeBytes(strtab.toByteArray());
            int shstrtabAt = bodyStart + body.size();
            body.writeBytes(shstrtab);
            align(body, 4);
            shoff = bodyStart + body.size();
            shnum = 4;
            shstrndx = 3;
            ByteBuffer table = le(40 * shnum);
            table.position(40); // section 0: the null section
            sectionHeader(table, 1, 2, symtabAt, symtab.capacity(), 2, 16);          // .symtab, linked to .strtab
            sectionHeader(table, 9, 3, strtabAt, strtab.size(), 0, 0);               // .strtab
            sectionHeader(table, 17, 3, shstrtabAt, shstrtab.length, 0, 0);          // .shstrtab
            sectionTable = table.array();
        }
        ByteBuffer file = le(bodyStart + body.size() + sectionTable.length);
        file.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) dataEncoding, (byte) identVersion});
        file.position(16);
        file.putShort((short) type).putShort((short) machine).putInt(version).putInt(entry).putInt(52).putInt(shoff)
                .putInt(0x05000200); // e_flags: EABI version 5, soft float
        file.putShort((short) 52).putShort((short) phentsize).putShort((short) programHeaders.size())
                .putShort((short) shentsize).putShort((short) shnum).putShort((short) shstrndx);
        for (int i = 0; i < programHeaders.size(); i++) {
            ProgramHeader h = programHeaders.get(i);
            file.putInt(h.type()).putInt(offsets[i]).putInt(h.vaddr()).putInt(h.vaddr())
                    .putInt(h.data().length).putInt(h.memsz()).putInt(h.flags()).putInt(4);
        }
        file.put(body.toByteArray()).put(sectionTable);
        byte[] bytes = file.array();
        return truncateTo < 0 ? bytes : Arrays.copyOf(bytes, truncateTo);
    }

    private static void sectionHeader(ByteBuffer table, int name, int type, int offset, int size, int link, int entsize) {
        table.putInt(name).putInt(type).putInt(0).putInt(0).putInt(offset).putInt(size).putInt(link)
                .putInt(link == 0 ? 0 : 1).putInt(type == 2 ? 4 : 1).putInt(entsize);
    }

    private static void align(ByteArrayOutputStream out, int alignment) {
        while (out.size() % alignment != 0) out.write(0);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
