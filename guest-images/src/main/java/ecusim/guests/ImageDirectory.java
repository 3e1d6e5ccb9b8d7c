package ecusim.guests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** A resource directory of ELF images with an {@code index.txt} naming them. */
final class ImageDirectory {
    private final String directory;
    private final List<String> names;

    ImageDirectory(String directory) {
        this.directory = directory;
        this.names = read("index.txt")
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
                .orElseThrow(() -> new IllegalStateException("resource " + directory + "index.txt missing"));
    }

    List<String> names() {
        return names;
    }

    Optional<byte[]> load(String name) {
        if (!names.contains(name)) return Optional.empty();
        return Optional.of(read(name + ".elf").orElseThrow(() -> new IllegalStateException("resource " + directory + name + ".elf missing")));
    }

    private Optional<byte[]> read(String file) {
        try (InputStream in = ImageDirectory.class.getResourceAsStream(directory + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + directory + file, e);
        }
    }
}
