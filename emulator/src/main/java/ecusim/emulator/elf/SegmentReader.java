package ecusim.emulator.elf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the PT_LOAD program headers into {@link Segment}s sorted by address, rejecting headers past the end
 * of the file, segments whose bytes are missing, filesz above memsz, ranges wrapping past 2^32 and overlaps.
 * Other program header types (ARM_EXIDX, GNU_STACK, ...) describe nothing the loader needs and are skipped.
 * Error messages number segments by their program header index, as {@code readelf -l} does.
 */
final class SegmentReader {
    private static final int PT_LOAD = 1;
    private static final int PF_X = 1, PF_W = 2, PF_R = 4;
    private static final long ADDRESS_SPACE = 1L << 32;

    private SegmentReader() {}

    /** A segment with its program header index, for messages. */
    private record Indexed(int index, Segment segment) {
        long start() {
            return Integer.toUnsignedLong(segment.vaddr());
        }

        String range() {
            return String.format("segment %d [0x%x, 0x%x)", index, start(), segment.end());
        }
    }

    static List<Segment> read(ElfBytes in, ElfHeader header) throws ElfFormatException {
        // The whole table first: a truncated file should be reported as such, not by a segment it cut short.
        for (int i = 0; i < header.phnum(); i++) {
            long at = programHeader(header, i);
            if (!in.fits(at, ElfHeader.PHDR_SIZE)) throw in.truncated("program header " + i, at);
        }
        List<Indexed> loads = new ArrayList<>();
        for (int i = 0; i < header.phnum(); i++) {
            long at = programHeader(header, i);
            if (in.i32(at) == PT_LOAD) loads.add(new Indexed(i, load(in, i, at)));
        }
        if (loads.isEmpty()) throw in.reject("no loadable segments");
        loads.sort(Comparator.comparingLong(Indexed::start));
        rejectOverlaps(in, loads);
        return loads.stream().map(Indexed::segment).toList();
    }

    private static long programHeader(ElfHeader header, int index) {
        return header.phoff() + (long) index * ElfHeader.PHDR_SIZE;
    }

    private static Segment load(ElfBytes in, int index, long at) throws ElfFormatException {
        long offset = in.u32(at + 4), vaddr = in.u32(at + 8), filesz = in.u32(at + 16), memsz = in.u32(at + 20);
        int flags = in.i32(at + 24);
        if (filesz > memsz) throw in.reject(String.format("segment %d filesz 0x%x > memsz 0x%x", index, filesz, memsz));
        if (vaddr + memsz > ADDRESS_SPACE) {
            throw in.reject(String.format("segment %d [0x%x, 0x%x) wraps past the end of the 32-bit address space",
                    index, vaddr, vaddr + memsz));
        }
        if (filesz > 0 && !in.fits(offset, filesz)) {
            throw in.reject(String.format("truncated: segment %d file range [0x%x, 0x%x) extends past end of file (size %d)",
                    index, offset, offset + filesz, in.length()));
        }
        return new Segment((int) vaddr, (int) memsz, in.copy(offset, filesz),
                (flags & PF_R) != 0, (flags & PF_W) != 0, (flags & PF_X) != 0);
    }

    /**
     * {@code loads} is sorted by start, so until the first overlap each segment ends before the next begins:
     * comparing neighbours suffices. Empty segments occupy no addresses and overlap nothing.
     */
    private static void rejectOverlaps(ElfBytes in, List<Indexed> loads) throws ElfFormatException {
        Indexed previous = null;
        for (Indexed next : loads) {
            if (next.segment().memSize() == 0) continue;
            if (previous != null && next.start() < previous.segment().end()) {
                throw in.reject(next.range() + " overlaps " + previous.range());
            }
            previous = next;
        }
    }
}
