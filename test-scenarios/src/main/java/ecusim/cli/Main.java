package ecusim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ecusim} command. */
@Command(name = "ecusim", mixinStandardHelpOptions = true, version = "ecusim 0.1.0",
        description = "Deterministic simulator of an automotive ECU microkernel platform.",
        subcommands = {RunCommand.class, BareCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Exit codes shared by the subcommands (besides a guest's own exit code). */
    public static final int EXIT_INVALID_INPUT = 2, EXIT_GUEST_CRASHED = 3, EXIT_LIMIT_REACHED = 4;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(e -> EXIT_INVALID_INPUT);
        cli.setParameterExceptionHandler((e, a) -> {
            cli.getErr().println("ecusim: " + e.getMessage());
            e.getCommandLine().usage(cli.getErr());
            return EXIT_INVALID_INPUT;
        });
        return cli.execute(args);
    }
}
