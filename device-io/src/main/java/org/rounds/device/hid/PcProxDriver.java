package org.rounds.device.hid;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.rounds.device.Debouncer;
import org.rounds.device.ReaderDriver;

/**
 * RF IDeas pcProx readers in SDK mode, through hidapi: surveyed again when the USB watcher sees
 * one plugged in or out. Each found device is a {@link PcProxReader} decoding cards by the
 * site's prox format.
 */
public record PcProxDriver(String name, Discovery discovery, List<UsbId> usbIds) implements ReaderDriver {

    static final String NAME = "hid";

    private static final List<UsbId> USB_IDS = List.of(
            new UsbId(PcProxProtocol.VENDOR_ID, 0x3bfa, "RF IDeas", "pcProx"),
            new UsbId(PcProxProtocol.VENDOR_ID, UsbId.ANY_PRODUCT, "RF IDeas", "reader"));

    public PcProxDriver() {
        this(NAME, Discovery.ON_USB_CHANGE, USB_IDS);
    }

    @Override
    public List<Entry> survey(Settings s) {
        List<Hid4javaTransport.HidDeviceInfo> devices;
        try {
            devices = Hid4javaTransport.enumerate(0).stream()
                    .filter(d -> USB_IDS.stream().anyMatch(id -> id.matches(d.vendorId(), d.productId())))
                    .toList();
        } catch (Throwable e) {
            return List.of(new Entry(NAME, "-", State.UNAVAILABLE, e.getMessage()
                    + ": use the rounds build for this OS and CPU", Optional.empty()));
        }
        if (devices.isEmpty()) {
            return List.of(new Entry(NAME, "-", State.NONE_ATTACHED, "no RF IDeas pcProx attached", Optional.empty()));
        }
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (Hid4javaTransport.HidDeviceInfo d : devices) {
            String id = String.format("%04x:%04x#%d", d.vendorId(), d.productId(), n++);
            out.add(new Entry(NAME, NAME + ":" + id, State.READY, d.product() + ", cards as " + s.proxFormat().name()
                    + " (needs read access to /dev/hidraw*)",
                    Optional.of(() -> new PcProxReader(id, Hid4javaTransport.opener(d.path()), s.proxFormat(), s.clock(),
                            new Debouncer(s.clock()), PcProxReader.DEFAULT_POLL))));
        }
        return out;
    }
}
