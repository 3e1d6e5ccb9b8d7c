package ecusim.cli;

import ecusim.platform.SnapshotFile;
import ecusim.platform.SnapshotFormatException;
import ecusim.rtcr.CheckpointException;
import ecusim.rtcr.CheckpointImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wire format of a migration between two ecusim processes: a magic, a version, the number of images,
 * then each image's length and bytes (each image checks itself: framing, CRC-32C per record, SHA-256); the
 * receiver answers with one line, {@code OK} or {@code REFUSED <why>}. The receiver reads and checks the
 * whole chain before it does anything with it, so a connection dropped midway changes nothing.
 */
final class Migration {
    static final byte[] MAGIC = "ECUSIM-MIGRATE\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1, MAX_IMAGES = 10_000;
    static final long MAX_TOTAL = SnapshotFile.MAX_BYTES;

    private Migration() {}

    static void send(DataOutputStream out, List<byte[]> images) throws IOException {
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(images.size());
        for (byte[] image : images) {
            out.writeLong(image.length);
            out.write(image);
        }
        out.flush();
    }

    /** A chain that did not arrive whole and sound: why, in one line. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** Reads a whole chain and checks it (each image, then the links between them); nothing is kept of a refused one. */
    static ImageChain receive(DataInputStream in) throws Refused {
        long received = 0;
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new Refused("not an ecusim migration (no \"ECUSIM-MIGRATE\" at its start)");
            int version = in.readInt();
            if (version != VERSION) throw new Refused("migration format " + version + "; this ecusim speaks " + VERSION);
            int count = in.readInt();
            if (count <= 0 || count > MAX_IMAGES) throw new Refused(count + " images announced; 1 to " + MAX_IMAGES + " may come");
            received = MAGIC.length + 8;
            List<CheckpointImage> chain = new ArrayList<>();
            List<byte[]> encoded = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long length = in.readLong();
                received += 8;
                if (length <= 0 || received + length > MAX_TOTAL) throw new Refused("image " + i + " says it has " + length + " bytes");
                byte[] bytes = new byte[(int) length];
                in.readFully(bytes);
                received += length;
                try {
                    chain.add(CheckpointImage.decode(bytes));
                    encoded.add(bytes);
                } catch (SnapshotFormatException e) {
                    throw new Refused("image " + i + " of the chain: " + e.getMessage());
                }
            }
            ImageChain whole = new ImageChain(chain, encoded);
            whole.check();
            return whole;
        } catch (EOFException e) {
            throw new Refused("the connection ended after " + received + " bytes, before the chain was whole; nothing was restored");
        } catch (IOException e) {
            throw new Refused("the connection failed after " + received + " bytes (" + e.getMessage() + "); nothing was restored");
        } catch (CheckpointException e) {
            throw new Refused(e.getMessage());
        }
    }
}
