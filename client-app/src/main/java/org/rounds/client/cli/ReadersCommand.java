package org.rounds.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "readers", mixinStandardHelpOptions = true,
        description = "Badge readers: watch what they read (enrollment).",
        subcommands = {ReadersWatchCommand.class})
final class ReadersCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
