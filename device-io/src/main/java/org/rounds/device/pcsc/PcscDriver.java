package org.rounds.device.pcsc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.rounds.device.Debouncer;
import org.rounds.device.ReaderDriver;

/**
 * PC/SC readers, through pcscd: polled, since pcscd may start late or restart. Its USB ids name
 * the smart-card readers hospitals buy (CCID); they are read through pcscd, not opened by USB.
 */
public record PcscDriver(String name, Discovery discovery, List<UsbId> usbIds) implements ReaderDriver {

    static final String NAME = "pcsc";

    private static final List<UsbId> USB_IDS = List.of(
            new UsbId(0x076b, UsbId.ANY_PRODUCT, "HID Global", "OMNIKEY"),
            new UsbId(0x072f, UsbId.ANY_PRODUCT, "ACS", "reader"),
            new UsbId(0x04e6, UsbId.ANY_PRODUCT, "Identiv (SCM)", "reader"),
            new UsbId(0x08e6, UsbId.ANY_PRODUCT, "Gemalto", "reader"),
            new UsbId(0x0b97, UsbId.ANY_PRODUCT, "O2Micro", "reader"));

    public PcscDriver() {
        this(NAME, Discovery.POLLED, USB_IDS);
    }

    @Override
    public List<Entry> survey(Settings s) {
        List<String> names;
        try {
            names = PcscReaders.names();
        } catch (IllegalStateException e) {
            return List.of(new Entry(NAME, "-", State.UNAVAILABLE,
                    e.getMessage() + ": apt-get install pcscd libpcsclite1, then start pcscd", Optional.empty()));
        } catch (Throwable e) {   // JNA itself missing for this OS and CPU
            return List.of(new Entry(NAME, "-", State.UNAVAILABLE, "PC/SC does not load: " + e.getMessage(),
                    Optional.empty()));
        }
        if (names.isEmpty()) {
            return List.of(new Entry(NAME, "-", State.NONE_ATTACHED,
                    "pcscd runs, no smart-card reader attached", Optional.empty()));
        }
        List<Entry> out = new ArrayList<>();
        for (String name : names) {
            out.add(new Entry(NAME, NAME + ":" + name, State.READY, "contactless UIDs as " + s.uidFormat().name(),
                    Optional.of(() -> new PcscReader(name, s.clock(), new Debouncer(s.clock()), s.uidFormat()))));
        }
        return out;
    }
}
