package org.rounds.client.cli;

import java.util.concurrent.Callable;
import org.rounds.client.doctor.Doctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true, subcommands = {DoctorReadersCommand.class},
        description = "Reports what this machine offers Rounds: Java, JavaFX, display, PC/SC, HID and USB readers, ports.")
final class DoctorCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().flush();
        new Doctor().print(System.out);
        return 0;
    }
}
