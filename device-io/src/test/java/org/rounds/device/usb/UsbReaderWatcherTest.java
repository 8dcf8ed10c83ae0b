package org.rounds.device.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.MutableClock;
import org.rounds.device.ReaderDriver;
import org.rounds.device.ReaderEvent;
import org.rounds.device.inventory.ReaderDrivers;

@Tag("unit")
class UsbReaderWatcherTest {

    private static final KnownReaders KNOWN = ReaderDrivers.usbReaders();

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
        assertThat(KNOWN.lookup(0x0c27, 0x3bfa).orElseThrow().driver()).isEqualTo("hid");
        assertThat(KNOWN.lookup(0x0c27, 0x3bfa).orElseThrow().device().label()).isEqualTo("RF IDeas pcProx");
        assertThat(KNOWN.lookup(0x0c27, 0x1234).orElseThrow().device().label()).isEqualTo("RF IDeas reader");
        assertThat(KNOWN.lookup(0x076b, 0x5427).orElseThrow().driver()).isEqualTo("pcsc");
        assertThat(KNOWN.lookup(0x072f, 0x2200).orElseThrow().driver()).isEqualTo("pcsc");
        assertThat(KNOWN.lookup(0x04e6, 0x5816).orElseThrow().driver()).isEqualTo("pcsc");
        assertThat(KNOWN.lookup(0x09d8, 0x0410).orElseThrow().driver()).isEqualTo("wedge");
        assertThat(KNOWN.lookup(0x046d, 0xc52b)).as("a Logitech receiver").isEmpty();
        assertThat(KNOWN.all()).extracting(k -> k.device().vendorId())
                .contains(0x0c27, 0x076b, 0x072f, 0x04e6, 0x09d8);
    }

    @Test
    void aUsbDeviceClaimedByTwoDriversIsRefused() {
        ReaderDriver a = new FakeDriver("a", new ReaderDriver.UsbId(0x1234, 0x0001, "Acme", "reader"));
        ReaderDriver b = new FakeDriver("b", new ReaderDriver.UsbId(0x1234, 0x0001, "Acme", "badge"));
        assertThatThrownBy(() -> KnownReaders.of(List.of(a, b))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("claimed by a and b");
    }

    @Test
    void knownReadersAreAnnouncedWithTheirDriverOthersAreIgnored() {
        FakeSource source = new FakeSource();
        try (UsbReaderWatcher watcher = new UsbReaderWatcher(KNOWN, source, clock)) {
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
        try (UsbReaderWatcher watcher = new UsbReaderWatcher(KNOWN, source, clock)) {
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
        try (UsbReaderWatcher watcher = new UsbReaderWatcher(KNOWN, Clock.systemUTC())) {
            watcher.start(seen::add);
            awaitEventLoopOrError(seen);
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
            List<ReaderEvent> seen = new CopyOnWriteArrayList<>();
            try (UsbReaderWatcher a = new UsbReaderWatcher(KNOWN, Clock.systemUTC());
                 UsbReaderWatcher b = new UsbReaderWatcher(KNOWN, Clock.systemUTC())) {
                a.start(seen::add);
                b.start(seen::add);
                awaitEventLoopOrError(seen);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("rounds-usb-hotplug") && t.isAlive());
    }

    /**
     * Waits until libusb's event thread is inside its event wait, so that close has a running
     * loop to stop; or, where libusb has no hot-plug, until the watcher has said so (then there
     * is no thread). Start reports a failure before it returns, so the wait is for the thread.
     */
    private static void awaitEventLoopOrError(List<ReaderEvent> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.stream().noneMatch(ReaderEvent.ReaderError.class::isInstance) && !eventThreadInLibusb()) {
            assertThat(System.nanoTime() - deadline).as("libusb's event thread waiting within 10 s").isNegative();
            Thread.sleep(5);   // poll interval: nothing signals that a thread has entered native code
        }
    }

    private static boolean eventThreadInLibusb() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(t -> t.getKey().getName().equals("rounds-usb-hotplug") && t.getKey().isAlive())
                .anyMatch(t -> Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName().equals("org.usb4java.LibUsb")
                        && f.getMethodName().equals("handleEventsTimeout")));
    }

    /** A driver that only claims USB devices. */
    private record FakeDriver(String name, ReaderDriver.UsbId id) implements ReaderDriver {
        @Override
        public Discovery discovery() {
            return Discovery.NONE;
        }

        @Override
        public List<UsbId> usbIds() {
            return List.of(id);
        }

        @Override
        public List<Entry> survey(Settings settings) {
            return List.of();
        }
    }
}
