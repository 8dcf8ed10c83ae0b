package org.rounds.device.usb;

import java.util.List;
import java.util.Optional;

/**
 * USB badge readers we recognise by vendor (and, where a vendor makes several kinds, product),
 * with the driver that reads them. A product entry wins over its vendor's default. The
 * vendor-wide defaults are what the vendor mostly sells to hospitals; a site whose reader is
 * configured otherwise (an RF IDeas in keyboard mode, an Elatec in CCID mode) says so in
 * configuration.
 */
public final class KnownReaders {

    /** How a reader is read. */
    public enum Driver {
        /** Smart-card readers through pcscd (CCID). */
        PCSC,
        /** HID feature reports (RF IDeas pcProx SDK mode). */
        HID,
        /** It types the badge number: the evdev keyboard wedge. */
        WEDGE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One catalogue line; {@code productId} -1 means any product of the vendor. */
    public record KnownReader(int vendorId, int productId, String label, Driver driver) {}

    static final int ANY = -1;

    private static final List<KnownReader> CATALOGUE = List.of(
            new KnownReader(0x0c27, 0x3bfa, "RF IDeas pcProx", Driver.HID),
            new KnownReader(0x0c27, ANY, "RF IDeas reader", Driver.HID),
            new KnownReader(0x076b, ANY, "HID Global OMNIKEY", Driver.PCSC),
            new KnownReader(0x072f, ANY, "ACS reader", Driver.PCSC),
            new KnownReader(0x04e6, ANY, "Identiv (SCM) reader", Driver.PCSC),
            new KnownReader(0x08e6, ANY, "Gemalto reader", Driver.PCSC),
            new KnownReader(0x0b97, ANY, "O2Micro reader", Driver.PCSC),
            new KnownReader(0x09d8, ANY, "Elatec TWN", Driver.WEDGE));

    private KnownReaders() {}

    /** The catalogue entry for this device, product-specific first; empty when it is not a badge reader we know. */
    public static Optional<KnownReader> lookup(int vendorId, int productId) {
        Optional<KnownReader> exact = CATALOGUE.stream()
                .filter(r -> r.vendorId() == vendorId && r.productId() == productId).findFirst();
        return exact.isPresent() ? exact
                : CATALOGUE.stream().filter(r -> r.vendorId() == vendorId && r.productId() == ANY).findFirst();
    }

    public static List<KnownReader> all() {
        return CATALOGUE;
    }
}
