package org.rounds.device.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.rounds.device.BadgeReader;
import org.rounds.device.Debouncer;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.hid.Hid4javaTransport;
import org.rounds.device.hid.PcProxReader;
import org.rounds.device.pcsc.PcscReader;
import org.rounds.device.pcsc.PcscReaders;
import org.rounds.device.usb.KnownReaders;
import org.rounds.device.wedge.EvdevNodes;
import org.rounds.device.wedge.EvdevWedgeReader;
import org.rounds.device.wedge.WedgeConfig;

/**
 * Every badge reader this machine offers now, by driver, with its state and, when a driver
 * cannot run, what to install. Used by {@code rounds readers watch} (to start the readers that
 * can run) and {@code rounds doctor readers} (to list them). Never throws: a driver that fails
 * to load is a line saying so.
 */
public final class ReaderInventory {

    /** PC/SC, HID (pcProx) or the USB hot-plug watcher. */
    public enum State { READY, NONE_ATTACHED, UNAVAILABLE }

    /**
     * One line of the inventory.
     *
     * @param driver  {@code "pcsc"}, {@code "hid"}, {@code "wedge"} (the caller adds {@code "usb"})
     * @param reader  the reader's name as its events will carry it, or "-" when there is none
     * @param state   whether it can run
     * @param detail  what was found, or what to install (one line)
     * @param starter creates the reader when it can run
     */
    public record Entry(String driver, String reader, State state, String detail,
                        Optional<Supplier<BadgeReader>> starter) {
        public Entry {
            Objects.requireNonNull(starter, "starter");
            detail = detail.replaceAll("[\\r\\n]+", " ").strip();
        }
    }

    private final Clock clock;
    private final CredentialFormat uidFormat;
    private final CredentialFormat proxFormat;

    /**
     * @param uidFormat  how contactless UIDs are written as ids at this site (e.g. {@code uid-hex})
     * @param proxFormat how 125 kHz prox cards are decoded at this site (e.g. {@code h10301})
     */
    public ReaderInventory(Clock clock, CredentialFormat uidFormat, CredentialFormat proxFormat) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.uidFormat = Objects.requireNonNull(uidFormat, "uidFormat");
        this.proxFormat = Objects.requireNonNull(proxFormat, "proxFormat");
    }

    /** PC/SC, then HID, then keyboard wedges (Linux evdev); the caller adds the USB watcher, which needs no survey. */
    public List<Entry> survey() {
        List<Entry> all = new ArrayList<>(pcsc());
        all.addAll(hid());
        all.addAll(wedge());
        return all;
    }

    List<Entry> pcsc() {
        List<String> names;
        try {
            names = PcscReaders.names();
        } catch (IllegalStateException e) {
            return List.of(new Entry("pcsc", "-", State.UNAVAILABLE,
                    e.getMessage() + ": apt-get install pcscd libpcsclite1, then start pcscd", Optional.empty()));
        } catch (Throwable e) {   // JNA itself missing for this OS and CPU
            return List.of(new Entry("pcsc", "-", State.UNAVAILABLE, "PC/SC does not load: " + e.getMessage(),
                    Optional.empty()));
        }
        if (names.isEmpty()) {
            return List.of(new Entry("pcsc", "-", State.NONE_ATTACHED,
                    "pcscd runs, no smart-card reader attached", Optional.empty()));
        }
        List<Entry> out = new ArrayList<>();
        for (String name : names) {
            out.add(new Entry("pcsc", "pcsc:" + name, State.READY, "contactless UIDs as " + uidFormat.name(),
                    Optional.of(() -> new PcscReader(name, clock, new Debouncer(clock), uidFormat))));
        }
        return out;
    }

    List<Entry> hid() {
        List<Hid4javaTransport.HidDeviceInfo> devices;
        try {
            devices = Hid4javaTransport.enumerate(0x0c27);
        } catch (Throwable e) {
            return List.of(new Entry("hid", "-", State.UNAVAILABLE, e.getMessage()
                    + ": use the rounds build for this OS and CPU", Optional.empty()));
        }
        if (devices.isEmpty()) {
            return List.of(new Entry("hid", "-", State.NONE_ATTACHED, "no RF IDeas pcProx attached", Optional.empty()));
        }
        List<Entry> out = new ArrayList<>();
        int n = 0;
        for (Hid4javaTransport.HidDeviceInfo d : devices) {
            String id = String.format("%04x:%04x#%d", d.vendorId(), d.productId(), n++);
            out.add(new Entry("hid", "hid:" + id, State.READY, d.product() + ", cards as " + proxFormat.name()
                    + " (needs read access to /dev/hidraw*)",
                    Optional.of(() -> new PcProxReader(id, Hid4javaTransport.opener(d.path()), proxFormat, clock,
                            new Debouncer(clock), PcProxReader.DEFAULT_POLL))));
        }
        return out;
    }

    List<Entry> wedge() {
        if (!Files.isDirectory(EvdevNodes.SYS_CLASS_INPUT)) {
            return List.of(new Entry("wedge", "-", State.UNAVAILABLE,
                    "no /sys/class/input: keyboard-wedge readers are read only on Linux", Optional.empty()));
        }
        List<Entry> out = new ArrayList<>();
        for (KnownReaders.KnownReader known : KnownReaders.all()) {
            if (known.driver() != KnownReaders.Driver.WEDGE) {
                continue;
            }
            for (Path node : EvdevNodes.find(known.vendorId(), known.productId())) {
                boolean readable = Files.isReadable(node);
                out.add(new Entry("wedge", "wedge:" + node.getFileName(), readable ? State.READY : State.UNAVAILABLE,
                        known.label() + (readable ? ", taken exclusively while read"
                                : ": cannot read " + node + ", add this user to the 'input' group"),
                        readable ? Optional.of(() -> new EvdevWedgeReader(node, WedgeConfig.DEFAULT, clock,
                                new Debouncer(clock))) : Optional.empty()));
            }
        }
        if (out.isEmpty()) {
            out.add(new Entry("wedge", "-", State.NONE_ATTACHED, "no keyboard-wedge badge reader attached",
                    Optional.empty()));
        }
        return out;
    }
}
