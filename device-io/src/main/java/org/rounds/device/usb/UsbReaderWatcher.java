package org.rounds.device.usb;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderEvent;
import org.rounds.device.ReaderThreads;

/**
 * Announces badge readers plugged in and out ({@link ReaderEvent.ReaderAttached} /
 * {@link ReaderEvent.ReaderDetached}) and which driver reads each: the reader name is
 * {@code "usb:<driver>:<vendor>:<product>@<port>"}, e.g. {@code "usb:hid:0c27:3bfa@1-4"}.
 * Other USB devices are ignored. The readers plugged in already are announced before
 * {@link #start} returns. When libusb cannot init or has no hot-plug the watcher reports one
 * {@link ReaderEvent.ReaderError}, also before start returns, and keeps going (the other drivers
 * still work).
 */
public final class UsbReaderWatcher implements BadgeReader {

    /** A recognised reader now plugged in. */
    public record Attachment(String reader, KnownReaders.KnownReader known, String port) {}

    private final KnownReaders catalogue;
    private final UsbDeviceSource source;
    private final Clock clock;
    private final Map<String, Attachment> attached = new LinkedHashMap<>();
    private volatile boolean closed;
    private boolean started;

    /**
     * Watches through libusb hot-plug (usb4java) for these readers; the driver registry's
     * {@code usbWatcher} passes every driver's.
     */
    public UsbReaderWatcher(KnownReaders catalogue, Clock clock) {
        this(catalogue, new LibUsbHotplug(), clock);
    }

    UsbReaderWatcher(KnownReaders catalogue, UsbDeviceSource source, Clock clock) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return UsbDriver.NAME;
    }

    @Override
    public synchronized void start(ReaderListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed || started) {
            throw new IllegalStateException("usb watcher " + (closed ? "is closed" : "already started"));
        }
        started = true;
        source.start(new UsbDeviceSource.Listener() {
            @Override
            public void arrived(int vendorId, int productId, String port) {
                Optional<KnownReaders.KnownReader> known = catalogue.lookup(vendorId, productId);
                if (known.isEmpty()) {
                    return;
                }
                String reader = readerName(known.get().driver(), vendorId, productId, port);
                synchronized (UsbReaderWatcher.this) {
                    if (attached.putIfAbsent(reader, new Attachment(reader, known.get(), port)) != null) {
                        return;   // announced twice (enumeration racing a hot-plug event)
                    }
                }
                emit(listener, new ReaderEvent.ReaderAttached(reader, clock.instant()));
            }

            @Override
            public void left(int vendorId, int productId, String port) {
                Optional<KnownReaders.KnownReader> known = catalogue.lookup(vendorId, productId);
                if (known.isEmpty()) {
                    return;
                }
                String reader = readerName(known.get().driver(), vendorId, productId, port);
                synchronized (UsbReaderWatcher.this) {
                    if (attached.remove(reader) == null) {
                        return;
                    }
                }
                emit(listener, new ReaderEvent.ReaderDetached(reader, clock.instant()));
            }

            @Override
            public void failed(String message) {
                emit(listener, new ReaderEvent.ReaderError(UsbDriver.NAME, message, clock.instant()));
            }
        });
    }

    static String readerName(String driver, int vendorId, int productId, String port) {
        return String.format("%s:%s:%04x:%04x@%s", UsbDriver.NAME, driver, vendorId, productId, port);
    }

    /** The recognised readers plugged in now, in order of arrival. */
    public synchronized List<Attachment> attached() {
        return new ArrayList<>(attached.values());
    }

    private void emit(ReaderListener listener, ReaderEvent event) {
        if (!closed) ReaderThreads.deliver(listener, event);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        source.close();
    }
}
