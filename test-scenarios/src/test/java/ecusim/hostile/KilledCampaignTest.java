package ecusim.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.campaign.ResultStore;
import ecusim.cli.Main;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A campaign killed with SIGKILL mid-run resumes where its last stored batch ended and stores nothing twice. */
class KilledCampaignTest {
    private static Process campaign(Path dir, Path file, Path out) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "campaign", file.toString(), "--out", out.toString(), "--jobs", "1"));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    /** Reads the process's output until {@code pattern} appears; returns the match. */
    private static Matcher await(InputStream in, Pattern pattern, StringBuilder seen) throws Exception {
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0; ) {
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            Matcher m = pattern.matcher(seen);
            if (m.find()) return m;
        }
        throw new AssertionError("no " + pattern + " in: " + seen);
    }

    @Test
    void aKilledCampaignResumesWithNoExperimentStoredTwice(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("campaigns", "crc.xml"), dir.resolve("crc.xml")); // the shipped one: 1.1 M instructions, long enough to kill
        Path file = dir.resolve("c.xml"), out = dir.resolve("out");
        // pruning="none": batches of 64 runs of one experiment each, as the checks below count them
        Files.writeString(file, "<campaign name=\"killed\" scenario=\"crc.xml\" component=\"crc\" experiments=\"600\" snapshots=\"8\" pruning=\"none\"/>\n");

        Process first = campaign(dir, file, out);
        StringBuilder seen = new StringBuilder();
        // once well over two batches of 64 have run, kill it without warning
        await(first.getInputStream(), Pattern.compile(" (1[5-9]\\d|[2-5]\\d\\d)/600 "), seen);
        first.destroyForcibly();
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));

        Process second = campaign(dir, file, out);
        StringBuilder resumed = new StringBuilder();
        Matcher stored = await(second.getInputStream(), Pattern.compile("(\\d+) stored, (\\d+) to run"), resumed);
        int before = Integer.parseInt(stored.group(1));
        assertTrue(before >= 128 && before < 600 && before % 64 == 0, "whole batches were kept: " + before);
        assertEquals(600 - before, Integer.parseInt(stored.group(2)));
        second.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(second.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), resumed.toString());

        try (ResultStore store = ResultStore.open(out.resolve("results.duckdb"))) {
            assertEquals(600, store.rows("killed").size());
            assertEquals(1, store.mostRowsPerKey());
        }
        assertEquals(601, Files.readAllLines(out.resolve("results.csv")).size());
    }
}
