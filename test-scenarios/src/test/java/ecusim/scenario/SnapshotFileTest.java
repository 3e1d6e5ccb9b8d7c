package ecusim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.platform.SnapshotException;
import ecusim.platform.SnapshotFile;
import ecusim.platform.SnapshotFormatException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot file that is not exactly what ecusim wrote is refused, saying which record and byte, and
 * nothing of it is used: truncated anywhere, any byte changed, records reordered, another format version,
 * another layout of the records, or a snapshot of another configuration.
 */
class SnapshotFileTest {
    private static final byte[] FILE = snapshotOf("pingpong", 700).encode();

    private static ScenarioSnapshot snapshotOf(String name, long at) {
        try {
            Scenario scenario = ScenarioReader.read(Path.of("scenarios", name + ".xml"));
            try (ScenarioRun run = ScenarioRun.start(scenario, ScenarioRunner.configure(scenario), line -> { })) {
                run.runTo(at);
                return run.snapshot();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSnapshotFileReadsBackToTheSameBytes() throws Exception {
        assertTrue(Arrays.equals(FILE, ScenarioSnapshot.decode(FILE).encode()));
    }

    @Property(tries = 200, seed = "3")
    void aFileCutShortAnywhereIsRefused(@ForAll @IntRange(min = 0, max = 1_000_000) int cut) {
        int length = cut % FILE.length;
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> ScenarioSnapshot.decode(Arrays.copyOf(FILE, length)));
        assertTrue(e.offset() <= length, e.getMessage());
    }

    @Property(tries = 300, seed = "5")
    void anyChangedByteIsRefusedWithItsRecord(@ForAll @IntRange(min = 0, max = 1_000_000) int at, @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] damaged = FILE.clone();
        int index = at % damaged.length;
        damaged[index] ^= (byte) flip;
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> ScenarioSnapshot.decode(damaged));
        assertTrue(e.offset() <= index, "reported at " + e.offset() + ", the change is at " + index + ": " + e.getMessage());
    }

    @Test
    void recordsInAnotherOrderAreRefused() {
        List<int[]> records = recordBounds(FILE);
        int[] a = records.get(1), b = records.get(2);
        byte[] swapped = new byte[FILE.length];
        ByteBuffer out = ByteBuffer.wrap(swapped);
        out.put(FILE, 0, a[0]).put(FILE, b[0], b[1] - b[0]).put(FILE, a[0], a[1] - a[0]).put(FILE, b[1], FILE.length - b[1]);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> ScenarioSnapshot.decode(swapped));
        assertTrue(e.getMessage().contains("out of order"), e.getMessage());
        assertEquals(a[0], e.offset());
    }

    @Test
    void anotherFormatVersionIsRefusedByName() {
        byte[] other = FILE.clone();
        ByteBuffer.wrap(other).putInt(SnapshotFile.MAGIC.length, SnapshotFile.FORMAT + 1);
        fixHeaderChecksum(other);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> ScenarioSnapshot.decode(other));
        assertTrue(e.getMessage().contains("snapshot format " + (SnapshotFile.FORMAT + 1) + "; this ecusim reads format " + SnapshotFile.FORMAT), e.getMessage());
    }

    @Test
    void anotherLayoutOfTheRecordsIsRefusedBeforeAnythingIsDecoded() {
        String schema = ScenarioSnapshot.format().schema();
        int at = indexOf(FILE, "long atMicros".getBytes());
        byte[] other = FILE.clone();
        System.arraycopy("long atMacros".getBytes(), 0, other, at, "long atMacros".length());
        fixHeaderChecksum(other);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> ScenarioSnapshot.decode(other));
        assertTrue(e.getMessage().contains("another layout") && e.getMessage().contains("atMacros"), e.getMessage());
        assertTrue(schema.contains("atMicros"));
    }

    @Test
    void somethingElseEntirelyIsNotASnapshot() {
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> ScenarioSnapshot.decode("<scenario/>".getBytes()));
        assertTrue(e.getMessage().startsWith("not an ecusim snapshot"), e.getMessage());
    }

    @Test
    void aSnapshotOfAnotherScenarioIsRefusedWhenResuming() throws Exception {
        Scenario counter = ScenarioReader.read(Path.of("scenarios", "counter.xml"));
        ScenarioSnapshot pingpong = ScenarioSnapshot.decode(FILE);
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> ScenarioRun.resume(counter, ScenarioRunner.configure(counter), pingpong, line -> { }).close());
        assertTrue(e.getMessage().contains("configuration"), e.getMessage());
    }

    @Test
    void writingReplacesTheFileWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.snapshot");
        Files.writeString(file, "old");
        ScenarioSnapshot.decode(FILE).write(file);
        assertTrue(Arrays.equals(FILE, Files.readAllBytes(file)));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    /** [start, end) of each record after the header. */
    private static List<int[]> recordBounds(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        in.position(SnapshotFile.MAGIC.length + 4);
        int schema = in.getInt();
        in.position(in.position() + schema + 4);
        List<int[]> out = new java.util.ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            in.getInt();
            int name = Short.toUnsignedInt(in.getShort());
            in.position(in.position() + name);
            long length = in.getLong();
            in.position(in.position() + (int) length + 4);
            out.add(new int[] {start, in.position()});
        }
        return out;
    }

    private static void fixHeaderChecksum(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        int schema = in.getInt(SnapshotFile.MAGIC.length + 4);
        int end = SnapshotFile.MAGIC.length + 8 + schema;
        CRC32C crc = new CRC32C();
        crc.update(file, 0, end);
        in.putInt(end, (int) crc.getValue());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
