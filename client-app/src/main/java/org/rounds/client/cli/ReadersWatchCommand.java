package org.rounds.client.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderEvent;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.inventory.LiveReaders;
import org.rounds.device.inventory.ReaderDrivers;
import org.rounds.device.inventory.ReaderInventory;
import org.rounds.device.sim.SimulatedReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Prints every badge reader event as one JSON line, from every reader that can run "
                + "(PC/SC, RF IDeas pcProx, USB hot-plug notices), until interrupted or --seconds pass.",
                "Shows the decoded badge id: this is the enrollment tool, keep its output private."})
final class ReadersWatchCommand implements Callable<Integer> {

    /** Where --sim reads its 'tap <id>' / 'remove' lines; tests replace it. */
    static InputStream simInput = System.in;

    /**
     * Makes the USB hot-plug watcher; tests replace it. The client-app test JVM also runs the
     * doctor's own libusb init/exit beside hidapi, after which a libusb hot-plug registration
     * crashed the JVM in libudev (reproduced in device-io: libusb init+exit on one context,
     * then a hidapi enumeration, then libusb init + hot-plug registration). A real `rounds`
     * process starts the watcher before any such sequence; device-io's tests cover the real one.
     */
    static Function<Clock, BadgeReader> usbWatcher = ReaderDrivers::usbWatcher;

    @Spec CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds (default: until interrupted).")
    Integer seconds;

    @Option(names = "--sim", description = "Add a simulated reader fed by 'tap <id>' / 'remove' lines on stdin.")
    boolean sim;

    @Option(names = "--format", paramLabel = "FORMATS", defaultValue = "h10301,corp1000,raw",
            description = "How prox cards are decoded, first match wins (default: ${DEFAULT-VALUE}). "
                    + "Known: " + CredentialFormat.KNOWN + ".")
    String format;

    @Option(names = "--uid-format", paramLabel = "FORMAT", defaultValue = "uid-hex",
            description = "How contactless UIDs are written (default: ${DEFAULT-VALUE}; also uid-hex-reversed, "
                    + "uid-dec, uid-dec-reversed).")
    String uidFormat;

    @Override
    public Integer call() throws Exception {
        if (seconds != null && (seconds < 1 || seconds > 86_400)) {
            throw new IllegalArgumentException("--seconds " + seconds + " is outside 1..86400");
        }
        CredentialFormat proxFormat = CredentialFormat.parse(format);
        CredentialFormat uid = CredentialFormat.parse(uidFormat);
        Clock clock = Clock.systemUTC();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BadgeReader.ReaderListener print = event -> {
            String line = ReaderEventJson.line(event);
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };

        List<BadgeReader> readers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            done.countDown();
            closeAll(readers);
        }, "rounds-readers-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // every reader there is now and any plugged in while watching (PC/SC polled, USB on hot-plug)
            LiveReaders live = LiveReaders.of(new ReaderInventory(clock, uid, proxFormat, usbWatcher));
            startOne(live, print, readers, names);
            names.remove(live.name());
            names.addAll(live.running());
            names.add("usb hot-plug");
            if (sim) {
                SimulatedReader simulated = new SimulatedReader("stdin", clock);
                startOne(simulated, print, readers, names);
                simulated.listen(simInput, "stdin");
            }
            err.println("rounds readers watch: watching " + String.join(", ", names)
                    + (seconds == null ? " (Ctrl-C to stop)" : " for " + seconds + " s"));
            err.flush();
            if (seconds == null) {
                done.await();
            } else {
                done.await(seconds, TimeUnit.SECONDS);
            }
        } finally {
            closeAll(readers);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the readers
            }
        }
        return 0;
    }

    private static void startOne(BadgeReader reader, BadgeReader.ReaderListener print, List<BadgeReader> readers,
                                 List<String> names) {
        synchronized (readers) {
            readers.add(reader);
        }
        names.add(reader.name());
        reader.start(print);
    }

    private static void closeAll(List<BadgeReader> readers) {
        List<BadgeReader> copy;
        synchronized (readers) {
            copy = new ArrayList<>(readers);
            readers.clear();
        }
        for (BadgeReader r : copy) {
            try {
                r.close();
            } catch (RuntimeException e) {
                // closing one reader must not keep the others open
            }
        }
    }
}
