package org.rounds.client.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderEvent;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.inventory.ReaderInventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "readers", mixinStandardHelpOptions = true,
        description = "Lists every badge reader seen, by driver (PC/SC, HID, USB), with its state and what to install.")
final class DoctorReadersCommand implements Callable<Integer> {

    /** How long the USB watcher may take to announce what is plugged in. */
    private static final long USB_SETTLE_MILLIS = 300;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        List<ReaderInventory.Entry> entries = new ArrayList<>(
                new ReaderInventory(clock, CredentialFormat.parse("uid-hex"),
                        CredentialFormat.parse("h10301,corp1000,raw")).survey());
        entries.addAll(usb(clock));
        PrintWriter out = spec.commandLine().getOut();
        out.print(format(entries));
        out.flush();
        return 0;
    }

    private static List<ReaderInventory.Entry> usb(Clock clock) throws InterruptedException {
        List<ReaderEvent> seen = new CopyOnWriteArrayList<>();
        try (BadgeReader watcher = ReadersWatchCommand.usbWatcher.apply(clock)) {
            watcher.start(seen::add);
            Thread.sleep(USB_SETTLE_MILLIS);
        }
        List<ReaderInventory.Entry> out = new ArrayList<>();
        for (ReaderEvent e : seen) {
            if (e instanceof ReaderEvent.ReaderAttached a) {
                String driver = a.reader().split(":")[1];
                out.add(new ReaderInventory.Entry("usb", a.reader(), ReaderInventory.State.READY,
                        "plugged in; read by the " + driver + " driver", Optional.empty()));
            } else if (e instanceof ReaderEvent.ReaderError err) {
                out.add(new ReaderInventory.Entry("usb", "-", ReaderInventory.State.UNAVAILABLE, err.message(),
                        Optional.empty()));
            }
        }
        if (out.isEmpty()) {
            out.add(new ReaderInventory.Entry("usb", "-", ReaderInventory.State.NONE_ATTACHED,
                    "libusb watches hot-plug; no known badge reader plugged in", Optional.empty()));
        }
        return out;
    }

    /** One aligned line per entry: state, driver, reader, detail. */
    static String format(List<ReaderInventory.Entry> entries) {
        int width = entries.stream().mapToInt(e -> e.reader().length()).max().orElse(1);
        StringBuilder sb = new StringBuilder();
        for (ReaderInventory.Entry e : entries) {
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
