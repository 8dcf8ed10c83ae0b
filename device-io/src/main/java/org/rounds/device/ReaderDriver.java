package org.rounds.device;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.rounds.device.format.CredentialFormat;

/**
 * One kind of badge reader (PC/SC, pcProx, keyboard wedge, ...): how its readers are found and
 * started, which USB devices it reads, and what {@code rounds doctor readers} says about it. A
 * driver is its own package with one class implementing this, listed on one line of
 * {@code org.rounds.device.inventory.ReaderDrivers}; nothing else lists drivers.
 */
public interface ReaderDriver {

    /** Its name, which begins its readers' names: {@code "pcsc"} names {@code "pcsc:ACS ACR122U 00 00"}. */
    String name();

    /** When the live reader set looks for its readers again. */
    Discovery discovery();

    /**
     * The USB devices it reads, so that the hot-plug watcher names them and the doctor tells a
     * badge reader from a mouse; none for a driver whose readers are not USB devices of its own.
     */
    default List<UsbId> usbIds() {
        return List.of();
    }

    /**
     * Its readers on this machine now, each with a way to start it, or one line saying that there
     * is none or what to install. Never throws; may take a moment (it asks daemons and devices).
     */
    List<Entry> survey(Settings settings);

    enum Discovery {
        /** Surveyed again every few seconds (pcscd may start late or restart). */
        POLLED,
        /** Surveyed again when the USB watcher announces a known reader plugged in or out. */
        ON_USB_CHANGE,
        /** Never by the live set: the driver announces its readers itself, or the code that feeds it opens it. */
        NONE
    }

    /** A USB device a driver reads; {@code productId} {@link #ANY_PRODUCT} means every product of the vendor. */
    record UsbId(int vendorId, int productId, String vendor, String model) {
        public static final int ANY_PRODUCT = -1;

        public UsbId {
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(model, "model");
        }

        /** E.g. {@code "RF IDeas pcProx"}. */
        public String label() {
            return vendor + " " + model;
        }

        public boolean matches(int vendorId, int productId) {
            return this.vendorId == vendorId && (this.productId == ANY_PRODUCT || this.productId == productId);
        }
    }

    /** Whether a reader (or its driver) can run. */
    enum State { READY, NONE_ATTACHED, UNAVAILABLE }

    /**
     * One line of a survey.
     *
     * @param driver  the driver's {@link #name()}
     * @param reader  the reader's name as its events will carry it, or "-" when there is none
     * @param state   whether it can run
     * @param detail  what was found, or what to install (one line)
     * @param starter creates the reader when it can run
     */
    record Entry(String driver, String reader, State state, String detail,
                 Optional<Supplier<BadgeReader>> starter) {
        public Entry {
            Objects.requireNonNull(starter, "starter");
            detail = detail.replaceAll("[\\r\\n]+", " ").strip();
        }
    }

    /**
     * What a survey is given.
     *
     * @param clock      stamps the readers' events
     * @param uidFormat  how contactless UIDs are written as ids at this site (e.g. {@code uid-hex})
     * @param proxFormat how 125 kHz prox cards are decoded at this site (e.g. {@code h10301})
     * @param usbWatcher makes a USB hot-plug watcher (tests give a fake: their kernel has no USB host)
     */
    record Settings(Clock clock, CredentialFormat uidFormat, CredentialFormat proxFormat,
                    Supplier<BadgeReader> usbWatcher) {
        public Settings {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(uidFormat, "uidFormat");
            Objects.requireNonNull(proxFormat, "proxFormat");
            Objects.requireNonNull(usbWatcher, "usbWatcher");
        }
    }
}
