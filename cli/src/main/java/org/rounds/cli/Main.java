package org.rounds.cli;

import java.io.PrintWriter;
import org.rounds.client.cli.EndpointCommand;
import org.rounds.client.cli.EndpointMain;
import picocli.CommandLine;

/**
 * The developer's and the demo's {@code rounds}: every subcommand, the endpoint's and the tools'.
 * The packages install narrower entries ({@link EndpointMain}, {@code ServerMain}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        EndpointMain.warmUpForClient(args);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. Errors are one line on {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return EndpointMain.execute(commandLine(), args, out, err);
    }

    /**
     * Every subcommand. An option's value may be a subcommand's name: {@code rounds broker
     * --desktops hosts} is the option's value, not {@code rounds broker hosts}. Public for tests
     * that walk every command (e.g. each admin-API command tried across practices).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RoundsCommand());
        EndpointCommand.subcommands().forEach(cl::addSubcommand);
        return cl.setAllowSubcommandsAsOptionParameters(true);   // after the subcommands: it is set on those there
    }
}
