package org.rounds.device.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.MutableClock;
import org.rounds.device.ReaderEvent;

@Tag("unit")
class SimulatedReaderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final BlockingQueue<ReaderEvent> events = new LinkedBlockingQueue<>();

    private ReaderEvent next() throws InterruptedException {
        ReaderEvent e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("an event within 5 s").isNotNull();
        return e;
    }

    private static String describe(ReaderEvent e) {
        if (e instanceof ReaderEvent.BadgePresented p) {
            return "tap " + p.credential().id();
        }
        if (e instanceof ReaderEvent.ReaderError err) {
            return "error " + err.message();
        }
        return e.getClass().getSimpleName();
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).toList();
    }

    @Test
    void eventsArriveInOrderOnTheReadersOwnThread() throws InterruptedException {
        try (SimulatedReader reader = new SimulatedReader("cart-1", clock)) {
            BlockingQueue<String> threads = new LinkedBlockingQueue<>();
            reader.tap("A");   // before start: queued, not lost
            reader.start(e -> {
                threads.add(Thread.currentThread().getName());
                events.add(e);
            });
            reader.remove();
            reader.tap("B");
            reader.tap("C");
            assertThat(List.of(describe(next()), describe(next()), describe(next()), describe(next())))
                    .containsExactly("tap A", "BadgeRemoved", "tap B", "tap C");
            assertThat(threads).containsOnly("rounds-sim-reader-sim:cart-1");
        }
    }

    @Test
    void eventsCarryTheReaderNameAndTheClocksTime() throws InterruptedException {
        try (SimulatedReader reader = new SimulatedReader("bay", clock)) {
            reader.start(events::add);
            reader.tap("X1");
            ReaderEvent.BadgePresented p = (ReaderEvent.BadgePresented) next();
            assertThat(p.reader()).isEqualTo("sim:bay");
            assertThat(p.time()).isEqualTo(clock.instant());
            assertThat(p.credential().raw()).isEqualTo("X1".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aGarbledLineIsOneErrorAndTheLinesAroundItStillCount() throws InterruptedException {
        String input = "tap 100\nfrobnicate 4242\n\n# comment\ntap\nremove\ntap 200\n";
        try (SimulatedReader reader = new SimulatedReader("stdin", clock)) {
            reader.start(events::add);
            reader.listen(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "stdin");
            List<String> got = List.of(describe(next()), describe(next()), describe(next()),
                    describe(next()), describe(next()));
            assertThat(got).containsExactly(
                    "tap 100",
                    "error stdin line 2: expected 'tap <id>' or 'remove'",
                    "error stdin line 5: 'tap' takes exactly one badge id",
                    "BadgeRemoved",
                    "tap 200");
            // the garbled line's content (maybe a badge number) is not echoed
            assertThat(got.get(1)).doesNotContain("4242");
        }
    }

    @Test
    void loopbackClientsSpeakTheSameProtocol() throws Exception {
        try (SimulatedReader reader = new SimulatedReader("tcp", clock)) {
            reader.start(events::add);
            int port = reader.listenOnLoopback(0);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("tap 7\nremove\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                assertThat(describe(next())).isEqualTo("tap 7");
                assertThat(describe(next())).isEqualTo("BadgeRemoved");
            }
        }
    }

    @Test
    void closeLeavesNoThreadBehind() throws Exception {
        SimulatedReader reader = new SimulatedReader("closing", clock);
        reader.start(events::add);
        PipedOutputStream feed = new PipedOutputStream();
        reader.listen(new PipedInputStream(feed), "pipe");
        int port = reader.listenOnLoopback(0);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = client.getOutputStream();
        out.write("tap 1\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        next();   // the tcp feeder is running
        assertThat(threadsNamed("rounds-sim-")).hasSizeGreaterThanOrEqualTo(4);

        reader.close();

        assertThat(threadsNamed("rounds-sim-")).isEmpty();
        assertThatThrownBy(() -> reader.tap("2")).isInstanceOf(IllegalStateException.class);
        client.close();
        feed.close();
    }

    @Test
    void aThrowingListenerDoesNotStopTheReader() throws InterruptedException {
        try (SimulatedReader reader = new SimulatedReader("robust", clock)) {
            reader.start(e -> {
                if (e instanceof ReaderEvent.BadgePresented p && p.credential().id().equals("bad")) {
                    throw new IllegalStateException("listener bug");
                }
                events.add(e);
            });
            reader.tap("bad");
            reader.tap("good");
            assertThat(describe(next())).isEqualTo("tap good");
        }
    }

    @Test
    void startingTwiceIsAProgrammingError() {
        try (SimulatedReader reader = new SimulatedReader("twice", clock)) {
            reader.start(events::add);
            assertThatThrownBy(() -> reader.start(events::add)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void parserRejectsOverlongAndNonPrintableIds() throws IOException {
        assertThat(SimCommand.parse("tap " + "9".repeat(65))).isInstanceOf(SimCommand.Invalid.class);
        assertThat(SimCommand.parse("tap caf\u00e9")).isInstanceOf(SimCommand.Invalid.class);
        assertThat(SimCommand.parse("  TAP  abc  ")).isEqualTo(new SimCommand.Tap("abc"));
        assertThat(SimCommand.parse("remove now")).isInstanceOf(SimCommand.Invalid.class);
    }
}
