package ecusim.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The folder a run's results go to. {@link #prepare} makes sure, before anything runs, that it is a folder
 * ecusim can write into, so a long simulation never ends in "cannot write". {@link #commit} writes a run's
 * files as one unit: each to a temporary file beside its target, then all renamed into place, while a
 * shutdown hook (SIGINT, SIGTERM) waits for the renames to finish and removes any temporary file left, so an
 * interrupted run leaves either the old results or the new ones, never a mix and never a stray file.
 * Files get the usual permissions (0666 less the umask).
 */
final class OutputFolder {
    /** The folder cannot be used; the message says why, in one line. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final Object commitLock = new Object();

    private OutputFolder(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /** Creates {@code dir} if needed and checks that files can be created in it. */
    static OutputFolder prepare(Path dir) throws Unusable {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new Unusable(dir + ": " + (Files.isDirectory(dir) ? "cannot be used" : e.getFile() + " is a file, not a folder"));
        } catch (AccessDeniedException e) {
            throw new Unusable(dir + ": cannot create the folder: permission denied at " + e.getFile());
        } catch (FileSystemException e) {
            throw new Unusable(dir + ": cannot create the folder: " + reason(e));
        } catch (IOException | SecurityException e) {
            throw new Unusable(dir + ": cannot create the folder: " + e.getMessage());
        }
        Path probe = dir.resolve(temporaryName("probe"));
        try {
            Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new Unusable(dir + ": cannot write into the folder: " + (e instanceof FileSystemException f ? reason(f) : e.getMessage()));
        }
        return new OutputFolder(dir);
    }

    /** Writes {@code files} (name to content) into the folder as one unit, in their order. */
    void commit(Map<String, byte[]> files) throws IOException {
        Map<Path, Path> staged = new LinkedHashMap<>(); // temporary -> target
        Thread cleanup = new Thread(() -> {
            synchronized (commitLock) { // waits for renames under way to finish, then removes what is left
                for (Path tmp : staged.keySet()) deleteQuietly(tmp);
            }
        }, "ecusim-output-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            synchronized (commitLock) {
                for (var file : files.entrySet()) {
                    Path tmp = dir.resolve(temporaryName(file.getKey()));
                    staged.put(tmp, dir.resolve(file.getKey()));
                    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        out.write(file.getValue());
                    }
                }
                List<Path> moved = new ArrayList<>();
                for (var e : staged.entrySet()) {
                    Files.move(e.getKey(), e.getValue(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    moved.add(e.getKey());
                }
                moved.forEach(staged::remove);
            }
        } finally {
            for (Path tmp : staged.keySet()) deleteQuietly(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway and finds nothing left to remove
            }
        }
    }

    private static String temporaryName(String name) {
        return "." + name + "." + ProcessHandle.current().pid() + ".tmp";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort while shutting down or after a failed write
        }
    }

    /** A file-system error without Java's exception decoration: "Read-only file system", "No space left on device". */
    static String reason(FileSystemException e) {
        String reason = e.getReason();
        return reason != null ? reason : e.getClass().getSimpleName();
    }
}
