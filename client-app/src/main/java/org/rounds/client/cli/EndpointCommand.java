package org.rounds.client.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code rounds} command of an endpoint: the window, its readers, its checks and the kiosk
 * PIN. The tools (broker, desktop host, benches, demo) are not here: they are in the
 * {@code rounds-server} package and in the developer's {@code ./rounds}.
 */
@Command(name = "rounds", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Tap-and-go clinical endpoint: badge readers, roaming broker, remote desktops.")
public final class EndpointCommand implements Runnable {
    @Spec CommandSpec spec;

    /** The endpoint's subcommands, for every {@code rounds} entry that offers them. */
    public static List<Object> subcommands() {
        return List.of(new ClientCommand(), new EnrolCommand(), new DoctorCommand(), new ReadersCommand(), new KioskPinCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
