package org.rounds.client.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.rounds.client.config.AdminPin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rounds kiosk-pin}: hashes the admin PIN that leaves a kiosk, for endpoint.json. */
@Command(name = "kiosk-pin", mixinStandardHelpOptions = true,
        description = "Reads an admin PIN (4-12 digits; typed without echo, or one line on stdin) and prints "
                + "the hash to put in endpoint.json as kiosk.adminPinHash. The PIN itself is stored nowhere.")
final class KioskPinCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String pin;
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("admin PIN: ");
            pin = typed == null ? "" : new String(typed);
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            pin = line == null ? "" : line.strip();
        }
        spec.commandLine().getOut().println(AdminPin.hash(pin));
        return 0;
    }
}
