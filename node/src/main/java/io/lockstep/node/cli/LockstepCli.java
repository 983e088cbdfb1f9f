package io.lockstep.node.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point of the {@code lockstep} command: wires the command tree to stdout and stderr. */
public final class LockstepCli {

    /** The JSON (or the requested help) was printed. */
    public static final int EXIT_OK = 0;
    /** The command could not do its work for an operational reason; details on stderr. */
    public static final int EXIT_FAILURE = 1;
    /** The command line was wrong: unknown option, bad value, missing file, no such export... */
    public static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(LockstepCli.class);

    private LockstepCli() {}

    public static void main(String[] args) {
        // Explicit UTF-8: output must not depend on the platform's default charset.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one command line in-process and returns its exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new LockstepCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(LockstepCli::reportUsageError);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().flush();
            LOG.error("lockstep {} failed", failed.getCommandName(), exception);
            failed.getErr()
                    .println("lockstep: " + failed.getCommandName() + " failed: "
                            + (exception.getMessage() != null ? exception.getMessage() : exception.toString()));
            failed.getErr().flush();
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    /** A usage error: the message and a pointer to the help, not the whole help, so the message stands out. */
    private static int reportUsageError(ParameterException exception, String[] args) {
        CommandLine failed = exception.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("lockstep: " + exception.getMessage());
        UnmatchedArgumentException.printSuggestions(exception, err);
        err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    /** What a command that only groups subcommands does when none is given: show its help, as a usage error. */
    static int missingSubcommand(CommandSpec spec) {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("lockstep: missing command");
        commandLine.usage(commandLine.getErr());
        return EXIT_USAGE;
    }
}
