package org.rounds.device.usb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.rounds.device.ReaderDriver;
import org.rounds.device.ReaderDriver.UsbId;

/**
 * USB badge readers we recognise by vendor (and, where a vendor makes several kinds, product),
 * with the driver that reads them: every driver's {@link ReaderDriver#usbIds()}, gathered once
 * by the driver registry. A product entry wins over its vendor's default. The vendor-wide
 * defaults are what the vendor mostly sells to hospitals; a site whose reader is configured
 * otherwise (an RF IDeas in keyboard mode, an Elatec in CCID mode) says so in configuration.
 */
public final class KnownReaders {

    /** One catalogue line: a USB device and the name of the driver that reads it. */
    public record KnownReader(UsbId device, String driver) {}

    private final List<KnownReader> catalogue;

    private KnownReaders(List<KnownReader> catalogue) {
        this.catalogue = List.copyOf(catalogue);
    }

    /**
     * The USB devices of these drivers, in their order.
     *
     * @throws IllegalArgumentException when two lines name the same vendor and product
     */
    public static KnownReaders of(List<? extends ReaderDriver> drivers) {
        List<KnownReader> all = new ArrayList<>();
        for (ReaderDriver driver : drivers) {
            for (UsbId id : driver.usbIds()) {
                for (KnownReader other : all) {
                    if (other.device().vendorId() == id.vendorId() && other.device().productId() == id.productId()) {
                        String product = id.productId() == UsbId.ANY_PRODUCT ? "*" : String.format("%04x", id.productId());
                        throw new IllegalArgumentException(String.format("USB %04x:%s is claimed by %s and %s",
                                id.vendorId(), product, other.driver(), driver.name()));
                    }
                }
                all.add(new KnownReader(id, driver.name()));
            }
        }
        return new KnownReaders(all);
    }

    /** The catalogue entry for this device, product-specific first; empty when it is not a badge reader we know. */
    public Optional<KnownReader> lookup(int vendorId, int productId) {
        Optional<KnownReader> exact = catalogue.stream()
                .filter(r -> r.device().vendorId() == vendorId && r.device().productId() == productId).findFirst();
        return exact.isPresent() ? exact : catalogue.stream()
                .filter(r -> r.device().vendorId() == vendorId && r.device().productId() == UsbId.ANY_PRODUCT).findFirst();
    }

    List<KnownReader> all() {
        return catalogue;
    }
}
