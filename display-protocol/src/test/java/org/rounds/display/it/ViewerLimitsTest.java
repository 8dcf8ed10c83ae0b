package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.internal.VncAuth;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.display.server.ViewerLimits;
import org.rounds.testpeers.Await;

/** Issue 17 section 8 on the wire: the handshake deadline, the connection caps, and the block after failed passwords. */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ViewerLimitsTest {
    private static final String PASSWORD = "s3cret";

    /** A clock the test moves, so a 10 s block passes without sleeping. */
    private static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_000_000);

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(java.time.ZoneId zone) { return this; }

        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }

        void advance(Duration d) { millis.addAndGet(d.toMillis()); }
    }

    private final TestDesktop desktop = new TestDesktop(64, 48);
    private final TestClock clock = new TestClock();
    private RfbServer server;

    private int start(ServerSecurity security, ViewerLimits.Builder limits) throws Exception {
        server = RfbServer.builder().port(0).source(desktop).security(security).limits(limits.clock(clock).build()).build();
        server.start();
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void aViewerTricklingItsHandshakeIsCutAtTheDeadline() throws Exception {
        int port = start(ServerSecurity.fixedPassword(PASSWORD), ViewerLimits.builder().handshakeTimeout(Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        try (RawViewer v = new RawViewer("127.0.0.1", port).version()) {
            assertThat(v.in.readUnsignedByte()).isEqualTo(1);
            assertThat(v.in.readUnsignedByte()).isEqualTo(2);
            v.out.write(2);
            v.out.flush();
            v.in.readNBytes(VncAuth.CHALLENGE_LENGTH);
            // One response byte every 100 ms: each read is answered well inside 500 ms, so only a
            // deadline on the whole handshake can cut it (16 bytes would take 1.6 s).
            byte[] response = new byte[16];
            java.util.Arrays.fill(response, (byte) 0x55);
            boolean cut = v.trickleUntilCut(response, 100);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(cut).as("cut before the 16-byte response was complete").isTrue();
            assertThat(ms).isBetween(400L, 1500L);
        }
        Await.until(Duration.ofSeconds(5), "viewers gone", () -> server.viewerCount() == 0);
    }

    /** One VNC-auth attempt with the wrong password, answered with a failed SecurityResult. */
    private static void wrongPassword(int port) throws IOException {
        try (RawViewer v = new RawViewer("127.0.0.1", port).version()) {
            assertThat(new int[] {v.in.readUnsignedByte(), v.in.readUnsignedByte()}).containsExactly(1, 2);
            v.out.write(2);
            byte[] challenge = v.in.readNBytes(VncAuth.CHALLENGE_LENGTH);
            v.out.write(VncAuth.response(challenge, "guess"));
            v.out.flush();
            assertThat(v.in.readInt()).isEqualTo(1);
            assertThat(v.reason()).contains("authentication failed");
        }
    }

    @Test
    void theSixthWrongPasswordIsRefusedBeforeTheChallengeUntilTheBlockEnds() throws Exception {
        int port = start(ServerSecurity.fixedPassword(PASSWORD), ViewerLimits.builder());
        for (int i = 0; i < 5; i++) wrongPassword(port);

        try (RawViewer v = new RawViewer("127.0.0.1", port).version()) {
            // RFB 3.8: no security types (0), then the reason, then the server closes. No challenge is sent.
            assertThat(v.in.readUnsignedByte()).as("number of security types").isEqualTo(0);
            assertThat(v.reason()).contains("too many authentication failures");
            assertThat(v.in.read()).as("then EOF").isEqualTo(-1);
        }

        clock.advance(Duration.ofSeconds(10).plusMillis(1));
        try (RawViewer v = new RawViewer("127.0.0.1", port).version()) {
            assertThat(new int[] {v.in.readUnsignedByte(), v.in.readUnsignedByte()}).containsExactly(1, 2);
            v.out.write(2);
            byte[] challenge = v.in.readNBytes(VncAuth.CHALLENGE_LENGTH);
            v.out.write(VncAuth.response(challenge, PASSWORD));
            v.out.flush();
            assertThat(v.in.readInt()).as("SecurityResult OK").isEqualTo(0);
        }
    }

    @Test
    void overThePerSourceCapTheNextConnectionIsClosedAtOnceAndOtherSourcesAreNot() throws Exception {
        int port = start(ServerSecurity.none(), ViewerLimits.builder().maxConnectionsPerSource(2));
        try (RawViewer a = new RawViewer("127.0.0.1", port); RawViewer b = new RawViewer("127.0.0.1", port)) {
            assertThat(a.in.readNBytes(12)).hasSize(12);
            assertThat(b.in.readNBytes(12)).hasSize(12);
            try (RawViewer c = new RawViewer("127.0.0.1", port)) {
                assertThat(c.in.read()).as("closed before the server's version").isEqualTo(-1);
            }
            try (RawViewer other = new RawViewer("127.0.0.2", port)) {
                assertThat(other.in.readNBytes(12)).hasSize(12);
            }
        }
        // The two leases are given back when their viewers end: the source is admitted again.
        Await.until(Duration.ofSeconds(5), "viewers gone", () -> server.viewerCount() == 0);
        try (RawViewer again = new RawViewer("127.0.0.1", port)) {
            assertThat(again.in.readNBytes(12)).hasSize(12);
        }
    }

    @Test
    void overTheTotalCapAnySourceIsClosedAtOnce() throws Exception {
        int port = start(ServerSecurity.none(), ViewerLimits.builder().maxConnections(2));
        try (RawViewer a = new RawViewer("127.0.0.1", port); RawViewer b = new RawViewer("127.0.0.2", port)) {
            assertThat(a.in.readNBytes(12)).hasSize(12);
            assertThat(b.in.readNBytes(12)).hasSize(12);
            try (RawViewer c = new RawViewer("127.0.0.3", port)) {
                assertThat(c.in.read()).isEqualTo(-1);
            }
        }
    }
}
