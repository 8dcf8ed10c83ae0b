package org.rounds.device.inventory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderDriver;
import org.rounds.device.format.CredentialFormat;

/**
 * Every badge reader this machine offers now, by driver ({@link ReaderDrivers}), with its state
 * and, when a driver cannot run, what to install. Used by {@code rounds doctor readers} (to list
 * them) and, through {@link LiveReaders}, by {@code rounds client} and {@code rounds readers
 * watch} (to start the readers that can run). Never throws: a driver that fails to load is a
 * line saying so.
 */
public final class ReaderInventory {

    private final ReaderDriver.Settings settings;

    /**
     * Reads USB hot-plug notices from libusb ({@link ReaderDrivers#usbWatcher}).
     *
     * @param uidFormat  how contactless UIDs are written as ids at this site (e.g. {@code uid-hex})
     * @param proxFormat how 125 kHz prox cards are decoded at this site (e.g. {@code h10301})
     */
    public ReaderInventory(Clock clock, CredentialFormat uidFormat, CredentialFormat proxFormat) {
        this(clock, uidFormat, proxFormat, ReaderDrivers::usbWatcher);
    }

    /** @param usbWatcher makes the USB hot-plug watcher (tests give a fake: their kernel has no USB host) */
    public ReaderInventory(Clock clock, CredentialFormat uidFormat, CredentialFormat proxFormat,
                           Function<Clock, BadgeReader> usbWatcher) {
        Objects.requireNonNull(usbWatcher, "usbWatcher");
        this.settings = new ReaderDriver.Settings(clock, uidFormat, proxFormat, () -> usbWatcher.apply(clock));
    }

    /** Every driver's lines, in the registry's order: PC/SC, HID, keyboard wedges, USB hot-plug. */
    public List<ReaderDriver.Entry> survey() {
        return survey(driver -> true);
    }

    /** The lines of the drivers the live set surveys this way. */
    List<ReaderDriver.Entry> survey(ReaderDriver.Discovery discovery) {
        return survey(driver -> driver.discovery() == discovery);
    }

    private List<ReaderDriver.Entry> survey(Predicate<ReaderDriver> which) {
        List<ReaderDriver.Entry> all = new ArrayList<>();
        for (ReaderDriver driver : ReaderDrivers.all()) {
            if (which.test(driver)) {
                all.addAll(driver.survey(settings));
            }
        }
        return all;
    }

    ReaderDriver.Settings settings() {
        return settings;
    }
}
