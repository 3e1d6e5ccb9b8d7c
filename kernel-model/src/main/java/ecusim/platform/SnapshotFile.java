package ecusim.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The snapshot file format: self-describing, versioned, checked record by record.
 *
 * <pre>
 * header:  magic "ECUSIM-SNAPSHOT\n" (16 bytes) | u32 format | u32 n | schema (n bytes of UTF-8) | u32 CRC-32C of the header
 * record:  u32 index | u16 n | type name (n bytes) | u64 length | payload | u32 CRC-32C of index..payload
 * end:     a record of type "end" whose payload is the SHA-256 of every byte before it; nothing may follow
 * </pre>
 *
 * The schema lists every record type with its fields ({@link RecordCodec#schema()}): a file written by an
 * ecusim whose state records differ is refused before anything is decoded. Records are numbered, so a
 * reordered, repeated or missing record is caught as well as a damaged one; every refusal says which record
 * and at which byte. A file is read whole and checked whole before the caller gets anything, and written to
 * a temporary file that is moved into place, so a reader never sees half a file.
 */
public final class SnapshotFile {
    public static final byte[] MAGIC = "ECUSIM-SNAPSHOT\n".getBytes(StandardCharsets.US_ASCII);
    /** The format this version writes and reads; bump it when the framing changes (the schema covers the records). */
    public static final int FORMAT = 1;
    /** The largest file read: a 1 GiB ECU's RAM and its state. */
    public static final long MAX_BYTES = (1L << 31) - 1024;
    private static final String END = "end";

    private final byte[] magic;
    private final String kind;
    private final RecordCodec codec;
    private final Map<String, Class<? extends Record>> types = new LinkedHashMap<>();
    private final byte[] schemaBytes;

    /** A file format for records of {@code recordTypes} (and what they contain), each known by its simple name. */
    public SnapshotFile(List<Class<? extends Record>> recordTypes) {
        this(MAGIC, "snapshot", recordTypes);
    }

    /**
     * The same framing for another kind of file (a checkpoint image), told apart by its 16-byte {@code magic}
     * and named {@code kind} in messages.
     */
    public SnapshotFile(byte[] magic, String kind, List<Class<? extends Record>> recordTypes) {
        if (magic.length != MAGIC.length) throw new IllegalArgumentException("a magic of " + magic.length + " bytes; it takes " + MAGIC.length);
        this.magic = magic.clone();
        this.kind = kind;
        this.codec = new RecordCodec(recordTypes);
        this.schemaBytes = codec.schema().getBytes(StandardCharsets.UTF_8);
        for (Class<? extends Record> type : recordTypes) {
            if (types.put(type.getSimpleName(), type) != null) throw new IllegalArgumentException("two record types named " + type.getSimpleName());
        }
    }

    /** The layout of the records, as written into every file. */
    public String schema() {
        return codec.schema();
    }

    // ------------------------------------------------------------------ writing

    public byte[] encode(List<? extends Record> records) {
        RecordCodec.Output out = encodeInto(records);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    /** The file's bytes, in {@code array()[0, position())}: one buffer, written once (no copy per record). */
    private RecordCodec.Output encodeInto(List<? extends Record> records) {
        for (Record r : records) {
            if (types.get(r.getClass().getSimpleName()) != r.getClass()) {
                throw new IllegalArgumentException("no record type " + r.getClass().getName() + " in this format");
            }
        }
        byte[] schema = schemaBytes;
        long total = encodedLength(records); // one buffer of the right size: no copy as it grows
        if (total > MAX_BYTES) throw new IllegalArgumentException("a " + kind + " of more than " + MAX_BYTES + " bytes is more than a file can hold");
        RecordCodec.Output out = new RecordCodec.Output((int) total);
        out.room(magic.length + 8 + schema.length).put(magic).putInt(FORMAT).putInt(schema.length).put(schema);
        out.room(4).putInt(crc(out.array(), 0, out.position()));
        for (int i = 0; i < records.size(); i++) {
            int start = out.position();
            byte[] type = records.get(i).getClass().getSimpleName().getBytes(StandardCharsets.UTF_8);
            out.room(14 + type.length).putInt(i).putShort((short) type.length).put(type).putLong(0);
            int payload = out.position();
            codec.encode(records.get(i), out);
            long length = out.position() - payload;
            out.room(4).putLong(payload - 8, length);
            if (out.position() + 4L > MAX_BYTES) throw new IllegalArgumentException("a " + kind + " of more than " + MAX_BYTES + " bytes is more than a file can hold");
            out.room(4).putInt(crc(out.array(), start, out.position() - start));
        }
        MessageDigest sha = sha256();
        sha.update(out.array(), 0, out.position());
        int start = out.position();
        byte[] type = END.getBytes(StandardCharsets.UTF_8);
        out.room(14 + type.length + 32).putInt(records.size()).putShort((short) type.length).put(type).putLong(32).put(sha.digest());
        out.room(4).putInt(crc(out.array(), start, out.position() - start));
        return out;
    }

    /** How many bytes {@link #encode} gives for {@code records}, worked out without encoding them. */
    public long encodedLength(List<? extends Record> records) {
        long n = magic.length + 8 + schemaBytes.length + 4;
        for (Record r : records) n += 14 + r.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8).length + codec.size(r) + 4;
        return n + 14 + END.length() + 32 + 4;
    }

    /**
     * The SHA-256 of everything before the end record of a file's {@code bytes} (checked or just encoded), as
     * its end record carries it: the file's digest, read rather than computed again.
     */
    public static byte[] digestOf(byte[] bytes) {
        return java.util.Arrays.copyOfRange(bytes, bytes.length - 4 - 32, bytes.length - 4);
    }

    /** Writes {@code records} to {@code file} atomically: a temporary file beside it, moved into place. */
    public void write(Path file, List<? extends Record> records) throws IOException {
        RecordCodec.Output bytes = encodeInto(records);
        Path folder = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
        try {
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer all = ByteBuffer.wrap(bytes.array(), 0, bytes.position());
                while (all.hasRemaining()) channel.write(all);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads and checks {@code file} whole; its records in order. */
    public List<Record> read(Path file) throws IOException, SnapshotFormatException {
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new SnapshotFormatException("the file has " + size + " bytes, more than a " + kind + " can (" + MAX_BYTES + ")", 0);
        return decode(Files.readAllBytes(file));
    }

    public List<Record> decode(byte[] bytes) throws SnapshotFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < magic.length || !java.util.Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
            throw new SnapshotFormatException("not an ecusim " + kind + " (no \"" + new String(magic, StandardCharsets.US_ASCII).strip()
                    + "\" at its start)", 0);
        }
        in.position(MAGIC.length);
        need(in, 8, "the header", MAGIC.length);
        int format = in.getInt();
        if (format != FORMAT) {
            throw new SnapshotFormatException(kind + " format " + format + "; this ecusim reads format " + FORMAT, MAGIC.length);
        }
        int schemaLength = in.getInt();
        if (schemaLength < 0) throw new SnapshotFormatException("negative schema length", in.position() - 4);
        need(in, (long) schemaLength + 4, "the schema (" + schemaLength + " bytes, says its length)", MAGIC.length + 4);
        String schema = new String(bytes, in.position(), schemaLength, StandardCharsets.UTF_8);
        in.position(in.position() + schemaLength);
        int headerCrc = in.getInt();
        if (headerCrc != crc(bytes, 0, in.position() - 4)) throw new SnapshotFormatException("the header is damaged (checksum mismatch)", 0);
        if (!schema.equals(schema())) {
            throw new SnapshotFormatException("the " + kind + "'s records have another layout than this ecusim's (written by another version): "
                    + firstDifference(schema, schema()), MAGIC.length + 8);
        }
        List<Record> records = new ArrayList<>();
        for (int index = 0; ; index++) {
            long start = in.position();
            String where = "record " + index + " at byte " + start;
            if (!in.hasRemaining()) throw new SnapshotFormatException("the file ends before its end record: truncated", start);
            need(in, 6, where + ": its header", start);
            int saidIndex = in.getInt();
            int nameLength = Short.toUnsignedInt(in.getShort());
            need(in, nameLength + 8L, where + ": its header", start);
            String name = new String(bytes, in.position(), nameLength, StandardCharsets.UTF_8);
            in.position(in.position() + nameLength);
            long length = in.getLong();
            if (length < 0) throw new SnapshotFormatException(where + " (" + name + "): negative length", in.position() - 8);
            need(in, length + 4, where + " (" + name + ", " + length + " bytes long, says its header)", start);
            int payloadAt = in.position();
            in.position(payloadAt + (int) length);
            int crc = in.getInt();
            if (crc != crc(bytes, (int) start, payloadAt + (int) length - (int) start)) {
                throw new SnapshotFormatException(where + " (" + name + ") is damaged: checksum mismatch", start);
            }
            if (saidIndex != index) {
                throw new SnapshotFormatException("record " + saidIndex + " (" + name + ") comes where record " + index + " should: the records are out of order", start);
            }
            if (name.equals(END)) {
                MessageDigest sha = sha256();
                sha.update(bytes, 0, (int) start);
                byte[] digest = sha.digest();
                if (length != digest.length || !java.util.Arrays.equals(bytes, payloadAt, payloadAt + digest.length, digest, 0, digest.length)) {
                    throw new SnapshotFormatException("the file's digest does not match its content", start);
                }
                if (in.hasRemaining()) throw new SnapshotFormatException(in.remaining() + " bytes follow the end record", in.position());
                return List.copyOf(records);
            }
            Class<? extends Record> type = types.get(name);
            if (type == null) throw new SnapshotFormatException(where + ": unknown record type \"" + name + "\"", start);
            try {
                records.add(codec.decode(type, ByteBuffer.wrap(bytes, payloadAt, (int) length).slice(), payloadAt));
            } catch (SnapshotFormatException e) {
                throw new SnapshotFormatException(where + " (" + name + "): " + e.getMessage().replaceFirst(" \\(at byte \\d+\\)$", ""), e.offset());
            }
        }
    }

    /** {@code what}, which starts at {@code at}, needs {@code bytes} more than the file has: it is cut short or its length is damaged. */
    private static void need(ByteBuffer in, long bytes, String what, long at) throws SnapshotFormatException {
        if (bytes > in.remaining()) {
            throw new SnapshotFormatException(what + " runs past the end of the file (" + in.remaining() + " bytes left): truncated or damaged", at);
        }
    }

    private static String firstDifference(String theirs, String ours) {
        String[] a = theirs.split("\n"), b = ours.split("\n");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "(nothing)", y = i < b.length ? b[i] : "(nothing)";
            if (!x.equals(y)) return "the file has " + x + ", this ecusim " + y;
        }
        return "";
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
