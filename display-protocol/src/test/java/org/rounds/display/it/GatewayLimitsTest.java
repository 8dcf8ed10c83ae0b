package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.display.internal.VncAuth;
import org.rounds.display.server.RfbGateway;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.display.server.ViewerLimits;

/**
 * The gateway shares the server's connection handling: the same deadline, caps and block,
 * in front of an upstream (here our own server, security None). A viewer that passes still
 * reaches the upstream's ServerInit, the gateway now reading its ClientInit itself.
 */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayLimitsTest {
    private static final String PASSWORD = "gate7";
    private final TestDesktop desktop = new TestDesktop(64, 48);
    private RfbServer upstream;
    private RfbGateway gateway;

    private int start(ViewerLimits limits) throws Exception {
        upstream = RfbServer.builder().port(0).source(desktop).build();
        upstream.start();
        gateway = new RfbGateway(InetAddress.getLoopbackAddress(), ServerSecurity.fixedPassword(PASSWORD),
                RfbGateway.tcp("127.0.0.1", upstream.port(), null), "test", limits);
        gateway.start();
        return gateway.port();
    }

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (upstream != null) upstream.close();
    }

    @Test
    void aViewerWithThePasswordReachesTheUpstreamDesktop() throws Exception {
        int port = start(ViewerLimits.defaults());
        try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(port).password(PASSWORD).build().connect(new RecordingListener())) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            assertThat(s.desktopName()).isEqualTo("test desktop");
        }
    }

    @Test
    void aViewerStoppingBeforeClientInitIsCutAtTheDeadline() throws Exception {
        int port = start(ViewerLimits.builder().handshakeTimeout(Duration.ofMillis(500)).build());
        long t0 = System.nanoTime();
        try (RawViewer v = new RawViewer("127.0.0.1", port).version()) {
            v.in.readNBytes(2);
            v.out.write(2);
            v.out.write(VncAuth.response(v.in.readNBytes(VncAuth.CHALLENGE_LENGTH), PASSWORD));
            v.out.flush();
            assertThat(v.in.readInt()).isEqualTo(0);
            // Authenticated, then silent: no ClientInit. Only the whole-handshake deadline ends it.
            boolean cut;
            try {
                cut = v.in.read() < 0;
            } catch (SocketException reset) {
                cut = true;
            } catch (SocketTimeoutException notCut) {
                cut = false;
            }
            assertThat(cut).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(400L, 2500L);
        }
    }

    @Test
    void theSixthWrongPasswordFromASourceIsRefusedBeforeTheChallenge() throws Exception {
        int port = start(ViewerLimits.defaults());
        for (int i = 0; i < 5; i++) {
            try (RawViewer v = new RawViewer("127.0.0.1", port).version()) {
                v.in.readNBytes(2);
                v.out.write(2);
                v.out.write(VncAuth.response(v.in.readNBytes(VncAuth.CHALLENGE_LENGTH), "guess"));
                v.out.flush();
                assertThat(v.in.readInt()).isEqualTo(1);
            }
        }
        try (RawViewer v = new RawViewer("127.0.0.1", port).version()) {
            assertThat(v.in.readUnsignedByte()).isEqualTo(0);
            assertThat(v.reason()).contains("too many authentication failures");
        }
        try (RawViewer other = new RawViewer("127.0.0.2", port).version()) {
            assertThat(new int[] {other.in.readUnsignedByte(), other.in.readUnsignedByte()}).as("another source is offered VNC auth")
                    .containsExactly(1, 2);
        }
    }

    @Test
    void overThePerSourceCapTheNextConnectionIsClosedAtOnce() throws Exception {
        int port = start(ViewerLimits.builder().maxConnectionsPerSource(1).build());
        try (RawViewer a = new RawViewer("127.0.0.1", port)) {
            assertThat(a.in.readNBytes(12)).hasSize(12);
            try (RawViewer b = new RawViewer("127.0.0.1", port)) {
                assertThat(b.in.read()).isEqualTo(-1);
            }
        }
    }
}
