package org.rounds.client.cli;

import java.io.PrintWriter;
import org.rounds.broker.api.OneLine;
import org.rounds.client.ui.EndpointApp;
import picocli.CommandLine;

/**
 * The {@code rounds} entry point of an endpoint's package. Deliberately not a JavaFX
 * {@code Application}: a main class that extends it cannot start from a plain classpath jar.
 */
public final class EndpointMain {
    private EndpointMain() {}

    public static void main(String[] args) {
        warmUpForClient(args);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * For {@code rounds client}, starts JavaFX before anything else: the toolkit takes about a
     * second to start, and parsing the command, reading the configuration, registering with the
     * brokers and surveying the readers then happen meanwhile (the lock screen shows ~1 s sooner).
     */
    public static void warmUpForClient(String[] args) {
        if (args.length == 0 || !args[0].equals("client") || !Displays.available()) return;
        for (String a : args) if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return;
        EndpointApp.warmUp();
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
        // an option's value may be a subcommand's name: 'rounds broker --desktops hosts' beside 'rounds broker hosts add'
        cl.setAllowSubcommandsAsOptionParameters(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println(cl.getCommandName() + " " + commandLine.getCommandName() + ": " + OneLine.of(ex));
            if (System.getenv("ROUNDS_DEBUG") != null) ex.printStackTrace(err);
            return 1;
        });
        return cl.execute(args);
    }
}
