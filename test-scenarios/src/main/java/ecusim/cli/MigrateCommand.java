package ecusim.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecusim migrate IMAGE… --to 127.0.0.1:N}: sends a chain of checkpoint images to an {@code ecusim serve}. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Sends a chain of checkpoint images (the full one, then the incremental ones) to 'ecusim serve' on the loopback",
                "interface, which restores it. The images are checked here first. Exit 0 when the receiver took them, 2 otherwise."})
final class MigrateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "the chain, oldest first")
    List<Path> images;

    @Option(names = "--to", required = true, paramLabel = "127.0.0.1:PORT", description = "where 'ecusim serve' waits")
    String to;

    @Override
    public Integer call() {
        PrintStream out = System.out, err = System.err;
        int colon = to.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(to.substring(colon + 1));
            if (colon < 0 || port <= 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            err.println("ecusim: --to " + PrintableArgs.escape(to) + ": expected 127.0.0.1:PORT");
            return Main.EXIT_INVALID_INPUT;
        }
        String host = to.substring(0, colon);
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            err.println("ecusim: --to " + PrintableArgs.escape(to) + ": migrations go over the loopback interface only (127.0.0.1)");
            return Main.EXIT_INVALID_INPUT;
        }
        List<byte[]> bytes;
        try {
            ImageChain chain = ImageCommand.read(images);
            chain.check();
            bytes = chain.bytes(); // sent as they were read
        } catch (ImageCommand.InvalidImage | ecusim.rtcr.CheckpointException e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            Migration.send(new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())), bytes);
            socket.shutdownOutput();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (answer != null && answer.startsWith("OK")) {
                long total = bytes.stream().mapToLong(b -> b.length).sum();
                out.printf("[ecusim] %d images (%d bytes) sent to 127.0.0.1:%d: %s%n", bytes.size(), total, port, PrintableArgs.escape(answer));
                return 0;
            }
            err.println("ecusim: the receiver refused the chain: " + PrintableArgs.escape(answer == null ? "(no answer)" : answer));
            return Main.EXIT_INVALID_INPUT;
        } catch (IOException e) {
            err.println("ecusim: cannot migrate to 127.0.0.1:" + port + ": " + PrintableArgs.escape(String.valueOf(e.getMessage())));
            return Main.EXIT_INVALID_INPUT;
        }
    }
}
