package ecusim.emulator.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes small ELF32 files byte by byte, so each malformed case in the tests is explicit. */
final class ElfBuilder {
    int elfClass = 1, dataEncoding = 1, type = 2, machine = 40, entry = 0x10000, phentsize = 32;
    int truncateTo = -1;
    private final List<int[]> headers = new ArrayList<>();   // type, vaddr, filesz, memsz, flags
    private final List<byte[]> contents = new ArrayList<>();
    private final List<Object[]> symbols = new ArrayList<>(); // name, value, size, stt type

    ElfBuilder segment(int vaddr, byte[] data, int memsz, String flags) {
        return header(1, vaddr, data, memsz, flags);
    }

    ElfBuilder header(int ptype, int vaddr, byte[] data, int memsz, String flags) {
        int f = (flags.contains("r") ? 4 : 0) | (flags.contains("w") ? 2 : 0) | (flags.contains("x") ? 1 : 0);
        headers.add(new int[] {ptype, vaddr, data.length, memsz, f});
        contents.add(data.clone());
        return this;
    }

    ElfBuilder symbol(String name, int value, int size, int sttType) {
        symbols.add(new Object[] {name, value, size, sttType});
        return this;
    }

    byte[] build() {
        int phoff = 52;
        int dataStart = phoff + headers.size() * 32;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] offsets = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            offsets[i] = dataStart + body.size();
            body.writeBytes(contents.get(i));
        }
        byte[] sections = new byte[0];
        int shoff = 0, shnum = 0;
        if (!symbols.isEmpty()) {
            int base = dataStart + body.size();
            ByteArrayOutputStream strtab = new ByteArrayOutputStream();
            strtab.write(0);
            ByteBuffer symtab = ByteBuffer.allocate(16 * (symbols.size() + 1)).order(ByteOrder.LITTLE_ENDIAN);
            symtab.position(16);
            for (Object[] s : symbols) {
                int nameOffset = strtab.size();
                strtab.writeBytes(((String) s[0]).getBytes(StandardCharsets.UTF_8));
                strtab.write(0);
                symtab.putInt(nameOffset).putInt((Integer) s[1]).putInt((Integer) s[2]);
                symtab.put((byte) (0x10 | (Integer) s[3])).put((byte) 0).putShort((short) 1);
            }
            byte[] str = strtab.toByteArray();
            int symOffset = base, strOffset = base + symtab.capacity();
            shoff = (strOffset + str.length + 3) & ~3;
            shnum = 3; // null, .symtab, .strtab
            ByteBuffer out = ByteBuffer.allocate(shoff - base + shnum * 40).order(ByteOrder.LITTLE_ENDIAN);
            out.put(symtab.array()).put(str);
            out.position(shoff - base + 40);
            out.putInt(0).putInt(2).putInt(0).putInt(0).putInt(symOffset).putInt(symtab.capacity()).putInt(2).putInt(0).putInt(4).putInt(16);
            out.putInt(0).putInt(3).putInt(0).putInt(0).putInt(strOffset).putInt(str.length).putInt(0).putInt(0).putInt(1).putInt(0);
            sections = out.array();
        }
        ByteBuffer file = ByteBuffer.allocate(dataStart + body.size() + sections.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) dataEncoding, 1, 0});
        file.position(16);
        file.putShort((short) type).putShort((short) machine).putInt(1).putInt(entry).putInt(phoff).putInt(shoff).putInt(0x05000200);
        file.putShort((short) 52).putShort((short) phentsize).putShort((short) headers.size()).putShort((short) 40)
                .putShort((short) shnum).putShort((short) 0);
        for (int i = 0; i < headers.size(); i++) {
            int[] h = headers.get(i);
            file.putInt(h[0]).putInt(offsets[i]).putInt(h[1]).putInt(h[1]).putInt(h[2]).putInt(h[3]).putInt(h[4]).putInt(4096);
        }
        file.put(body.toByteArray()).put(sections);
        byte[] bytes = file.array();
        return truncateTo < 0 ? bytes : java.util.Arrays.copyOf(bytes, truncateTo);
    }
}
