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

    /** Creates {@code dir} if needed and checks that files can be created in it and that {@code names} can be replaced. */
    static OutputFolder prepare(Path dir, List<String> names) throws Unusable {
        if (dir.toString().isEmpty()) throw new Unusable("the output folder is an empty path");
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new Unusable(dir + ": " + (Files.isDirectory(dir) ? "cannot be used" : e.getFile() + " is a file, not a folder"));
        } catch (AccessDeniedException e) {
            throw new Unusable(dir + ": cannot create the folder: permission denied at " + e.getFile());
        } catch (IOException e) {
            throw new Unusable(dir + ": cannot create the folder: " + reason(e));
        } catch (SecurityException e) {
            throw new Unusable(dir + ": cannot create the folder: " + e.getMessage());
        }
        Path probe = dir.resolve(temporaryName("probe"));
        try {
            Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            Files.delete(probe);
        } catch (IOException e) {
            throw new Unusable(dir + ": cannot write into the folder: " + reason(e));
        } catch (SecurityException e) {
            throw new Unusable(dir + ": cannot write into the folder: " + e.getMessage());
        }
        for (String name : names) checkTarget(dir.resolve(name), "the output file");
        return new OutputFolder(dir);
    }

    /** Writes {@code files} (name to content) into the folder as one unit, in their order. */
    void commit(Map<String, byte[]> files) throws IOException {
        commit(files, List.of());
    }

    /** The same, and then removes {@code stale} files of an earlier run that the new one does not replace. */
    void commit(Map<String, byte[]> files, List<String> stale) throws IOException {
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
                for (String name : stale) Files.deleteIfExists(dir.resolve(name));
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

    /** A file-system error in words, without Java's exception names: "no such file or directory", "Read-only file system". */
    static String reason(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such file or directory" + (n.getFile() != null ? ": " + n.getFile() : "");
            case AccessDeniedException a -> "permission denied";
            case java.nio.file.NotDirectoryException n -> "not a directory: " + n.getFile();
            case FileAlreadyExistsException f -> "already exists: " + f.getFile();
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    /**
     * Refuses a file ecusim is to write that is neither absent, a regular file nor a character device
     * ({@code /dev/null}, {@code /dev/full}): a folder cannot be replaced, and opening a FIFO blocks until
     * someone reads it.
     */
    static void checkTarget(Path file, String what) throws Unusable {
        if (!Files.exists(file) || Files.isRegularFile(file)) return;
        if (Files.isDirectory(file)) throw new Unusable(what + " " + file + " is a directory");
        int type;
        try {
            type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return; // no POSIX file types here: let the write report what is wrong
        }
        if (type != 0020000) throw new Unusable(what + " " + file + " is not a regular file (a FIFO or socket?)");
    }
}
