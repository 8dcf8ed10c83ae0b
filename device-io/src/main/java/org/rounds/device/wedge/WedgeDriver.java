package org.rounds.device.wedge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.rounds.device.Debouncer;
import org.rounds.device.ReaderDriver;

/**
 * Keyboard-wedge badge readers, read on Linux from their evdev nodes (found by USB identity):
 * surveyed again when the USB watcher sees one plugged in or out.
 */
public record WedgeDriver(String name, Discovery discovery, List<UsbId> usbIds) implements ReaderDriver {

    static final String NAME = "wedge";

    private static final List<UsbId> USB_IDS = List.of(
            new UsbId(0x09d8, UsbId.ANY_PRODUCT, "Elatec", "TWN"));

    public WedgeDriver() {
        this(NAME, Discovery.ON_USB_CHANGE, USB_IDS);
    }

    @Override
    public List<Entry> survey(Settings s) {
        if (!Files.isDirectory(EvdevNodes.SYS_CLASS_INPUT)) {
            return List.of(new Entry(NAME, "-", State.UNAVAILABLE,
                    "no /sys/class/input: keyboard-wedge readers are read only on Linux", Optional.empty()));
        }
        List<Entry> out = new ArrayList<>();
        for (UsbId known : USB_IDS) {
            for (Path node : EvdevNodes.find(known.vendorId(), known.productId())) {
                boolean readable = Files.isReadable(node);
                out.add(new Entry(NAME, NAME + ":" + node.getFileName(), readable ? State.READY : State.UNAVAILABLE,
                        known.label() + (readable ? ", taken exclusively while read"
                                : ": cannot read " + node + ", add this user to the 'input' group"),
                        readable ? Optional.of(() -> new EvdevWedgeReader(node, WedgeConfig.DEFAULT, s.clock(),
                                new Debouncer(s.clock()))) : Optional.empty()));
            }
        }
        if (out.isEmpty()) {
            out.add(new Entry(NAME, "-", State.NONE_ATTACHED, "no keyboard-wedge badge reader attached",
                    Optional.empty()));
        }
        return out;
    }
}
