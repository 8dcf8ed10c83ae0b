package org.rounds.device.usb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderDriver;
import org.rounds.device.ReaderEvent;

/**
 * USB hot-plug notices ({@link UsbReaderWatcher}): they start no reader themselves but tell the
 * live reader set when to survey the drivers read on USB again. Its survey is what a watcher
 * announces as it starts: the known readers plugged in now, or why there are no notices.
 */
public record UsbDriver(String name, Discovery discovery, List<UsbId> usbIds) implements ReaderDriver {

    static final String NAME = "usb";

    public UsbDriver() {
        this(NAME, Discovery.NONE, List.of());
    }

    @Override
    public List<Entry> survey(Settings settings) {
        List<ReaderEvent> seen = new CopyOnWriteArrayList<>();
        try (BadgeReader watcher = settings.usbWatcher().get()) {
            watcher.start(seen::add);   // what is plugged in now is announced before start returns
        }
        List<Entry> out = new ArrayList<>();
        for (ReaderEvent e : seen) {
            if (e instanceof ReaderEvent.ReaderAttached a) {
                String driver = a.reader().split(":")[1];
                out.add(new Entry(NAME, a.reader(), State.READY, "plugged in; read by the " + driver + " driver",
                        Optional.empty()));
            } else if (e instanceof ReaderEvent.ReaderError err) {
                out.add(new Entry(NAME, "-", State.UNAVAILABLE, err.message(), Optional.empty()));
            }
        }
        if (out.isEmpty()) {
            out.add(new Entry(NAME, "-", State.NONE_ATTACHED,
                    "libusb watches hot-plug; no known badge reader plugged in", Optional.empty()));
        }
        return out;
    }
}
