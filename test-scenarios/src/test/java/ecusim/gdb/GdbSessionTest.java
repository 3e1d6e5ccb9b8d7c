package ecusim.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ecusim.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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

/**
 * A real {@code gdb-multiarch} in batch mode against {@code ecusim run --gdb} and {@code ecusim bare --gdb},
 * each a process of its own: it breaks in a component, reads a variable, steps, and lets it run to its end;
 * a run under GDB has the same log and metrics as one without. {@code ./ecusim test} installs gdb-multiarch.
 */
class GdbSessionTest {
    private static final Path COMPONENTS = Path.of("..", "guest-images", "src", "main", "resources", "ecusim", "components");
    private static final Path GUESTS = Path.of("..", "guest-images", "src", "main", "resources", "ecusim", "guests");
    private static final Pattern WAITING = Pattern.compile("waiting for GDB on (127\\.0\\.0\\.1:\\d+)");

    private static final String SCENARIO = "<scenario name=\"gdb\" seed=\"1\">\n<ecu name=\"ecu0\">\n<config>\n"
            + "<parent-provides> <service name=\"LOG\"/> <service name=\"Timer\"/> <service name=\"ROM\"/> </parent-provides>\n"
            + "<default-route> <any-service> <parent/> </any-service> </default-route>\n"
            + "<start name=\"counter\"> <resource name=\"RAM\" quantum=\"512K\"/> <config period_ms=\"1\" limit=\"3\"/> </start>\n"
            + "<start name=\"crc\"> <resource name=\"RAM\" quantum=\"512K\"/> <config bytes=\"4096\"/> </start>\n"
            + "</config>\n</ecu>\n<run until_ms=\"20\"/>\n<expect component=\"crc\" exit=\"0\"/>\n</scenario>\n";

    private static ProcessBuilder ecusim(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    /** Starts ecusim, waits for its "waiting for GDB" line, runs gdb-multiarch with {@code commands}; returns GDB's output. */
    private static String debug(Process ecusim, Path elf, String... commands) throws Exception {
        var stderr = new BufferedReader(new InputStreamReader(ecusim.getErrorStream(), StandardCharsets.UTF_8));
        String address = null;
        for (String line; address == null && (line = stderr.readLine()) != null; ) {
            Matcher m = WAITING.matcher(line);
            if (m.find()) address = m.group(1);
        }
        assertTrue(address != null, "ecusim said where it waits for GDB");
        List<String> gdb = new ArrayList<>(List.of(gdbMultiarch(), "-batch", "-nx", elf.toAbsolutePath().toString(),
                "-ex", "target remote " + address));
        for (String c : commands) gdb.addAll(List.of("-ex", c));
        Process session = new ProcessBuilder(gdb).redirectErrorStream(true).start();
        String output = new String(session.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(session.waitFor(60, TimeUnit.SECONDS), output);
        stderr.transferTo(java.io.Writer.nullWriter());
        return output;
    }

    private static String gdbMultiarch() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "gdb-multiarch"))) return Path.of(dir, "gdb-multiarch").toString();
        }
        throw new AssertionError("gdb-multiarch is not installed (./ecusim test installs it; Debian: apt-get install gdb-multiarch)");
    }

    @Test
    void gdbBreaksInAComponentReadsAVariableStepsAndTheRunIsTheSameAsWithoutIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gdb.xml"), SCENARIO);
        Process debugged = ecusim(dir, "run", "gdb.xml", "--out", "debugged", "--gdb", "127.0.0.1:0", "--gdb-component", "crc").start();
        String gdb = debug(debugged, COMPONENTS.resolve("crc.elf"),
                "break *crc32", "continue", "print/x ((unsigned *) &table)[1]", "stepi", "print/x $pc", "x/s $r0", "delete", "continue");
        String out = new String(debugged.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(debugged.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, debugged.exitValue(), out);

        assertTrue(gdb.contains("Breakpoint 1, 0x00010034 in crc32 ()"), gdb);
        assertTrue(gdb.contains("$1 = 0x77073096"), "CRC-32 table entry 1, read from the component's .bss: " + gdb);
        assertTrue(gdb.contains("$2 = 0x10038"), "one ARM instruction stepped: " + gdb);
        assertTrue(gdb.contains("\"123456789\""), "r0 points at the check string: " + gdb);
        assertTrue(gdb.contains("exited normally"), gdb);

        Process plain = ecusim(dir, "run", "gdb.xml", "--quiet", "--out", "plain").redirectErrorStream(true).start();
        plain.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(plain.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Files.readString(dir.resolve("plain/log.txt")), Files.readString(dir.resolve("debugged/log.txt")));
        assertEquals(Files.readString(dir.resolve("plain/metrics.json")), Files.readString(dir.resolve("debugged/metrics.json")));
    }

    @Test
    void gdbStepsABareGuestAndSeesItsExitCode(@TempDir Path dir) throws Exception {
        Process debugged = ecusim(dir, "bare", "hello", "--gdb", "127.0.0.1:0").start();
        String gdb = debug(debugged, GUESTS.resolve("hello.elf"), "break *main", "continue", "stepi", "stepi", "info symbol $pc", "continue");
        String out = new String(debugged.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(debugged.waitFor(60, TimeUnit.SECONDS));
        assertEquals(42, debugged.exitValue(), out);
        assertTrue(gdb.matches("(?s).*Breakpoint 1, 0x[0-9a-f]+ in main \\(\\).*"), gdb);
        assertTrue(gdb.contains("main + 8 in section .text"), "two ARM instructions stepped: " + gdb);
        assertTrue(gdb.contains("exited with code 052"), gdb);
        assertTrue(out.contains("hello.elf: exited with code 42; 311 instructions"), "the same count as without GDB: " + out);
    }

    @Test
    void aComponentThatIsNotThereIsInvalidInput(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("gdb.xml"), SCENARIO);
        Process p = ecusim(dir, "run", "gdb.xml", "--gdb", "127.0.0.1:0", "--gdb-component", "nosuch").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Main.EXIT_INVALID_INPUT, p.exitValue(), out);
        assertTrue(out.contains("--gdb-component nosuch: no running component of that name"), out);
    }
}
