package ecusim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint images on the command line: a run writes them, {@code image verify|inspect|flatten} read them
 * and refuse damaged ones by record and byte, and {@code migrate} moves a chain to {@code serve} in another
 * ecusim process over the loopback interface, which restores it and runs on; a connection dropped midway
 * leaves the receiver unchanged (nothing runs).
 */
class MigrationCommandsTest {
    @TempDir
    static Path dir;
    static List<Path> chain;

    /** ECU B of the migration scenario alone: its Rtcr stands by for a chain from elsewhere. */
    static final String TARGET = """
            <scenario name="target" seed="1">
              <ecu name="ecuB">
                <config>
                  <parent-provides> <service name="LOG"/> <service name="Timer"/> <service name="ROM"/> </parent-provides>
                  <default-route> <any-service> <parent/> </any-service> </default-route>
                  <start name="rtcr" priority="120"> <binary name="rtcr"/> <resource name="RAM" quantum="4M"/>
                    <config mode="designated" granularity="4" standby="yes">
                      <start name="server" priority="110"> <binary name="pingpong-server"/> <resource name="RAM" quantum="512K"/>
                        <provides> <service name="Ping"/> </provides> <config work="2000"/> </start>
                      <start name="client"> <binary name="pingpong-client"/> <resource name="RAM" quantum="512K"/> <config rounds="600"/> </start>
                    </config>
                  </start>
                </config>
              </ecu>
              <run until_ms="100"/>
              <expect component="rtcr" log="^restored checkpoint 2 from 2 images"/>
              <expect component="rtcr -> client" log="^600 round trips ok$"/>
            </scenario>
            """;

    @BeforeAll
    static void runTheMigrationScenario() throws Exception {
        Cli.Result r = Cli.ecusim("run", Path.of("scenarios/migration.xml").toString(), "--quiet", "--out", dir.resolve("source").toString());
        assertEquals(0, r.exitCode(), r.err());
        chain = List.of(dir.resolve("source/images/ecuA-rtcr-0001.ckpt"), dir.resolve("source/images/ecuA-rtcr-0002.ckpt"));
        for (Path p : chain) assertTrue(Files.isRegularFile(p), p + " written by the run");
        Files.writeString(dir.resolve("target.xml"), TARGET);
    }

    @Test
    void aChainVerifiesAndInspectsAndFlattensIntoOneFullImage() {
        Cli.Result verify = Cli.ecusim("image", "verify", chain.get(0).toString(), chain.get(1).toString());
        assertEquals(0, verify.exitCode(), verify.err());
        assertTrue(verify.out().contains("a sound chain"), verify.out());
        Cli.Result inspect = Cli.ecusim("image", "inspect", chain.get(1).toString());
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().contains("checkpoint 2 of Rtcr \"rtcr\" on ECU \"ecuA\", incremental on ") && inspect.out().contains("child client: binary pingpong-client"),
                inspect.out());
        Path flat = dir.resolve("flat.ckpt");
        Cli.Result flatten = Cli.ecusim("image", "flatten", chain.get(0).toString(), chain.get(1).toString(), "-o", flat.toString());
        assertEquals(0, flatten.exitCode(), flatten.err());
        Cli.Result alone = Cli.ecusim("image", "verify", flat.toString());
        assertEquals(0, alone.exitCode(), alone.err());
        assertTrue(alone.out().contains("a sound full image"), alone.out());
    }

    @Test
    void aDamagedImageOrABrokenChainIsRefusedByRecordAndByte() throws Exception {
        byte[] bytes = Files.readAllBytes(chain.get(1));
        bytes[bytes.length / 2] ^= 1;
        Path bad = dir.resolve("bad.ckpt");
        Files.write(bad, bytes);
        Cli.Result r = Cli.ecusim("image", "verify", bad.toString());
        assertEquals(Main.EXIT_INVALID_INPUT, r.exitCode());
        assertTrue(r.err().matches("(?s)ecusim: .*bad\\.ckpt: record \\d+ at byte \\d+ \\(PageImage\\) is damaged: checksum mismatch.*"), r.err());
        Cli.Result missing = Cli.ecusim("image", "verify", chain.get(1).toString());
        assertEquals(0, missing.exitCode(), "an incremental image alone is sound as a file");
        Cli.Result orphan = Cli.ecusim("image", "flatten", chain.get(1).toString(), "-o", dir.resolve("x.ckpt").toString());
        assertEquals(Main.EXIT_INVALID_INPUT, orphan.exitCode());
        assertTrue(orphan.err().contains("is incremental: its parent"), orphan.err());
        assertFalse(Files.exists(dir.resolve("x.ckpt")));
    }

    @Test
    void aChainMigratesToAnotherEcusimProcessWhichRestoresItAndRunsOn() throws Exception {
        Path out = dir.resolve("served");
        Process serve = serve(out);
        int port = port(serve);
        Cli.Result sent = Cli.ecusim("migrate", chain.get(0).toString(), chain.get(1).toString(), "--to", "127.0.0.1:" + port);
        assertEquals(0, sent.exitCode(), sent.err());
        assertTrue(serve.waitFor(120, TimeUnit.SECONDS), "the receiver ran its scenario to the end");
        String output = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, serve.exitValue(), output + new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        String log = Files.readString(out.resolve("log.txt"));
        assertTrue(log.contains("rtcr -> client: 600 round trips ok"), log);
    }

    @Test
    void aConnectionDroppedMidwayLeavesTheReceiverUnchanged() throws Exception {
        Path out = dir.resolve("dropped");
        Process serve = serve(out);
        int port = port(serve);
        byte[] image = Files.readAllBytes(chain.get(0));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataOutputStream o = new DataOutputStream(s.getOutputStream());
            o.write(Migration.MAGIC);
            o.writeInt(Migration.VERSION);
            o.writeInt(2);
            o.writeLong(image.length);
            o.write(image, 0, image.length / 2); // and the connection ends
            o.flush();
        }
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        String err = new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_INVALID_INPUT, serve.exitValue(), err);
        assertTrue(err.contains("the connection ended after") && err.contains("nothing was restored"), err);
        assertFalse(Files.exists(out.resolve("log.txt")), "nothing ran");
    }

    /** {@code ecusim serve} in a process of its own (the same classes), on any free port. */
    private static Process serve(Path out) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path")));
        for (String p : System.getProperties().stringPropertyNames()) if (p.startsWith("ecusim.")) command.add("-D" + p + "=" + System.getProperty(p));
        command.addAll(List.of("ecusim.cli.Main", "serve", dir.resolve("target.xml").toString(), "--port", "0", "--quiet", "--out", out.toString()));
        return new ProcessBuilder(command).start();
    }

    /** The port the server printed it waits on. */
    private static int port(Process serve) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || !line.startsWith("[ecusim] waiting for a migration on 127.0.0.1:")) {
            serve.destroy();
            throw new AssertionError(line + " / " + new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    }
}
