package ecusim.rtcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.platform.Ecu;
import ecusim.platform.EventLog;
import ecusim.platform.SnapshotFormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint images refuse every damage with the record and the byte it is at — flipped bits anywhere,
 * truncation at any length, records swapped, another format version — and a chain that does not fit (its
 * parent missing, another binary's child) is refused before anything of the running group changes.
 */
class CheckpointImageTest {
    private static final String CONFIG = "<config mode=\"write-bit\"> <start name=\"counter\"> <resource name=\"RAM\" quantum=\"1M\"/>"
            + " <config period_ms=\"1\" limit=\"30\"/> </start> </config>";
    static List<CheckpointImage> chain;
    static byte[] full, incremental;

    @BeforeAll
    static void takeAChain() throws Exception {
        try (Ecu ecu = RtcrTest.boot(CONFIG, new EventLog())) {
            chain = RtcrRestoreEquivalenceTest.chain(ecu, 9_000, "write-bit");
        }
        full = chain.get(0).encode();
        incremental = chain.get(1).encode();
    }

    @Test
    void anIncrementalImageCarriesOnlyChangedPagesAndNamesItsParent() {
        assertTrue(chain.get(1).incremental());
        assertEquals(CheckpointImage.digest(full), chain.get(1).header().parentDigest());
        assertTrue(chain.get(1).pages().size() < chain.get(0).pages().size(), chain.get(1).pages().size() + " of " + chain.get(0).pages().size());
    }

    @Test
    void theVersionIndexNamesForEachPageTheImageThatHoldsIt() throws Exception {
        CheckpointImage.checkPages(chain);
        var e = assertThrows(CheckpointException.class, () -> CheckpointImage.checkPages(List.of(chain.get(1))));
        assertTrue(e.getMessage().contains("is in checkpoint 1, which the chain lacks"), e.getMessage());
        CheckpointImage inc = chain.get(1);
        var first = inc.index().getFirst();
        long[] wrong = first.versions().clone();
        int unchanged = -1;
        for (int p = 0; p < wrong.length && unchanged < 0; p++) if (wrong[p] == 1) unchanged = p;
        assertTrue(unchanged >= 0, "some page did not change between the two checkpoints");
        wrong[unchanged] = 2; // says the incremental image holds a page it does not
        List<CheckpointImage.PageIndex> index = new ArrayList<>(inc.index());
        index.set(0, new CheckpointImage.PageIndex(first.dataspace(), wrong));
        var lying = new CheckpointImage(inc.header(), inc.children(), index, inc.pages());
        e = assertThrows(CheckpointException.class, () -> CheckpointImage.checkPages(List.of(chain.get(0), lying)));
        assertTrue(e.getMessage().contains("checkpoint 2 lacks page " + unchanged), e.getMessage());
    }

    @Test
    void everyFlippedByteIsRefusedWithARecordAndAnOffset() {
        for (byte[] image : List.of(full, incremental)) {
            for (int at = 0; at < image.length; at += at < 400 ? 1 : 97) {
                byte[] bad = image.clone();
                bad[at] ^= 0x10;
                var e = assertThrows(SnapshotFormatException.class, () -> CheckpointImage.decode(bad), "a flip at byte " + at);
                assertTrue(e.getMessage().matches("(?s).*(record \\d+|header|schema|format|checkpoint image|digest).*") && e.offset() >= 0 && e.offset() <= at,
                        "at " + at + ": " + e.getMessage() + " (offset " + e.offset() + ")");
            }
        }
    }

    @Test
    void everyTruncationIsRefused() {
        for (int length = 0; length < full.length; length += length < 200 ? 1 : 331) {
            byte[] cut = Arrays.copyOf(full, length);
            var e = assertThrows(SnapshotFormatException.class, () -> CheckpointImage.decode(cut), "cut to " + length);
            assertTrue(e.offset() <= length, e.getMessage());
        }
    }

    @Test
    void swappedRecordsAreRefusedAsOutOfOrder() {
        List<int[]> records = records(full);
        int[] a = records.get(records.size() - 3), b = records.get(records.size() - 2); // two page records
        byte[] swapped = new byte[full.length];
        System.arraycopy(full, 0, swapped, 0, a[0]);
        System.arraycopy(full, b[0], swapped, a[0], b[1]);
        System.arraycopy(full, a[0], swapped, a[0] + b[1], a[1]);
        System.arraycopy(full, b[0] + b[1], swapped, a[0] + a[1] + b[1], full.length - b[0] - b[1]);
        var e = assertThrows(SnapshotFormatException.class, () -> CheckpointImage.decode(swapped));
        assertTrue(e.getMessage().contains("out of order"), e.getMessage());
        assertEquals(a[0], e.offset());
    }

    @Test
    void anotherFormatVersionIsRefusedByName() {
        byte[] other = full.clone();
        ByteBuffer.wrap(other).putInt(16, 99);
        int schemaLength = ByteBuffer.wrap(other).getInt(20);
        CRC32C crc = new CRC32C();
        crc.update(other, 0, 24 + schemaLength);
        ByteBuffer.wrap(other).putInt(24 + schemaLength, (int) crc.getValue());
        var e = assertThrows(SnapshotFormatException.class, () -> CheckpointImage.decode(other));
        assertTrue(e.getMessage().contains("checkpoint image format 99"), e.getMessage());
    }

    @Test
    void anEcuSnapshotIsNoCheckpointImage() {
        byte[] snapshot = full.clone();
        System.arraycopy("ECUSIM-SNAPSHOT\n".getBytes(), 0, snapshot, 0, 16);
        var e = assertThrows(SnapshotFormatException.class, () -> CheckpointImage.decode(snapshot));
        assertTrue(e.getMessage().startsWith("not an ecusim checkpoint image"), e.getMessage());
    }

    @Test
    void aChainWithoutItsParentOrOfAnotherBinaryIsRefusedAndTheGroupRunsOnUntouched() throws Exception {
        EventLog untouched = new EventLog(), refused = new EventLog();
        try (Ecu a = RtcrTest.boot(CONFIG, untouched); Ecu b = RtcrTest.boot(CONFIG, refused)) {
            a.runUntil(5_000);
            b.runUntil(5_000);
            var e = assertThrows(CheckpointException.class, () -> RtcrTest.rtcr(b).restore(List.of(chain.get(1))));
            assertTrue(e.getMessage().contains("is incremental: its parent"), e.getMessage());
            e = assertThrows(CheckpointException.class, () -> RtcrTest.rtcr(b).restore(List.of(chain.get(1), chain.get(0))));
            assertTrue(e.getMessage().contains("is incremental"), e.getMessage());
            var c = chain.get(0).children().getFirst();
            var otherBinary = new CheckpointImage(chain.get(0).header(), List.of(new CheckpointImage.ChildImage(c.name(), c.binary(), "0".repeat(64),
                    c.ramQuota(), c.priority(), c.config(), c.task(), c.parentGate(), c.pdSession(), c.rmSession(), c.cpuSession(), c.nextSessionId(),
                    c.threads(), c.dataspaces(), c.attachments(), c.endpoints(), c.sessions(), c.announced(), c.capabilities(), c.mapped())),
                    chain.get(0).index(), chain.get(0).pages());
            e = assertThrows(CheckpointException.class, () -> RtcrTest.rtcr(b).restore(List.of(otherBinary)));
            assertTrue(e.getMessage().contains("ran binary counter (SHA-256 000"), e.getMessage());
            a.runUntil(40_000);
            b.runUntil(40_000);
            assertEquals(untouched.lines, refused.lines, "the refused restores changed nothing");
        }
    }

    /** Each record's start and length (header excluded), from the framing. */
    static List<int[]> records(byte[] image) {
        ByteBuffer in = ByteBuffer.wrap(image);
        int schema = in.getInt(20);
        int at = 24 + schema + 4;
        List<int[]> out = new ArrayList<>();
        while (at < image.length) {
            int nameLength = Short.toUnsignedInt(in.getShort(at + 4));
            long length = in.getLong(at + 6 + nameLength);
            int size = 6 + nameLength + 8 + (int) length + 4;
            out.add(new int[] {at, size});
            at += size;
        }
        return out;
    }
}
