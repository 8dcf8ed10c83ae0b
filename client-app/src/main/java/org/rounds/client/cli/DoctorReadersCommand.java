package org.rounds.client.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.rounds.device.ReaderDriver;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.inventory.ReaderInventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "readers", mixinStandardHelpOptions = true,
        description = "Lists every badge reader seen, by driver (PC/SC, HID, USB), with its state and what to install.")
final class DoctorReadersCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        List<ReaderDriver.Entry> entries = new ReaderInventory(Clock.systemUTC(), CredentialFormat.parse("uid-hex"),
                CredentialFormat.parse("h10301,corp1000,raw"), ReadersWatchCommand.usbWatcher).survey();
        PrintWriter out = spec.commandLine().getOut();
        out.print(format(entries));
        out.flush();
        return 0;
    }

    /** One aligned line per entry: state, driver, reader, detail. */
    static String format(List<ReaderDriver.Entry> entries) {
        int width = entries.stream().mapToInt(e -> e.reader().length()).max().orElse(1);
        StringBuilder sb = new StringBuilder();
        for (ReaderDriver.Entry e : entries) {
            String state = switch (e.state()) {
                case READY -> "ready";
                case NONE_ATTACHED -> "none";
                case UNAVAILABLE -> "MISSING";
            };
            sb.append(String.format(Locale.ROOT, "%-8s %-6s %-" + width + "s  %s%n", state, e.driver(), e.reader(),
                    e.detail()));
        }
        return sb.toString();
    }
}
