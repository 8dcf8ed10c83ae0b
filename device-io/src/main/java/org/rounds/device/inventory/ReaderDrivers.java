package org.rounds.device.inventory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderDriver;
import org.rounds.device.hid.PcProxDriver;
import org.rounds.device.pcsc.PcscDriver;
import org.rounds.device.sim.SimDriver;
import org.rounds.device.usb.KnownReaders;
import org.rounds.device.usb.UsbDriver;
import org.rounds.device.usb.UsbReaderWatcher;
import org.rounds.device.wedge.WedgeDriver;

/**
 * The one registry of badge reader drivers. A new driver is one package (its reader and one
 * {@link ReaderDriver}) and one line here: {@code rounds doctor readers}, the live reader set
 * behind {@code rounds client} and {@code rounds readers watch}, the USB hot-plug watcher and
 * the doctor's HID check all read this table. Its order is the order of the doctor's lines.
 */
public final class ReaderDrivers {

    private static final List<ReaderDriver> ALL = List.of(
            new PcscDriver(),     // pcsc: PC/SC readers through pcscd, polled
            new PcProxDriver(),   // hid: RF IDeas pcProx in SDK mode, on USB change
            new WedgeDriver(),    // wedge: keyboard-wedge readers (Linux evdev), on USB change
            new UsbDriver(),      // usb: hot-plug notices, which start the two above
            new SimDriver());     // sim: fed by code, stdin or loopback TCP

    private static final KnownReaders USB_READERS = KnownReaders.of(ALL);

    private ReaderDrivers() {}

    /** Every driver, in the table's order. */
    static List<ReaderDriver> all() {
        return ALL;
    }

    static Optional<ReaderDriver> byName(String name) {
        return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The driver a reader belongs to, by its name's prefix: {@code "pcsc:ACS ACR122U 00 00"} is pcsc's. */
    static Optional<ReaderDriver> forReader(String readerName) {
        int colon = readerName.indexOf(':');
        return colon < 0 ? Optional.empty() : byName(readerName.substring(0, colon));
    }

    /** Every driver's USB devices: what the hot-plug watcher announces and the doctor counts as a badge reader. */
    public static KnownReaders usbReaders() {
        return USB_READERS;
    }

    /** A USB hot-plug watcher for {@link #usbReaders()}. */
    public static BadgeReader usbWatcher(Clock clock) {
        return new UsbReaderWatcher(USB_READERS, clock);
    }
}
