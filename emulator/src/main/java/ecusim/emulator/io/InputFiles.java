package ecusim.emulator.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files a user names (scenarios, ROM modules, images, cost tables) without trusting them: only
 * regular files (not a directory, FIFO or device such as {@code /dev/zero}), at most a stated size (also for
 * files whose size the system misreports, as in {@code /proc}), and text only as strict UTF-8. Every refusal is
 * an {@link InputFileException} whose message names the file and says what is wrong, in one line.
 */
public final class InputFiles {
    private InputFiles() {}

    /** The bytes of {@code path}, a {@code what} (e.g. "ROM module") of at most {@code maxBytes}. */
    public static byte[] read(Path path, long maxBytes, String what) throws InputFileException {
        if (!Files.exists(path)) throw new InputFileException(path, "no such file");
        if (Files.isDirectory(path)) throw new InputFileException(path, "is a directory, not a " + what);
        if (!Files.isRegularFile(path)) throw new InputFileException(path, "is not a regular file (a device, FIFO or socket?), not a " + what);
        try {
            if (Files.size(path) > maxBytes) throw tooLarge(path, Files.size(path), maxBytes, what);
            try (InputStream in = Files.newInputStream(path)) {
                byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
                if (bytes.length > maxBytes) throw tooLarge(path, bytes.length, maxBytes, what);
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new InputFileException(path, "no such file");
        } catch (AccessDeniedException e) {
            throw new InputFileException(path, "cannot read it: permission denied");
        } catch (IOException e) {
            throw new InputFileException(path, "cannot read it: " + e.getMessage());
        }
    }

    /** The text of {@code path}, which must be UTF-8 (a leading byte-order mark is dropped). */
    public static String readUtf8(Path path, long maxBytes, String what) throws InputFileException {
        return decodeUtf8(path, read(path, maxBytes, what), what);
    }

    /** Decodes {@code bytes} read from {@code path} as strict UTF-8, naming the first offending byte otherwise. */
    public static String decodeUtf8(Path path, byte[] bytes, String what) throws InputFileException {
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE)
                || bytes.length >= 2 && (bytes[0] == 0 || bytes[1] == 0)) {
            throw new InputFileException(path, "is UTF-16 or UTF-32 text (or binary); a " + what + " must be UTF-8");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (MalformedInputException e) {
            int offset = firstMalformed(bytes);
            throw new InputFileException(path, "is not valid UTF-8 (byte 0x" + Integer.toHexString(bytes[offset] & 0xFF) + " at offset "
                    + offset + ", line " + lineOf(bytes, offset) + "); a " + what + " must be UTF-8");
        } catch (CharacterCodingException e) {
            throw new InputFileException(path, "is not valid UTF-8; a " + what + " must be UTF-8");
        }
    }

    private static InputFileException tooLarge(Path path, long size, long maxBytes, String what) {
        return new InputFileException(path, (size > maxBytes ? "is more than " : "is ") + maxBytes + " bytes long; a " + what
                + " may have at most " + maxBytes + " bytes");
    }

    /** The offset of the first byte that does not begin or continue a valid UTF-8 sequence. */
    private static int firstMalformed(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? Math.min(in.position(), bytes.length - 1) : 0;
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
        return line;
    }
}
