package ecusim.emulator.elf;

import java.util.List;
import java.util.Objects;

/**
 * A parsed ELF32 little-endian ARM executable: its loadable segments sorted by address and not overlapping,
 * its entry point as the header gives it (bit 0 set for a Thumb entry) and its symbols.
 */
public record ElfImage(String name, int entry, List<Segment> segments, SymbolTable symbols) {
    public ElfImage {
        Objects.requireNonNull(name, "name");
        segments = List.copyOf(segments);
        Objects.requireNonNull(symbols, "symbols");
    }

    /**
     * Parses and validates {@code bytes}, rejecting anything but a well-formed ARM executable with at least one
     * PT_LOAD segment; {@code name} (usually the file name) starts every error message.
     */
    public static ElfImage parse(String name, byte[] bytes) throws ElfFormatException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        ElfBytes in = new ElfBytes(name, bytes);
        ElfHeader header = ElfHeader.read(in);
        List<Segment> segments = SegmentReader.read(in, header);
        return new ElfImage(name, header.entry(), segments, SymbolReader.read(in, header));
    }

    /** Whether execution starts in Thumb state (bit 0 of the entry point, as for a BX target). */
    public boolean thumbEntry() {
        return (entry & 1) != 0;
    }
}
