package org.rounds.client.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code rounds} entry point. Deliberately not a JavaFX {@code Application}: a main class
 * that extends it cannot start from a plain classpath jar.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. Errors are one line on {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RoundsCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("rounds " + commandLine.getCommandName() + ": " + oneLine(ex));
            if (System.getenv("ROUNDS_DEBUG") != null) ex.printStackTrace(err);
            return 1;
        });
        return cl.execute(args);
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) m = ex.getClass().getSimpleName();
        return m.replace('\n', ' ').strip();
    }
}
