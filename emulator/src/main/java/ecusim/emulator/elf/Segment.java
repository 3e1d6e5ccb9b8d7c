package ecusim.emulator.elf;

/**
 * A PT_LOAD segment: {@code memSize} bytes at {@code vaddr}, the first {@code data.length} from the file,
 * the rest zero. Immutable (the data is copied in and out).
 */
public record Segment(int vaddr, int memSize, byte[] data, boolean readable, boolean writable, boolean executable) {
    public Segment {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int fileSize() {
        return data.length;
    }

    /** First address past the segment, as an unsigned value. */
    public long end() {
        return (vaddr & 0xFFFF_FFFFL) + (memSize & 0xFFFF_FFFFL);
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x) %s%s%s", vaddr, end(), readable ? "r" : "-", writable ? "w" : "-", executable ? "x" : "-");
    }
}
