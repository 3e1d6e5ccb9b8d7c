package ecusim.cli;

import ecusim.platform.SnapshotFormatException;
import ecusim.rtcr.CheckpointException;
import ecusim.rtcr.CheckpointImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ecusim image inspect|verify|flatten}: Rtcr's checkpoint images on the command line. */
@Command(name = "image", mixinStandardHelpOptions = true, description = "Inspect, verify or flatten Rtcr checkpoint images (.ckpt).",
        subcommands = {ImageCommand.Inspect.class, ImageCommand.Verify.class, ImageCommand.Flatten.class})
public final class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_INVALID_INPUT;
    }

    /** Reads image files, oldest first; a file that is unreadable or damaged is named with the record and byte. */
    static ImageChain read(List<Path> files) throws InvalidImage {
        List<CheckpointImage> images = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (Path file : files) {
            try {
                long size = Files.size(file);
                if (size > ecusim.platform.SnapshotFile.MAX_BYTES) throw new InvalidImage(file + ": " + size + " bytes, more than an image can have");
                byte[] b = Files.readAllBytes(file);
                images.add(CheckpointImage.decode(b));
                bytes.add(b);
            } catch (SnapshotFormatException e) {
                throw new InvalidImage(file + ": " + e.getMessage());
            } catch (IOException e) {
                throw new InvalidImage(file + ": cannot be read: " + OutputFolder.reason(e));
            }
        }
        return new ImageChain(images, bytes);
    }

    static final class InvalidImage extends Exception {
        InvalidImage(String message) {
            super(message);
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Print an image's header, its records and their sizes.")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1", paramLabel = "FILE", description = "the image")
        Path file;

        @Override
        public Integer call() {
            java.io.PrintStream out = System.out, err = System.err;
            ImageChain read;
            try {
                read = read(List.of(file));
            } catch (InvalidImage e) {
                err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
                return Main.EXIT_INVALID_INPUT;
            }
            CheckpointImage image = read.images().getFirst();
            byte[] encoded = read.bytes().getFirst();
            var h = image.header();
            long bytes = encoded.length;
            out.printf(Locale.ROOT, "%s: checkpoint %d of Rtcr \"%s\" on ECU \"%s\", %s, mode %s%s, %d bytes%n", PrintableArgs.escape(file.toString()),
                    h.sequence(), PrintableArgs.escape(h.rtcr()), PrintableArgs.escape(h.ecu()), image.incremental() ? "incremental on " + h.parentDigest() : "full",
                    h.mode(), h.mode().equals("designated") ? " (G=" + h.granularity() + ")" : "", bytes);
            out.printf(Locale.ROOT, "  clock %d Hz; the group ran again at cycle %d, its own time %d cycles; next identity %d; digest %s%n",
                    h.clockHz(), h.resumedAtCycles(), h.groupCycles(), h.nextObjectId(), CheckpointImage.digest(encoded));
            for (var c : image.children()) {
                out.printf(Locale.ROOT, "  child %s: binary %s (SHA-256 %s), RAM quota %d, priority %d%n", PrintableArgs.escape(c.name()),
                        PrintableArgs.escape(c.binary()), c.binaryDigest(), c.ramQuota(), c.priority());
                out.printf(Locale.ROOT, "    %d threads, %d capabilities, %d sessions, %d dataspaces, %d attachments, %d gates and signals, %d mapped pages%n",
                        c.threads().size(), c.capabilities().size(), c.sessions().size(), c.dataspaces().size(), c.attachments().size(),
                        c.endpoints().size(), c.mapped().length);
                for (var t : c.threads()) {
                    out.printf(Locale.ROOT, "    thread %s: %s %s, pc 0x%08x%n", PrintableArgs.escape(t.name()), t.state(), t.pending(), t.registers().pc());
                }
                for (var s : c.sessions()) {
                    out.printf(Locale.ROOT, "    session %d: %s \"%s\"%s, quota %d%n", s.sessionId(), s.service(), PrintableArgs.escape(s.label()),
                            s.server() == null ? "" : " of " + PrintableArgs.escape(s.server()), s.quota());
                }
            }
            Map<Long, Integer> pagesPer = new TreeMap<>();
            for (var p : image.pages()) pagesPer.merge(p.dataspace(), 1, Integer::sum);
            out.printf(Locale.ROOT, "  %d page records (%d bytes of page data)%n", image.pages().size(), (long) image.pages().size() * 4096);
            for (var c : image.children()) {
                for (var d : c.dataspaces()) {
                    if (d.rom() != null) continue;
                    out.printf(Locale.ROOT, "    dataspace %d of %s: %d bytes%s, %d pages in this image%n", d.id(), PrintableArgs.escape(c.name()), d.size(),
                            d.tilePages() > 0 ? " in tiles of " + d.tilePages() + " pages" : "", pagesPer.getOrDefault(d.id(), 0));
                }
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check images: each one whole (framing, checksums, digest), and several given as a chain (oldest first).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "the image, or a chain: the full image, then the incremental ones")
        List<Path> files;

        @Override
        public Integer call() {
            java.io.PrintStream out = System.out, err = System.err;
            try {
                ImageChain read = read(files);
                if (files.size() > 1) read.check();
                List<CheckpointImage> chain = read.images();
                out.printf(Locale.ROOT, "%s: %s%n", files.size() == 1 ? PrintableArgs.escape(files.getFirst().toString()) : files.size() + " images",
                        files.size() == 1 ? "a sound " + (chain.getFirst().incremental() ? "incremental" : "full") + " image" : "a sound chain");
                return 0;
            } catch (InvalidImage | CheckpointException e) {
                err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
                return Main.EXIT_INVALID_INPUT;
            }
        }
    }

    @Command(name = "flatten", mixinStandardHelpOptions = true, description = "Merge a chain (full image, then incremental ones) into one full image.")
    static final class Flatten implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "CHAIN", description = "the full image, then the incremental ones, oldest first")
        List<Path> files;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "where the full image goes (written atomically)")
        Path output;

        @Override
        public Integer call() {
            java.io.PrintStream out = System.out, err = System.err;
            List<CheckpointImage> chain;
            try {
                ImageChain read = read(files);
                read.check();
                chain = read.images();
            } catch (InvalidImage | CheckpointException e) {
                err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
                return Main.EXIT_INVALID_INPUT;
            }
            CheckpointImage flat = CheckpointImage.flatten(chain);
            try {
                flat.write(output);
            } catch (IOException e) {
                err.println("ecusim: " + PrintableArgs.escape(output + ": cannot be written: " + OutputFolder.reason(e)));
                return Main.EXIT_INVALID_INPUT;
            }
            out.printf(Locale.ROOT, "%s: checkpoint %d as one full image, %d page records%n", PrintableArgs.escape(output.toString()),
                    flat.header().sequence(), flat.pages().size());
            return 0;
        }
    }
}
