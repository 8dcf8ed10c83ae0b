package org.rounds.client.cli;

import picocli.CommandLine.Command;

@Command(name = "rounds",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Tap-and-go clinical endpoint: badge readers, roaming broker, remote desktops.",
        subcommands = {
            DemoCommand.class,
            ClientCommand.class,
            BrokerCommand.class,
            DesktopHostCommand.class,
            SnapshotCommand.class,
            RecordCommand.class,
            DoctorCommand.class,
            BenchCommand.class,
            ReadersCommand.class,
            KioskPinCommand.class,
        })
public final class RoundsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
