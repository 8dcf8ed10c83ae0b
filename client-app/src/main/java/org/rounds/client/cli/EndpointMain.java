package org.rounds.client.cli;

import java.io.PrintWriter;
import org.rounds.broker.api.OneLine;
import picocli.CommandLine;

/**
 * The {@code rounds} entry point of an endpoint's package. Deliberately not a JavaFX
 * {@code Application}: a main class that extends it cannot start from a plain classpath jar.
 */
public final class EndpointMain {
    private EndpointMain() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. Errors are one line on {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new EndpointCommand());
        EndpointCommand.subcommands().forEach(cl::addSubcommand);
        return execute(cl, args, out, err);
    }

    /** Runs {@code cl} with errors as one line naming the command ({@code ROUNDS_DEBUG} adds the stack). */
    public static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println(cl.getCommandName() + " " + commandLine.getCommandName() + ": " + OneLine.of(ex));
            if (System.getenv("ROUNDS_DEBUG") != null) ex.printStackTrace(err);
            return 1;
        });
        return cl.execute(args);
    }
}
