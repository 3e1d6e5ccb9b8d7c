package ecusim.hostile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hand-made ELF32 ARM executables: one read-execute segment of code at a chosen address, entry at its start. */
final class TinyElf {
    private TinyElf() {}

    /** ARM code words at {@code address}; with {@code thumb} the entry point gets bit 0 and the words are halfword pairs. */
    static byte[] code(int address, boolean thumb, int... words) {
        return withFlags(address, thumb, 5, words);
    }

    /** The same with the segment's flags ({@code 7}: readable, writable and executable). */
    static byte[] withFlags(int address, boolean thumb, int flags, int... words) {
        int header = 52, phdr = 32, offset = 0x1000;
        ByteBuffer b = ByteBuffer.allocate(offset + words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0}).put(new byte[8]);
        b.putShort((short) 2).putShort((short) 40).putInt(1).putInt(address | (thumb ? 1 : 0)).putInt(header).putInt(0)
                .putInt(0x0500_0000).putShort((short) header).putShort((short) phdr).putShort((short) 1)
                .putShort((short) 40).putShort((short) 0).putShort((short) 0);
        b.putInt(1).putInt(offset).putInt(address).putInt(address).putInt(words.length * 4).putInt(words.length * 4).putInt(flags).putInt(0x1000);
        b.position(offset);
        for (int w : words) b.putInt(w);
        return b.array();
    }
}
