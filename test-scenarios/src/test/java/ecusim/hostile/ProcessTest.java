package ecusim.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecusim run} as a separate process: interrupted by a signal it leaves the previous results as they
 * were and no temporary file; failing inside (here: a Unicorn library that is not there) it exits 70 with the
 * log so far, metrics marked aborted and the stack trace in a file, and one line on stderr.
 */
class ProcessTest {
    private static ProcessBuilder ecusim(Path dir, List<String> jvmOptions, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private static String scenario(int untilMs) {
        return "<scenario name=\"s\">\n<ecu name=\"ecu0\">\n<config>\n"
                + "<parent-provides> <service name=\"LOG\"/> <service name=\"Timer\"/> <service name=\"ROM\"/> </parent-provides>\n"
                + "<default-route> <any-service> <parent/> </any-service> </default-route>\n"
                + "<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"1\"/> </start>\n"
                + "<start name=\"spin\"> <binary name=\"matrix\"/> <resource name=\"RAM\" quantum=\"1M\"/> <config n=\"64\" rounds=\"100000\"/> </start>\n"
                + "</config>\n</ecu>\n<run until_ms=\"" + untilMs + "\"/>\n</scenario>\n";
    }

    @Test
    void aRunInterruptedBySigtermLeavesThePreviousResultsWholeAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("short.xml"), scenario(3));
        Files.writeString(dir.resolve("long.xml"), scenario(1_000_000));
        Path out = dir.resolve("out");
        Process first = ecusim(dir, List.of(), "run", "short.xml", "--quiet", "--out", out.toString()).redirectErrorStream(true).start();
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(out.resolve("log.txt")), metrics = Files.readString(out.resolve("metrics.json"));

        Process second = ecusim(dir, List.of(), "run", "long.xml", "--out", out.toString()).redirectErrorStream(true).start();
        try (var lines = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 3; i++) assertTrue(lines.readLine() != null, "the long run prints its first lines");
            second.destroy(); // SIGTERM
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(List.of("log.txt", "metrics.json"), Files.list(out).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals(log, Files.readString(out.resolve("log.txt")));
        assertEquals(metrics, Files.readString(out.resolve("metrics.json")));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(log.getBytes(StandardCharsets.UTF_8)));
        assertTrue(metrics.contains("\"log_sha256\" : \"" + digest + "\""), "the metrics name their log");
    }

    @Test
    void anInternalErrorExits70WithTheLogSoFarAbortedMetricsAndTheStackTraceInAFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("s.xml"), scenario(3));
        Path out = dir.resolve("out");
        Process p = ecusim(dir, List.of("-Decusim.unicorn.lib=/nonexistent/libunicorn.so.2"), "run", "s.xml", "--out", out.toString()).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Main.EXIT_INTERNAL_ERROR, p.exitValue(), stderr);
        assertEquals(1, stderr.strip().lines().count(), stderr);
        assertTrue(stderr.contains("internal error") && stderr.contains("/nonexistent/libunicorn.so.2"), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"aborted\" : \"internal error: "));
        assertTrue(Files.exists(out.resolve("log.txt")));
        assertTrue(Files.readString(out.resolve("internal-error.txt")).contains("\tat "), "the stack trace is kept for the report");
    }
}
