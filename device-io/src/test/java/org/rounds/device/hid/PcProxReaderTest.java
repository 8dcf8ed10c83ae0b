package org.rounds.device.hid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.Credential;
import org.rounds.device.Debouncer;
import org.rounds.device.MutableClock;
import org.rounds.device.ReaderEvent;
import org.rounds.device.format.CardBits;
import org.rounds.device.format.CredentialFormat;

/** The pcProx driver against recorded feature-report sessions (test resources pcprox/). */
@Tag("unit")
class PcProxReaderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T08:00:00Z"));

    /** Runs a recording through the protocol and the tracker on this thread, one poll per 100 ms. */
    private List<ReaderEvent> replay(String fixture, String format) throws IOException {
        RecordedTransport hid = new RecordedTransport(fixture);
        PresenceTracker tracker = new PresenceTracker("hid:test", CredentialFormat.parse(format), clock);
        List<ReaderEvent> events = new ArrayList<>();
        try {
            PcProxProtocol.Strip strip = PcProxProtocol.readStrip(hid);
            while (true) {
                events.addAll(tracker.onPoll(PcProxProtocol.poll(hid, strip)));
                clock.advance(Duration.ofMillis(100));
            }
        } catch (PcProxProtocol.DeviceGone gone) {
            events.addAll(tracker.onLost());
        }
        assertThat(hid.mismatches()).as("what the driver sent").isEmpty();
        assertThat(hid.exhausted()).as("the whole recording was used").isTrue();
        return events;
    }

    @Test
    void aRecordedTapHoldFlickerAndRemovalIsOnePresentationAndOneRemoval() throws IOException {
        List<ReaderEvent> events = replay("h10301-tap-hold-remove.hex", "h10301");
        assertThat(events).hasSize(2);
        ReaderEvent.BadgePresented tap = (ReaderEvent.BadgePresented) events.get(0);
        assertThat(tap.credential().technology()).isEqualTo(Credential.Technology.PROX_125KHZ);
        assertThat(tap.credential().id()).isEqualTo("1:1");
        assertThat(tap.credential().rawHex()).isEqualTo("010001");
        assertThat(tap.time()).isEqualTo(Instant.parse("2026-01-01T08:00:00.100Z"));
        assertThat(events.get(1)).isInstanceOf(ReaderEvent.BadgeRemoved.class);
        // removed at the third empty poll in a row (polls 6, 7, 8 from 0), not at the flicker (poll 3)
        assertThat(events.get(1).time()).isEqualTo(Instant.parse("2026-01-01T08:00:00.700Z"));
    }

    @Test
    void theSiteFormatDecidesTheId() throws IOException {
        ReaderEvent.BadgePresented tap = (ReaderEvent.BadgePresented)
                replay("h10301-tap-hold-remove.hex", "h10301-card").get(0);
        assertThat(tap.credential().id()).isEqualTo("1");
    }

    @Test
    void allThirtyFiveBitsOfACorporate1000CardAreDecodedWithParity() throws IOException {
        List<ReaderEvent> events = replay("corp1000-full-bits.hex", "h10301,corp1000");
        assertThat(((ReaderEvent.BadgePresented) events.get(0)).credential().id()).isEqualTo("1234:567890");
        assertThat(events.get(1)).isInstanceOf(ReaderEvent.BadgeRemoved.class);
    }

    @Test
    void aCardWithWrongParityIsOneErrorLineAndNoPresentation() throws IOException {
        List<ReaderEvent> events = replay("h10301-bad-parity.hex", "h10301");
        assertThat(events).hasSize(1);
        assertThat(((ReaderEvent.ReaderError) events.get(0)).message())
                .isEqualTo("card not read: h10301: trailing odd parity is wrong");
    }

    @Test
    void reportBytesBecomeBitsFirstBitMostSignificant() {
        byte[] data = {0x02, 0x00, 0x02, 0x02, 0, 0, 0, 0};
        byte[] info = {0x1a, 0x1a, 0, 0, 0, 0, 0, 0};
        CardBits bits = PcProxProtocol.parse(data, info, PcProxProtocol.Strip.NONE).orElseThrow();
        assertThat(bits.length()).isEqualTo(26);
        assertThat(bits.toBinary()).isEqualTo("10000000100000000000000010");
        // bits beyond the count are masked off; a zero or impossible count is no card
        assertThat(PcProxProtocol.parse(new byte[] {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0}, new byte[] {4, 4, 0, 0, 0, 0, 0, 0},
                PcProxProtocol.Strip.NONE).orElseThrow().value()).isEqualTo(BigInteger.valueOf(15));
        assertThat(PcProxProtocol.parse(data, new byte[8], PcProxProtocol.Strip.NONE)).isEmpty();
        assertThat(PcProxProtocol.parse(data, new byte[] {(byte) 65, 0, 0, 0, 0, 0, 0, 0}, PcProxProtocol.Strip.NONE)).isEmpty();
        assertThat(PcProxProtocol.parseStrip(new byte[] {0, 0, 0x12, 0, 0, 0, 0, 0}))
                .isEqualTo(new PcProxProtocol.Strip(2, 1));
    }

    @Test
    void anotherCardWithoutAGapIsARemovalThenAPresentation() {
        PresenceTracker tracker = new PresenceTracker("hid:t", CredentialFormat.parse("raw"), clock);
        assertThat(tracker.onPoll(Optional.of(CardBits.parse("1010")))).hasSize(1);
        List<ReaderEvent> swap = tracker.onPoll(Optional.of(CardBits.parse("0110")));
        assertThat(swap).hasSize(2);
        assertThat(swap.get(0)).isInstanceOf(ReaderEvent.BadgeRemoved.class);
        assertThat(((ReaderEvent.BadgePresented) swap.get(1)).credential().id()).isEqualTo("4:06");
    }

    @Test
    void theReaderThreadReportsAttachTapRemoveThenUnplugOnceAndStopsCleanly() throws Exception {
        BlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();
        AtomicInteger opens = new AtomicInteger();
        RecordedTransport first = new RecordedTransport("h10301-tap-hold-remove.hex");
        HidTransport.Opener opener = () -> {
            if (opens.getAndIncrement() == 0) {
                return first;
            }
            throw new IOException("no HID device at 1-1:1.0");
        };
        try (PcProxReader reader = new PcProxReader("desk", opener, CredentialFormat.parse("h10301"),
                Clock.systemUTC(), new Debouncer(Clock.systemUTC()), Duration.ZERO)) {
            assertThat(reader.name()).isEqualTo("hid:desk");
            reader.start(events::add);
            assertThat(take(events)).isInstanceOf(ReaderEvent.ReaderAttached.class);
            assertThat(((ReaderEvent.BadgePresented) take(events)).credential().id()).isEqualTo("1:1");
            assertThat(take(events)).isInstanceOf(ReaderEvent.BadgeRemoved.class);
            assertThat(take(events)).isInstanceOf(ReaderEvent.ReaderDetached.class);
            assertThat(((ReaderEvent.ReaderError) take(events)).message()).isEqualTo("the pcProx did not take command 8F");
            assertThat(((ReaderEvent.ReaderError) take(events)).message())
                    .isEqualTo("cannot open the pcProx: no HID device at 1-1:1.0");
            assertThat(first.closed()).isTrue();
            assertThat(first.mismatches()).isEmpty();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("rounds-pcprox-"));
    }

    private static ReaderEvent take(BlockingQueue<ReaderEvent> q) throws InterruptedException {
        ReaderEvent e = q.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    @Test
    void hid4javaEnumeratesAnEmptyListOnAMachineWithoutUsb() {
        // this machine's kernel has no USB host: hidapi loads and finds nothing, it must not fail
        assertThat(Hid4javaTransport.enumerate(PcProxProtocol.VENDOR_ID)).isEmpty();
        assertThat(Hid4javaTransport.enumerate(0)).isNotNull();
    }
}
