package org.rounds.cli.server;

import java.io.PrintWriter;
import org.rounds.broker.api.OneLine;
import picocli.CommandLine;

/** The {@code rounds-server} entry point: no endpoint, JavaFX or badge readers in its jar. */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cl = commandLine();
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(err);

        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("rounds-server " + commandLine.getCommandName() + ": " + OneLine.of(ex));
            return 1;
        });
        System.exit(cl.execute(args));
    }

    /** Every subcommand; {@code rounds-server broker --desktops hosts} is the option's value, not the {@code hosts} subcommand. */
    public static CommandLine commandLine() {
        return new CommandLine(new ServerCommand()).setAllowSubcommandsAsOptionParameters(true);
    }
}
