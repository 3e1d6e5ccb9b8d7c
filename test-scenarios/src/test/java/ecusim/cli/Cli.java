package ecusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs the {@code ecusim} command line in-process as a hostile user would, and checks what every bad input
 * must give: the exit code, one line on stderr that starts with "ecusim: " and names the input, no stack
 * trace, and no file written anywhere but under the output folder.
 */
public final class Cli {
    public record Result(int exitCode, String out, String err) {}

    private Cli() {}

    public static synchronized Result ecusim(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Runs {@code args} with the working folder's and {@code dir}'s contents watched: afterwards only paths under
     * {@code allowed} (the output folder) may be new. Returns the result for further checks.
     */
    public static Result refused(Path dir, Path allowed, int exitCode, List<String> mentions, String... args) {
        Set<String> before = tree(dir), cwdBefore = tree(Path.of("").toAbsolutePath(), 1);
        Result r = ecusim(args);
        assertEquals(exitCode, r.exitCode(), () -> "exit code; stderr: " + r.err() + "\nstdout: " + r.out());
        noStackTrace(r);
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("[ecusim] host")).toList();
        if (exitCode == Main.EXIT_INVALID_INPUT) {
            assertEquals(1, lines.size(), () -> "one line on stderr, got: " + r.err());
            assertTrue(lines.getFirst().startsWith("ecusim: "), r.err());
        }
        for (String m : mentions) assertTrue(r.err().contains(m), () -> "stderr names '" + m + "': " + r.err());
        Set<String> after = tree(dir);
        after.removeAll(before);
        for (String created : after) {
            assertTrue(allowed != null && Path.of(created).startsWith(allowed), () -> "written outside the output folder: " + created);
        }
        assertEquals(cwdBefore, tree(Path.of("").toAbsolutePath(), 1), "nothing new in the working folder");
        return r;
    }

    public static void noStackTrace(Result r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception in thread"), () -> "a stack trace: " + all);
    }

    /** Every path under {@code root} (symbolic links not followed), down to {@code depth}. */
    static Set<String> tree(Path root, int depth) {
        try (Stream<Path> walk = Files.walk(root, depth)) {
            Set<String> paths = new TreeSet<>();
            walk.forEach(p -> paths.add(p.toString()));
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> tree(Path root) {
        return tree(root, Integer.MAX_VALUE);
    }
}
