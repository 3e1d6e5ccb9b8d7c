package ecusim.cli;

import ecusim.emulator.bare.BareMachine;
import ecusim.emulator.bare.BareOutcome;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cost.CostModelException;
import ecusim.emulator.cpu.InstructionTracer;
import ecusim.emulator.elf.ElfFormatException;
import ecusim.emulator.elf.ElfImage;
import ecusim.guests.GuestImages;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecusim bare IMAGE}: runs one guest image bare (one address space, MMU on). */
@Command(name = "bare", mixinStandardHelpOptions = true,
        description = {"Runs a guest ELF image bare: one address space with the MMU on, the provisional system-call ABI.",
                "IMAGE is a file or the name of a shipped guest (hello, memwalk, itloop, crash, spin).",
                "Exit code: the guest's own; 2 invalid input; 3 guest crashed; 4 instruction limit reached."})
final class BareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "ELF file or shipped guest name")
    String image;

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "2000000000",
            description = "stop after N instructions (default ${DEFAULT-VALUE})")
    long maxInstructions;

    @Option(names = "--heap-pages", paramLabel = "N", defaultValue = "16", description = "heap pages mapped for the guest")
    int heapPages;

    @Option(names = "--arg0", defaultValue = "0", description = "value passed in r2 (memwalk: rounds)")
    int arg0;

    @Option(names = "--arg1", defaultValue = "0", description = "value passed in r3 (memwalk: pattern word)")
    int arg1;

    @Option(names = "--clock-mhz", defaultValue = "600", description = "CPU clock for virtual time (default ${DEFAULT-VALUE})")
    long clockMhz;

    @Option(names = "--costs", paramLabel = "FILE", description = "cycle cost table (default: the shipped Cortex-A9 table)")
    Path costs;

    @Option(names = "--trace", paramLabel = "FILE", description = "write an instruction trace to FILE (slow)")
    Path trace;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out, err = System.err;
        ElfImage elf;
        CostModel costModel;
        try {
            elf = loadImage();
            costModel = costs == null ? CostModel.cortexA9() : CostModel.load(costs);
        } catch (ElfFormatException | CostModelException | InvalidInput e) {
            err.println("ecusim: " + e.getMessage());
            return Main.EXIT_INVALID_INPUT;
        } catch (NoSuchFileException e) {
            err.println("ecusim: " + e.getFile() + ": no such file");
            return Main.EXIT_INVALID_INPUT;
        }
        var config = BareMachine.Config.defaults().withHeapPages(heapPages).withArguments(arg0, arg1);
        // The writer is declared first so that it closes last, after the machine has detached its tracer.
        try (Writer traceWriter = trace == null ? null : new BufferedWriter(Files.newBufferedWriter(trace, StandardCharsets.UTF_8));
             BareMachine machine = BareMachine.boot(elf, config, costModel)) {
            if (traceWriter != null) machine.cpu().setTracer(new InstructionTracer(traceWriter, elf.symbols()::describe));
            long hostStart = System.nanoTime(); // host time for the user's information only, never simulated time
            BareOutcome outcome = machine.run(maxInstructions, new BareMachine.Listener() {
                @Override
                public void output(byte[] bytes) {
                    out.write(bytes, 0, bytes.length);
                    out.flush();
                }
            });
            long hostNanos = System.nanoTime() - hostStart;
            long instructions = machine.cpu().instructions(), cycles = machine.cpu().cycles();
            String ending;
            int code;
            switch (outcome) {
                case BareOutcome.Exited e -> {
                    ending = "exited with code " + e.code();
                    code = e.code();
                }
                case BareOutcome.Crashed c -> {
                    ending = "crashed: " + c.event() + " at " + c.where();
                    code = Main.EXIT_GUEST_CRASHED;
                }
                case BareOutcome.LimitReached l -> {
                    ending = "stopped at the instruction limit";
                    code = Main.EXIT_LIMIT_REACHED;
                }
            }
            out.printf("[ecusim] %s: %s; %,d instructions, %,d cycles, %s virtual time at %d MHz%n",
                    elf.name(), ending, instructions, cycles, formatTime(cycles, clockMhz), clockMhz);
            err.printf("[ecusim] host: run took %.1f ms (%.2f MIPS, first-time block decoding included)%n",
                    hostNanos / 1e6, instructions * 1e3 / Math.max(1, hostNanos));
            return code;
        }
    }

    private ElfImage loadImage() throws IOException, ElfFormatException, InvalidInput {
        Path path = Path.of(image);
        if (Files.exists(path)) return ElfImage.parse(path.getFileName().toString(), Files.readAllBytes(path));
        if (!image.contains("/") && GuestImages.names().contains(image)) {
            return ElfImage.parse(image + ".elf", GuestImages.load(image));
        }
        throw new InvalidInput(image + ": no such file, and no shipped guest of that name (shipped: "
                + String.join(", ", GuestImages.names()) + ")");
    }

    private static String formatTime(long cycles, long mhz) {
        double micros = (double) cycles / mhz;
        if (micros < 1000) return String.format("%.3f us", micros);
        if (micros < 1_000_000) return String.format("%.3f ms", micros / 1000);
        return String.format("%.3f s", micros / 1_000_000);
    }

    private static final class InvalidInput extends Exception {
        InvalidInput(String message) {
            super(message);
        }
    }
}
