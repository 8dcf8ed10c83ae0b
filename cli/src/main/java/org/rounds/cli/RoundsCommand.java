package org.rounds.cli;

import org.rounds.cli.server.BrokerCommand;
import org.rounds.cli.server.DesktopHostCommand;
import org.rounds.cli.server.GatewayCommand;
import org.rounds.cli.vnc.RecordCommand;
import org.rounds.cli.vnc.SnapshotCommand;
import org.rounds.client.cli.VersionProvider;
import picocli.CommandLine.Command;

/** Every subcommand: the tools here, and the endpoint's ({@code Main} adds them). */
@Command(name = "rounds",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Tap-and-go clinical endpoint: badge readers, roaming broker, remote desktops.",
        subcommands = {
            DemoCommand.class,
            BrokerCommand.class,
            DesktopHostCommand.class,
            GatewayCommand.class,
            SnapshotCommand.class,
            RecordCommand.class,
            BenchCommand.class,
        })
public final class RoundsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
