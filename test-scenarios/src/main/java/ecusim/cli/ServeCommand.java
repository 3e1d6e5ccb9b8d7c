package ecusim.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecusim serve SCENARIO --port N}: the receiving end of a migration between two ecusim processes.
 * It waits on the loopback interface for one chain of checkpoint images ({@code ecusim migrate}), checks it
 * whole, and only then runs the scenario, whose Rtcr restores the chain at the given virtual time.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Waits on 127.0.0.1:PORT for a chain of checkpoint images (ecusim migrate), checks it whole, then runs SCENARIO",
                "with its Rtcr restoring the chain at --at (virtual time). A chain that does not arrive whole and sound is refused:",
                "the sender is told why, nothing runs, and the exit code is 2. Otherwise as 'ecusim run'."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "scenario file or shipped scenario name (its Rtcr stands by)")
    String scenario;

    @Option(names = "--port", required = true, paramLabel = "N", description = "the TCP port on 127.0.0.1 (0: any free one, printed)")
    int port;

    @Option(names = "--ecu", paramLabel = "ECU", description = "the ECU whose Rtcr restores the chain (default: the scenario's first)")
    String ecu;

    @Option(names = "--rtcr", defaultValue = "rtcr", paramLabel = "NAME", description = "the Rtcr's name in that ECU's init configuration (default: rtcr)")
    String rtcr;

    @Option(names = "--at", defaultValue = "0us", paramLabel = "TIME", description = "virtual time of the restore (units us, ms, s; default 0us)")
    String at;

    @Option(names = "--out", paramLabel = "DIR", description = "where the results go (default: ecusim-out/<scenario name>)")
    Path outDir;

    @Option(names = {"-q", "--quiet"}, description = "do not print log lines, only the outcome")
    boolean quiet;

    @Override
    public Integer call() {
        PrintStream out = System.out, err = System.err;
        if (port < 0 || port > 65535) {
            err.println("ecusim: --port " + port + ": from 0 to 65535");
            return Main.EXIT_INVALID_INPUT;
        }
        long atUs;
        try {
            atUs = ecusim.scenario.VirtualTimes.parse(at);
        } catch (IllegalArgumentException e) {
            err.println("ecusim: --at " + PrintableArgs.escape(at) + ": " + e.getMessage());
            return Main.EXIT_INVALID_INPUT;
        }
        ImageChain chain;
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            out.println("[ecusim] waiting for a migration on 127.0.0.1:" + server.getLocalPort());
            out.flush();
            try (Socket client = server.accept()) {
                OutputStream reply = client.getOutputStream();
                try {
                    chain = Migration.receive(new DataInputStream(new BufferedInputStream(client.getInputStream())));
                } catch (Migration.Refused e) {
                    answer(reply, "REFUSED " + e.getMessage());
                    err.println("ecusim: migration refused: " + PrintableArgs.escape(e.getMessage()));
                    return Main.EXIT_INVALID_INPUT;
                }
                answer(reply, "OK " + chain.images().size() + " images");
            }
        } catch (IOException e) {
            err.println("ecusim: cannot serve on 127.0.0.1:" + port + ": " + PrintableArgs.escape(String.valueOf(e.getMessage())));
            return Main.EXIT_INVALID_INPUT;
        }
        out.printf("[ecusim] received checkpoint %d (%d images); restoring it at %s%n", chain.images().getLast().header().sequence(), chain.images().size(),
                ecusim.scenario.VirtualTimes.format(atUs));
        RunCommand run = new RunCommand();
        List<String> args = new ArrayList<>(List.of(scenario));
        if (outDir != null) args.addAll(List.of("--out", outDir.toString()));
        if (quiet) args.add("--quiet");
        run.beforeRun = r -> r.deliver(ecu != null ? ecu : r.ecus().getFirst().name(), rtcr, chain.bytes(), atUs);
        return new CommandLine(run).execute(args.toArray(String[]::new));
    }

    private static void answer(OutputStream reply, String line) {
        try {
            reply.write((line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
            reply.flush();
        } catch (IOException e) {
            // the sender is gone: it learns nothing, the receiver goes on as decided
        }
    }
}
