package org.rounds.device.usb;

import java.time.Clock;
import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderEvent;

/** Stands in for libusb (the test kernel has no USB host): one RF IDeas pcProx plugged in at 1-4. */
public final class FakeUsbWatcher implements BadgeReader {
    private final Clock clock;
    public volatile boolean started;
    public volatile boolean closed;

    public FakeUsbWatcher(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "usb";
    }

    @Override
    public void start(ReaderListener listener) {
        started = true;
        listener.onEvent(new ReaderEvent.ReaderAttached("usb:hid:0c27:3bfa@1-4", clock.instant()));
    }

    @Override
    public void close() {
        closed = true;
    }
}
