package ecusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecusim bench checkpoint --quick}: every configuration gives a row and each pattern a plot, and the
 * numbers show seed 001's trade-off — scattered writes (random) cost least with small tiles, and write bits
 * beat copying everything.
 */
class BenchCommandTest {
    @TempDir
    Path out;

    @Test
    void theQuickCheckpointSweepWritesItsCsvAndPlotsAndShowsTheGranularityTradeOff() throws Exception {
        Cli.Result r = Cli.ecusim("bench", "checkpoint", "--quick", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 24, rows.size(), "a header and 4 patterns x (3 granularities, write-bit buffered and direct, full)");
        for (String pattern : List.of("sequential", "strided", "random", "hotset")) {
            assertTrue(Files.size(out.resolve("checkpoint-" + pattern + ".png")) > 1000, pattern);
            assertTrue(Files.readString(out.resolve("checkpoint-" + pattern + ".svg")).contains("<svg"), pattern);
        }
        assertTrue(overhead(rows, "random", "designated", 1) < overhead(rows, "random", "designated", 256), "small tiles suit scattered writes");
        assertTrue(overhead(rows, "random", "write-bit", 1) < overhead(rows, "random", "full", 1), "write bits beat copying everything");
        for (String pattern : List.of("sequential", "random")) {
            assertTrue(column(rows, pattern, "write-bit", "buffered", 10) < column(rows, pattern, "write-bit", "direct", 10),
                    "direct mode keeps the group frozen while it encodes; buffered mode only while it copies");
        }
    }

    private static double overhead(List<String> rows, String pattern, String mode, int g) {
        for (String row : rows) {
            String[] f = row.split(",");
            if (f[0].equals(pattern) && f[3].equals(mode) && f[4].equals(String.valueOf(g)) && f[5].equals("buffered")) return Double.parseDouble(f[8]);
        }
        throw new AssertionError("no row for " + pattern + " " + mode + " " + g);
    }

    private static double column(List<String> rows, String pattern, String mode, String serialize, int column) {
        for (String row : rows) {
            String[] f = row.split(",");
            if (f[0].equals(pattern) && f[3].equals(mode) && f[5].equals(serialize)) return Double.parseDouble(f[column]);
        }
        throw new AssertionError("no row for " + pattern + " " + mode + " " + serialize);
    }
}
