package ecusim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ecusim} command. */
@Command(name = "ecusim", mixinStandardHelpOptions = true, version = "ecusim 0.1.0",
        description = "Deterministic simulator of an automotive ECU microkernel platform.",
        subcommands = {RunCommand.class, BareCommand.class, ImageCommand.class, ServeCommand.class, MigrateCommand.class, BenchCommand.class, CampaignCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /**
     * Exit codes shared by the subcommands (besides a guest's own exit code): 2 invalid input (a file, an
     * option, an unusable output path), 3, 4 and 5 for {@code bare} guests (crashed, instruction limit, an
     * exit code that cannot be passed on), 70 an internal error of ecusim itself (EX_SOFTWARE of sysexits.h).
     */
    public static final int EXIT_INVALID_INPUT = 2, EXIT_GUEST_CRASHED = 3, EXIT_LIMIT_REACHED = 4, EXIT_GUEST_CODE_UNREPRESENTABLE = 5,
            EXIT_INTERNAL_ERROR = 70;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(e -> EXIT_INVALID_INPUT);
        cli.setParameterExceptionHandler((e, a) -> {
            cli.getErr().println("ecusim: " + PrintableArgs.escape(e.getMessage()));
            e.getCommandLine().usage(cli.getErr());
            return EXIT_INVALID_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> internalError(cli, e));
        try {
            return cli.execute(args);
        } catch (Error e) { // picocli passes on errors (a failed class initialisation, a stack overflow)
            return internalError(cli, e);
        }
    }

    /** Whatever a command did not handle is a bug of ecusim: one line, and the trace only when asked for. */
    private static int internalError(CommandLine cli, Throwable e) {
        Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
        boolean debug = System.getenv("ECUSIM_DEBUG") != null;
        cli.getErr().println("ecusim: internal error (a bug in ecusim, please report it): " + PrintableArgs.escape(cause.toString())
                + (debug ? "" : " (set ECUSIM_DEBUG=1 for the stack trace)"));
        if (debug) e.printStackTrace(cli.getErr());
        return EXIT_INTERNAL_ERROR;
    }
}
