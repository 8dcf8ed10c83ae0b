package org.rounds.cli.server;

import org.rounds.broker.api.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code rounds-server} command of the servers' package: the broker, the desktop host and the gateway. */
@Command(name = "rounds-server", mixinStandardHelpOptions = true, versionProvider = ServerCommand.Versions.class,
        description = "Rounds servers: the broker (HTTPS, its store and enrolment tools), the desktop host and the remote-access gateway.",
        subcommands = {BrokerCommand.class, DesktopHostCommand.class, GatewayCommand.class})
public final class ServerCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Versions implements IVersionProvider {
        @Override public String[] getVersion() { return Version.lines("rounds-server", ServerCommand.class); }
    }
}
