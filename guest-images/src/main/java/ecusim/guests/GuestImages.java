package ecusim.guests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The shipped guest images, by name ({@code hello}, {@code memwalk}, ...). */
public final class GuestImages {
    private static final String DIRECTORY = "/ecusim/guests/";

    private GuestImages() {}

    /** Names of all shipped images, in the order of {@code index.txt}. */
    public static List<String> names() {
        return readResource("index.txt")
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
                .orElseThrow(() -> new IllegalStateException("resource " + DIRECTORY + "index.txt missing"));
    }

    /** The ELF bytes of image {@code name}. */
    public static byte[] load(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException("no shipped guest image '" + name + "' (shipped: " + String.join(", ", names()) + ")");
        }
        return readResource(name + ".elf").orElseThrow(() -> new IllegalStateException("resource " + DIRECTORY + name + ".elf missing"));
    }

    private static java.util.Optional<byte[]> readResource(String file) {
        try (InputStream in = GuestImages.class.getResourceAsStream(DIRECTORY + file)) {
            return in == null ? java.util.Optional.empty() : java.util.Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + DIRECTORY + file, e);
        }
    }
}
