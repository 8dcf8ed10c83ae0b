package org.rounds.device.usb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.rounds.device.MutableClock;
import org.rounds.device.ReaderEvent;

class UsbReaderWatcherTest {

    /** A device source the test drives by hand. */
    private static final class FakeSource implements UsbDeviceSource {
        Listener listener;
        boolean closed;

        @Override
        public void start(Listener l) {
            listener = l;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final List<ReaderEvent> events = new ArrayList<>();

    @Test
    void theCatalogueKnowsTheCommonReadersAndTheirDrivers() {
        assertThat(KnownReaders.lookup(0x0c27, 0x3bfa).orElseThrow().driver()).isEqualTo(KnownReaders.Driver.HID);
        assertThat(KnownReaders.lookup(0x0c27, 0x3bfa).orElseThrow().label()).isEqualTo("RF IDeas pcProx");
        assertThat(KnownReaders.lookup(0x0c27, 0x1234).orElseThrow().label()).isEqualTo("RF IDeas reader");
        assertThat(KnownReaders.lookup(0x076b, 0x5427).orElseThrow().driver()).isEqualTo(KnownReaders.Driver.PCSC);
        assertThat(KnownReaders.lookup(0x072f, 0x2200).orElseThrow().driver()).isEqualTo(KnownReaders.Driver.PCSC);
        assertThat(KnownReaders.lookup(0x04e6, 0x5816).orElseThrow().driver()).isEqualTo(KnownReaders.Driver.PCSC);
        assertThat(KnownReaders.lookup(0x09d8, 0x0410).orElseThrow().driver()).isEqualTo(KnownReaders.Driver.WEDGE);
        assertThat(KnownReaders.lookup(0x046d, 0xc52b)).as("a Logitech receiver").isEmpty();
        assertThat(KnownReaders.all()).extracting(KnownReaders.KnownReader::vendorId)
                .contains(0x0c27, 0x076b, 0x072f, 0x04e6, 0x09d8);
    }

    @Test
    void knownReadersAreAnnouncedWithTheirDriverOthersAreIgnored() {
        FakeSource source = new FakeSource();
        try (UsbReaderWatcher watcher = new UsbReaderWatcher(source, clock)) {
            watcher.start(events::add);
            source.listener.arrived(0x046d, 0xc52b, "1-1");   // a mouse receiver
            source.listener.arrived(0x0c27, 0x3bfa, "1-4");
            source.listener.arrived(0x076b, 0x5427, "2-1");
            source.listener.arrived(0x0c27, 0x3bfa, "1-4");   // enumeration and hot-plug both saw it
            assertThat(watcher.attached()).extracting(UsbReaderWatcher.Attachment::reader)
                    .containsExactly("usb:hid:0c27:3bfa@1-4", "usb:pcsc:076b:5427@2-1");
            clock.advance(java.time.Duration.ofSeconds(5));
            source.listener.left(0x0c27, 0x3bfa, "1-4");
            source.listener.left(0x0c27, 0x3bfa, "1-4");
            source.listener.left(0x046d, 0xc52b, "1-1");
            assertThat(watcher.attached()).extracting(UsbReaderWatcher.Attachment::reader)
                    .containsExactly("usb:pcsc:076b:5427@2-1");
        }
        assertThat(source.closed).isTrue();
        assertThat(events).containsExactly(
                new ReaderEvent.ReaderAttached("usb:hid:0c27:3bfa@1-4", Instant.parse("2026-01-01T08:00:00Z")),
                new ReaderEvent.ReaderAttached("usb:pcsc:076b:5427@2-1", Instant.parse("2026-01-01T08:00:00Z")),
                new ReaderEvent.ReaderDetached("usb:hid:0c27:3bfa@1-4", Instant.parse("2026-01-01T08:00:05Z")));
    }

    @Test
    void aSourceFailureIsOneErrorLineAndTheWatcherKeepsGoing() {
        FakeSource source = new FakeSource();
        try (UsbReaderWatcher watcher = new UsbReaderWatcher(source, clock)) {
            watcher.start(events::add);
            source.listener.failed("libusb has no hot-plug here: readers plugged in later are not noticed");
            source.listener.arrived(0x072f, 0x2200, "1-2");
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new ReaderEvent.ReaderError("usb",
                "libusb has no hot-plug here: readers plugged in later are not noticed", clock.instant()));
        assertThat(events.get(1).reader()).isEqualTo("usb:pcsc:072f:2200@1-2");
    }

    @Test
    void libusbOnThisMachineStartsAndClosesWithoutThrowingOrLeavingAThread() throws Exception {
        // no USB host here: libusb either inits with an empty bus or says why in one line
        List<ReaderEvent> seen = new CopyOnWriteArrayList<>();
        try (UsbReaderWatcher watcher = new UsbReaderWatcher(Clock.systemUTC())) {
            watcher.start(seen::add);
            Thread.sleep(300);
        }
        assertThat(seen).allSatisfy(e -> {
            if (e instanceof ReaderEvent.ReaderError err) {
                assertThat(err.message()).doesNotContain("\n");
            }
        });
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("rounds-usb-hotplug") && t.isAlive());
    }

    @Test
    void watchersStartedOneAfterAnotherAndBesideAnotherLibusbUserDoNotCrash() throws Exception {
        // several watchers in turn, with another libusb user's init/exit between them (as the
        // doctor does), once crashed the JVM in libudev when each watcher had its own context
        for (int i = 0; i < 3; i++) {
            org.usb4java.Context other = new org.usb4java.Context();
            if (org.usb4java.LibUsb.init(other) == org.usb4java.LibUsb.SUCCESS) {
                org.usb4java.LibUsb.exit(other);
            }
            try (UsbReaderWatcher a = new UsbReaderWatcher(Clock.systemUTC());
                 UsbReaderWatcher b = new UsbReaderWatcher(Clock.systemUTC())) {
                a.start(e -> { });
                b.start(e -> { });
                Thread.sleep(50);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("rounds-usb-hotplug") && t.isAlive());
    }
}
