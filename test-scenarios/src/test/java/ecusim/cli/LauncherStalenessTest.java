package ecusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher rebuilds only when what goes into the jar changed ({@code scripts/build-is-stale.sh}, which
 * {@code ./ecusim} calls): a run's own output, a scenario file or a test never makes the next command
 * spend a build.
 */
class LauncherStalenessTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "build-is-stale.sh").toAbsolutePath().normalize();
    private static final FileTime BUILT = FileTime.from(Instant.parse("2026-01-01T12:00:00Z"));
    private static final FileTime LATER = FileTime.from(Instant.parse("2026-01-01T13:00:00Z"));

    @TempDir
    Path root;
    private Path jar;

    @BeforeEach
    void aCheckoutBuiltAfterItsSources() throws IOException {
        for (String f : new String[] {"pom.xml", "emulator/pom.xml", "emulator/src/main/java/A.java", "emulator/src/main/c/shim.c",
                "guest-images/src/main/resources/ecusim/guests/index.txt", "test-scenarios/scenarios/counter.xml",
                "test-scenarios/src/test/java/ATest.java"}) {
            write(f, FileTime.from(Instant.parse("2026-01-01T11:00:00Z")));
        }
        jar = write("test-scenarios/target/ecusim.jar", BUILT);
        try (var all = Files.walk(root)) { // directories count too (a file added or removed), as old as their files
            for (Path d : all.filter(Files::isDirectory).toList()) Files.setLastModifiedTime(d, FileTime.from(Instant.parse("2026-01-01T11:00:00Z")));
        }
    }

    private Path write(String relative, FileTime time) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, relative);
        Files.setLastModifiedTime(p, time);
        return p;
    }

    private boolean stale() throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), root.toString(), jar.toString()).redirectErrorStream(true).start();
        int code = p.waitFor();
        if (code > 1) throw new AssertionError("build-is-stale.sh failed: " + new String(p.getInputStream().readAllBytes()));
        return code == 0;
    }

    @Test
    void aFreshBuildIsNotStale() throws Exception {
        assertEquals(false, stale());
    }

    @Test
    void aPreviousRunsOutputDoesNotMakeItStale() throws Exception {
        write("ecusim-out/counter/log.txt", LATER);
        write("ecusim-out/counter/metrics.json", LATER);
        write("test-scenarios/ecusim-out/counter/log.txt", LATER); // run from inside a module
        assertEquals(false, stale());
    }

    @Test
    void scenarioFilesAndTestsDoNotMakeItStale() throws Exception {
        write("test-scenarios/scenarios/counter.xml", LATER);
        write("test-scenarios/src/test/java/ATest.java", LATER);
        assertEquals(false, stale());
    }

    @Test
    void aChangedMainSourceMakesItStale() throws Exception {
        write("emulator/src/main/java/A.java", LATER);
        assertEquals(true, stale());
    }

    @Test
    void aChangedGuestImageOrShimOrPomMakesItStale() throws Exception {
        for (String f : new String[] {"guest-images/src/main/resources/ecusim/guests/index.txt", "emulator/src/main/c/shim.c", "emulator/pom.xml"}) {
            aCheckoutBuiltAfterItsSources();
            write(f, LATER);
            assertEquals(true, stale(), f);
        }
    }

    @Test
    void aRemovedMainSourceMakesItStale() throws Exception {
        Files.delete(root.resolve("emulator/src/main/c/shim.c")); // its directory's time is now
        assertEquals(true, stale());
    }

    @Test
    void noJarIsStale() throws Exception {
        Files.delete(jar);
        assertEquals(true, stale());
    }
}
