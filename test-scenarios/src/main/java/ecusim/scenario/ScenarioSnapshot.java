package ecusim.scenario;

import ecusim.platform.EcuSnapshot;
import ecusim.platform.SnapshotFile;
import ecusim.platform.SnapshotFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario run at one instant: the runner's state (time, what was reported so far) and every ECU's
 * snapshot. As a file: the runner's record, then each ECU's records ({@link EcuSnapshot#records()}).
 */
public record ScenarioSnapshot(RunnerState runner, List<EcuSnapshot> ecus) {
    public ScenarioSnapshot {
        ecus = List.copyOf(ecus);
        if (ecus.size() != runner.ecus().size()) throw new IllegalArgumentException(runner.ecus().size() + " ECUs named, " + ecus.size() + " saved");
    }

    /**
     * The runner's state: the scenario, the instant every ECU has reached, whether nothing could run any more,
     * the ECUs' names in order, the lines passed on, the lines waiting for the timeline, how components ended,
     * and the ECUs' deadlocks.
     */
    public record RunnerState(String scenario, long atMicros, boolean ended, List<String> ecus, List<LogRecord> logs,
                              List<PendingLine> pending, List<SavedEnd> ends, List<Deadlock> deadlocks, List<Integer> failed,
                              long[] eventsOccurred, List<SavedDelivery> deliveries, long deliveriesSent, long[] linkBusyUntil,
                              List<SavedImage> images) {}

    /** Checkpoint images on their way over a link (encoded), and where and when they arrive. */
    public record SavedDelivery(long atUs, int ecu, String rtcr, List<byte[]> images, boolean restore, long sequence) {}

    /** A checkpoint image the run took, by its file name. */
    public record SavedImage(String name, byte[] image) {}

    /** A line reported but not passed on yet (an ECU with this index may still report an earlier one). */
    public record PendingLine(int ecu, LogRecord record) {}

    /** How a component ended: exited with {@code code}, or stopped for {@code reason}. */
    public record SavedEnd(String ecu, String component, long timeUs, boolean exited, int code, String reason) {}

    private static final SnapshotFile FORMAT = fileFormat();

    private static SnapshotFile fileFormat() {
        List<Class<? extends Record>> types = new ArrayList<>();
        types.add(RunnerState.class);
        types.addAll(EcuSnapshot.RECORD_TYPES);
        return new SnapshotFile(types);
    }

    /** The file format of scenario snapshots. */
    public static SnapshotFile format() {
        return FORMAT;
    }

    public List<Record> records() {
        List<Record> out = new ArrayList<>();
        out.add(runner);
        for (EcuSnapshot e : ecus) out.addAll(e.records());
        return out;
    }

    /** Writes this snapshot to {@code file} (atomically). */
    public void write(Path file) throws IOException {
        FORMAT.write(file, records());
    }

    public byte[] encode() {
        return FORMAT.encode(records());
    }

    /** Reads a snapshot file whole; refused, with the record and byte, if anything about it is wrong. */
    public static ScenarioSnapshot read(Path file) throws IOException, SnapshotFormatException {
        return of(FORMAT.read(file));
    }

    public static ScenarioSnapshot decode(byte[] bytes) throws SnapshotFormatException {
        return of(FORMAT.decode(bytes));
    }

    private static ScenarioSnapshot of(List<Record> records) throws SnapshotFormatException {
        if (records.isEmpty() || !(records.getFirst() instanceof RunnerState runner)) {
            throw new SnapshotFormatException("record 0 is not the runner's state", 0);
        }
        int expected = 1 + runner.ecus().size() * EcuSnapshot.RECORD_TYPES.size();
        if (records.size() != expected) {
            throw new SnapshotFormatException("the file has " + records.size() + " records; a run of " + runner.ecus().size() + " ECUs has " + expected, 0);
        }
        List<EcuSnapshot> ecus = new ArrayList<>();
        for (int i = 0; i < runner.ecus().size(); i++) {
            try {
                ecus.add(EcuSnapshot.of(records, 1 + i * EcuSnapshot.RECORD_TYPES.size()));
            } catch (IllegalArgumentException e) {
                throw new SnapshotFormatException("ECU " + i + ": " + e.getMessage(), 0);
            }
        }
        return new ScenarioSnapshot(runner, ecus);
    }
}
