package ecusim.emulator.unicorn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Finds {@code libunicorn.so.2} and the accounting shim on this machine. */
final class NativeLibraryLocator {
    static final String UNICORN_PROPERTY = "ecusim.unicorn.lib";
    static final String UNICORN_ENV = "ECUSIM_UNICORN_LIB";
    static final String SHIM_RESOURCE = "/native/linux-x86-64/libecusim-shim.so";

    private NativeLibraryLocator() {}

    static Path cacheDirectory() {
        String configured = System.getenv("ECUSIM_CACHE");
        return configured != null && !configured.isEmpty()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "ecusim");
    }

    /**
     * The Unicorn library to load: the system property, then the environment variable, then the copy
     * {@code scripts/setup-unicorn.sh} puts in the cache, then the system's own.
     */
    static Path unicorn() {
        String property = System.getProperty(UNICORN_PROPERTY);
        if (property != null && !property.isEmpty()) return existing(Path.of(property), "-D" + UNICORN_PROPERTY);
        String env = System.getenv(UNICORN_ENV);
        if (env != null && !env.isEmpty()) return existing(Path.of(env), UNICORN_ENV);
        List<Path> candidates = List.of(
                cacheDirectory().resolve("unicorn-2.1/usr/lib/x86_64-linux-gnu/libunicorn.so.2"),
                Path.of("/usr/lib/x86_64-linux-gnu/libunicorn.so.2"),
                Path.of("/usr/lib/libunicorn.so.2"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new IllegalStateException("libunicorn.so.2 (Unicorn 2.1) not found. Run ./scripts/setup-unicorn.sh "
                + "(or ./ecusim, which runs it), or point -D" + UNICORN_PROPERTY + " / " + UNICORN_ENV
                + " at a libunicorn.so.2 of version 2.1 or newer.");
    }

    private static Path existing(Path path, String source) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(source + " names " + path + ", which does not exist");
        }
        return path;
    }

    /**
     * The accounting shim built with the emulator module: used in place when the class path is a
     * directory (a build tree), otherwise copied out of the jar into the cache under its content hash.
     */
    static Path shim() {
        String property = System.getProperty("ecusim.shim.lib");
        if (property != null && !property.isEmpty()) return existing(Path.of(property), "-Decusim.shim.lib");
        var url = NativeLibraryLocator.class.getResource(SHIM_RESOURCE);
        if (url == null) {
            throw new IllegalStateException("resource " + SHIM_RESOURCE + " missing: the emulator module was built "
                    + "without its native shim (a C compiler, cc, is needed at build time)");
        }
        try {
            if ("file".equals(url.getProtocol())) return Path.of(url.toURI());
            byte[] bytes;
            try (InputStream in = url.openStream()) {
                bytes = in.readAllBytes();
            }
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            Path target = cacheDirectory().resolve("native").resolve(digest).resolve("libecusim-shim.so");
            if (!Files.isRegularFile(target)) {
                Files.createDirectories(target.getParent());
                Path temp = Files.createTempFile(target.getParent(), "shim", ".tmp");
                Files.write(temp, bytes);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the accounting shim", e);
        } catch (NoSuchAlgorithmException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

}
