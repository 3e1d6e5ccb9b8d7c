package ecusim.cli;

import ecusim.emulator.bare.BareLoadException;
import ecusim.emulator.bare.BareMachine;
import ecusim.emulator.bare.BareOutcome;
import ecusim.emulator.cost.CostModel;
import ecusim.emulator.cost.CostModelException;
import ecusim.emulator.cpu.CpuModel;
import ecusim.emulator.cpu.InstructionTracer;
import ecusim.emulator.cpu.RegisterFile;
import ecusim.emulator.elf.ElfFormatException;
import ecusim.emulator.elf.ElfImage;
import ecusim.emulator.io.InputFileException;
import ecusim.emulator.io.InputFiles;
import ecusim.gdb.GdbAddress;
import ecusim.gdb.GdbServer;
import ecusim.gdb.GdbTarget;
import ecusim.guests.GuestImages;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecusim bare IMAGE}: runs one guest image bare (one address space, MMU on). */
@Command(name = "bare", mixinStandardHelpOptions = true,
        description = {"Runs a guest ELF image bare: one address space with the MMU on, the provisional system-call ABI.",
                "IMAGE is a file or the name of a shipped guest (hello, memwalk, itloop, crash, spin, ecuload, foreign).",
                "The guest's output and the summary line go to standard output; its markers (svc #3) and host timing to standard error.",
                "Exit code: the guest's own; 2 invalid input (or an unwritable --trace); 3 guest crashed or made an unknown system call;",
                "4 instruction limit reached;",
                "5 the guest's code was outside 0..255 or one of these (the summary line has it); 70 internal error.",
                "With --trace the instruction limit may be passed by a few instructions (less than one block)."})
final class BareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "ELF file or shipped guest name")
    String image;

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "2000000000",
            description = "stop after N instructions (default ${DEFAULT-VALUE})")
    long maxInstructions;

    @Option(names = "--heap-pages", paramLabel = "N", defaultValue = "16", description = "heap pages mapped for the guest")
    int heapPages;

    @Option(names = "--arg0", defaultValue = "0", description = "the guest's bare_arg0 (memwalk, itloop, ecuload: rounds)")
    int arg0;

    @Option(names = "--arg1", defaultValue = "0", description = "the guest's bare_arg1 (memwalk: pattern word)")
    int arg1;

    @Option(names = "--clock-mhz", description = "CPU clock for virtual time (default: ecusim's one default, 666)")
    Long clockMhz;

    @Option(names = "--lenient-svc", description = "an unknown svc number returns -38 (ENOSYS) to the guest instead of stopping it with an error")
    boolean lenientSvc;

    @Option(names = "--quiet-markers", description = "do not print the guest's markers")
    boolean quietMarkers;

    @Option(names = "--gdb", paramLabel = "HOST:PORT",
            description = "wait for GDB on HOST:PORT (port 0: any free one) and run the guest under it, in virtual time")
    String gdb;

    @Option(names = "--costs", paramLabel = "FILE", description = "cycle cost table (default: the shipped Cortex-A9 table)")
    Path costs;

    @Option(names = "--trace", paramLabel = "FILE", description = "write an instruction trace to FILE (slow)")
    Path trace;

    /** The largest image file accepted: no more than the bare machine's RAM could hold. */
    private static final long MAX_IMAGE_BYTES = 64L << 20;
    private static final long MAX_CLOCK_MHZ = 10_000;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out, err = System.err;
        ElfImage elf;
        CostModel costModel;
        try {
            checkOptions();
            elf = loadImage();
            costModel = costs == null ? CostModel.cortexA9() : CostModel.load(costs, ecusim.platform.PlatformCosts.keys());
        } catch (ElfFormatException | CostModelException | InvalidInput | InputFileException e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        }
        var config = BareMachine.Config.defaults().withHeapPages(heapPages).withArguments(arg0, arg1).withClock(clockMhz() * 1_000_000);
        if (lenientSvc) config = config.withLenientCalls();
        long mhz = clockMhz();
        Writer traceWriter;
        try {
            if (trace != null) OutputFolder.checkTarget(trace, "--trace");
            traceWriter = trace == null ? null : new BufferedWriter(Files.newBufferedWriter(trace, StandardCharsets.UTF_8));
        } catch (OutputFolder.Unusable e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        } catch (IOException e) {
            err.println("ecusim: " + PrintableArgs.escape("--trace " + trace + ": cannot write it: " + OutputFolder.reason(e)));
            return Main.EXIT_INVALID_INPUT;
        }
        GdbAddress gdbAddress = null;
        try {
            if (gdb != null) gdbAddress = GdbAddress.parse(gdb);
        } catch (IllegalArgumentException e) {
            err.println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        }
        // The writer is declared first so that it closes last, after the machine has detached its tracer.
        try (Writer closeTrace = traceWriter; BareMachine machine = BareMachine.boot(elf, config, costModel);
             GdbServer server = gdbAddress == null ? null : GdbServer.listen(gdbAddress.host(), gdbAddress.port())) {
            if (traceWriter != null) machine.cpu().setTracer(new InstructionTracer(traceWriter, elf.symbols()::describe));
            if (server != null) attachGdb(server, gdbAddress, machine, err);
            long hostStart = System.nanoTime(); // host time for the user's information only, never simulated time
            BareOutcome outcome = machine.run(maxInstructions, new BareMachine.Listener() {
                @Override
                public void output(byte[] bytes) {
                    out.write(bytes, 0, bytes.length);
                    out.flush();
                }

                @Override
                public void marker(int value, long instructions, long cycles) {
                    if (quietMarkers) return;
                    err.printf("[ecusim] marker %d (0x%08x) after %,d instructions, %s virtual time%n",
                            value, value, instructions, formatTime(cycles, mhz));
                }
            });
            machine.cpu().setTracer(null); // flushes: a trace that cannot be written is reported here
            if (server != null) {
                if (outcome instanceof BareOutcome.Exited e) server.exited(e.code());
                else server.terminated(outcome instanceof BareOutcome.LimitReached ? 14 : 11); // SIGALRM, SIGSEGV
            }
            long hostNanos = System.nanoTime() - hostStart;
            long instructions = machine.cpu().instructions(), cycles = machine.cpu().cycles();
            String ending;
            int code;
            switch (outcome) {
                case BareOutcome.Exited e -> {
                    ending = "exited with code " + e.code();
                    code = exitCodeOf(e.code());
                    if (code == Main.EXIT_GUEST_CODE_UNREPRESENTABLE) {
                        ending += " (exit status " + code + ": the code is outside 0..255 or one ecusim gives a meaning itself)";
                    }
                }
                case BareOutcome.Crashed c -> {
                    ending = "crashed: " + c.event() + " at " + c.where();
                    code = Main.EXIT_GUEST_CRASHED;
                }
                case BareOutcome.UnknownSystemCall u -> {
                    ending = "stopped: unknown system call svc #" + u.number() + " at " + u.where()
                            + " (the bare ABI has svc #1 write, #2 exit, #3 marker, #4 time; --lenient-svc returns -38 instead)";
                    code = Main.EXIT_GUEST_CRASHED;
                }
                case BareOutcome.LimitReached l -> {
                    ending = "stopped at the instruction limit";
                    code = Main.EXIT_LIMIT_REACHED;
                }
            }
            out.printf("[ecusim] %s: %s; %,d instructions, %,d cycles, %s virtual time at %d MHz%n",
                    PrintableArgs.escape(elf.name()), PrintableArgs.escape(ending), instructions, cycles, formatTime(cycles, mhz), mhz);
            err.printf("[ecusim] host: run took %.1f ms (%.2f MIPS, first-time block decoding included)%n",
                    hostNanos / 1e6, instructions * 1e3 / Math.max(1, hostNanos));
            return code;
        } catch (BareLoadException e) {
            err.println("ecusim: " + PrintableArgs.escape(elf.name() + ": " + e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        } catch (UncheckedIOException e) {
            err.println("ecusim: " + PrintableArgs.escape("--trace " + trace + ": cannot write it: " + OutputFolder.reason(e.getCause())));
            return Main.EXIT_INVALID_INPUT;
        } catch (IOException e) {
            err.println("ecusim: " + PrintableArgs.escape("--gdb " + gdb + ": " + e.getMessage()));
            return Main.EXIT_INVALID_INPUT;
        }
    }

    /** Option values that parse but make no sense are refused before anything runs. */
    private void checkOptions() throws InvalidInput {
        if (maxInstructions < 0) throw new InvalidInput("--max-instructions " + maxInstructions + ": must be 0 or more");
        if (clockMhz() < 1 || clockMhz() > MAX_CLOCK_MHZ) throw new InvalidInput("--clock-mhz " + clockMhz + ": must be from 1 to " + MAX_CLOCK_MHZ);
        long ramPages = BareMachine.Config.defaults().ramSize() / 4096;
        if (heapPages < 0 || heapPages > ramPages) throw new InvalidInput("--heap-pages " + heapPages + ": must be from 0 to " + ramPages
                + " (the bare machine has " + (ramPages * 4096 >> 20) + " MiB of RAM, which the image, its stack and tables share)");
    }

    /**
     * The process exit code for a guest's own: itself when it is 0..255 and not one ecusim gives a meaning
     * (2, 3, 4, 70), else {@link Main#EXIT_GUEST_CODE_UNREPRESENTABLE}; the summary line says which it was.
     */
    static int exitCodeOf(int guestCode) {
        boolean reserved = guestCode == Main.EXIT_INVALID_INPUT || guestCode == Main.EXIT_GUEST_CRASHED
                || guestCode == Main.EXIT_LIMIT_REACHED || guestCode == Main.EXIT_GUEST_CODE_UNREPRESENTABLE
                || guestCode == Main.EXIT_INTERNAL_ERROR;
        return guestCode >= 0 && guestCode <= 255 && !reserved ? guestCode : Main.EXIT_GUEST_CODE_UNREPRESENTABLE;
    }

    /** Waits for GDB, stops the guest at its entry for it, and lets it stop the guest at breakpoints and steps. */
    private static void attachGdb(GdbServer server, GdbAddress where, BareMachine machine, PrintStream err) throws IOException {
        err.printf("[ecusim] waiting for GDB on %s:%d (in GDB: target remote %s:%d)%n", where.host(), server.port(), where.host(), server.port());
        err.flush();
        server.accept();
        GdbTarget target = new GdbTarget() {
            @Override
            public RegisterFile registers() {
                return machine.cpu().registers();
            }

            @Override
            public void setRegisters(RegisterFile registers) {
                machine.cpu().setRegisters(registers);
            }

            @Override
            public boolean read(int address, byte[] into) {
                return machine.readMemory(address, into);
            }

            @Override
            public boolean write(int address, byte[] bytes) {
                return machine.writeMemory(address, bytes);
            }
        };
        BareMachine.Debugger debugger = stepped -> server.stopped(target) == GdbServer.Resume.STEP;
        machine.debug(debugger, debugger.stopped(false));
    }

    private long clockMhz() {
        return clockMhz != null ? clockMhz : CpuModel.DEFAULT_CLOCK_HZ / 1_000_000;
    }

    private ElfImage loadImage() throws ElfFormatException, InvalidInput, InputFileException {
        if (image.isEmpty()) throw new InvalidInput("the image is an empty path");
        Path path;
        try {
            path = Path.of(image);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidInput(PrintableArgs.quote(image) + ": not a valid path: " + e.getReason());
        }
        if (Files.exists(path) || image.contains("/")) {
            return ElfImage.parse(path.getFileName().toString(), InputFiles.read(path, MAX_IMAGE_BYTES, "guest image"));
        }
        if (GuestImages.names().contains(image)) return ElfImage.parse(image + ".elf", GuestImages.load(image));
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
