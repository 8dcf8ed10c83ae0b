package org.rounds.device.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderDriver;
import org.rounds.device.ReaderEvent;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.testpeers.Pcscd;
import org.rounds.testpeers.VirtualCard;

@Tag("peer")
class LiveReadersTest {

    private final Clock clock = Clock.systemUTC();
    private final BlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();

    private ReaderEvent next() throws InterruptedException {
        ReaderEvent e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    @Test
    void aPcscReaderAppearingAfterStartIsPickedUpWithoutARestart() throws Exception {
        ReaderInventory inventory = new ReaderInventory(clock, CredentialFormat.parse("uid-hex"), CredentialFormat.parse("raw"));
        try (LiveReaders readers = new LiveReaders(() -> inventory.survey(ReaderDriver.Discovery.POLLED), List::of, Optional.empty(),
                Duration.ofMillis(200), clock)) {
            readers.start(events::add);   // pcscd is not running yet
            ReaderEvent.ReaderError down = (ReaderEvent.ReaderError) next();
            assertThat(down.reader()).isEqualTo("pcsc");
            assertThat(down.message()).startsWith("pcscd is not running");
            try (Pcscd pcscd = Pcscd.start()) {
                ReaderEvent attached;
                do {
                    attached = next();
                } while (!(attached instanceof ReaderEvent.ReaderAttached));
                assertThat(readers.running()).contains("pcsc:Virtual PCD 00 00", "pcsc:Virtual PCD 00 01");
                try (VirtualCard card = new VirtualCard(pcscd.vpcdPort(1), new byte[] {0x0A, 0x0B, 0x0C, 0x0D})) {
                    ReaderEvent e;
                    do {
                        e = next();
                    } while (!(e instanceof ReaderEvent.BadgePresented));
                    assertThat(e.reader()).isEqualTo("pcsc:Virtual PCD 00 01");
                    assertThat(((ReaderEvent.BadgePresented) e).credential().id()).isEqualTo("0A0B0C0D");
                }
            }
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("rounds-pcsc-") || t.getName().equals("rounds-readers-poll"));
    }

    @Test
    void aUsbReaderPluggedInStartsItsDriverAndUnpluggedClosesIt() throws Exception {
        // this kernel has no USB host: the hot-plug watcher is a fake with the watcher's events,
        // the survey a list the test changes as a real one would change when the device appears
        FakeWatcher usb = new FakeWatcher();
        List<ReaderDriver.Entry> plugged = new CopyOnWriteArrayList<>();
        SimulatedReader pcProx = new SimulatedReader("0c27:3bfa#0", clock);
        Supplier<List<ReaderDriver.Entry>> survey = () -> plugged.isEmpty()
                ? List.of(new ReaderDriver.Entry("sim", "-", ReaderDriver.State.NONE_ATTACHED, "none", Optional.empty()))
                : List.copyOf(plugged);
        try (LiveReaders readers = new LiveReaders(List::of, survey, Optional.of(usb), Duration.ofSeconds(60), clock)) {
            readers.start(events::add);
            assertThat(readers.running()).isEmpty();

            plugged.add(new ReaderDriver.Entry("sim", "sim:0c27:3bfa#0", ReaderDriver.State.READY, "pcProx",
                    Optional.of(() -> pcProx)));
            usb.fire(new ReaderEvent.ReaderAttached("usb:hid:0c27:3bfa@1-4", clock.instant()));
            assertThat(next().reader()).isEqualTo("usb:hid:0c27:3bfa@1-4");
            assertThat(readers.running()).containsExactly("sim:0c27:3bfa#0");
            pcProx.tap("12345");
            ReaderEvent.BadgePresented tap = (ReaderEvent.BadgePresented) next();
            assertThat(tap.credential().id()).isEqualTo("12345");

            plugged.clear();
            usb.fire(new ReaderEvent.ReaderDetached("usb:hid:0c27:3bfa@1-4", clock.instant()));
            assertThat(next()).isInstanceOf(ReaderEvent.ReaderDetached.class).extracting(ReaderEvent::reader)
                    .isEqualTo("usb:hid:0c27:3bfa@1-4");
            ReaderEvent closed = next();
            assertThat(closed).isInstanceOf(ReaderEvent.ReaderDetached.class);
            assertThat(closed.reader()).isEqualTo("sim:0c27:3bfa#0");
            assertThat(readers.running()).isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pcProx.tap("67890"))
                    .hasMessage("sim:0c27:3bfa#0 is closed");
        }
        assertThat(usb.closed).isTrue();
    }

    @Test
    void aDriverThatCannotRunIsReportedOnceNotOnEveryPoll() throws Exception {
        List<ReaderDriver.Entry> down = List.of(new ReaderDriver.Entry("pcsc", "-",
                ReaderDriver.State.UNAVAILABLE, "pcscd is not running: apt-get install pcscd", Optional.empty()));
        CountDownLatch polls = new CountDownLatch(16);
        Supplier<List<ReaderDriver.Entry>> survey = () -> {
            polls.countDown();
            return down;
        };
        try (LiveReaders readers = new LiveReaders(survey, List::of, Optional.empty(), Duration.ofMillis(5), clock)) {
            readers.start(events::add);
            assertThat(((ReaderEvent.ReaderError) next()).message()).isEqualTo("pcscd is not running: apt-get install pcscd");
            // one thread surveys and reports: when the 16th survey begins, the 15 before it have been reported
            assertThat(polls.await(10, TimeUnit.SECONDS)).as("16 surveys within 10 s").isTrue();
            assertThat(events).as("no repeat over 15 surveys").isEmpty();
        }
    }

    private static final class FakeWatcher implements BadgeReader {
        private volatile ReaderListener listener;
        volatile boolean closed;

        @Override
        public String name() {
            return "usb";
        }

        @Override
        public void start(ReaderListener listener) {
            this.listener = listener;
        }

        void fire(ReaderEvent event) {
            listener.onEvent(event);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
