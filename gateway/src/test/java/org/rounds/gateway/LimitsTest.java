package org.rounds.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.TunnelTarget;
import org.rounds.testpeers.Await;

/** The public port's deadline, caps, frame limit and rates, each met the way a hostile client would. */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LimitsTest {
    private static final String SIGN_IN = "{\"userId\":\"doctor\",\"password\":\"p\",\"code\":\"123456\",\"deviceId\":\"mac-1\",\"tapId\":\"t-1\"}";
    @TempDir static Path dir;
    static FakeBroker broker;
    static Path caFile, data;
    /** A desktop host that reads and drops whatever comes: the frame tests need no RFB. */
    static ServerSocket sink;

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = new TestCa();
        caFile = ca.write(dir.resolve("broker-ca.pem"));
        broker = new FakeBroker(ca);
        data = dir.resolve("gateway");
        sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!sink.isClosed()) {
                try {
                    Socket s = sink.accept();
                    Thread r = new Thread(() -> {
                        try (InputStream in = s.getInputStream()) {
                            in.transferTo(java.io.OutputStream.nullOutputStream());
                        } catch (Exception ignored) {
                            // closed
                        }
                    }, "sink-reader");
                    r.setDaemon(true);
                    r.start();
                } catch (Exception e) {
                    return;
                }
            }
        }, "sink");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sink.close();
        broker.close();
    }

    @BeforeEach
    void clear() {
        broker.seen.clear();
        broker.tickets.clear();
    }

    /** True when the server closed {@code s} (EOF or reset) within {@code wait}; false when it was still open. */
    private static boolean closedByServer(Socket s, Duration wait) throws Exception {
        s.setSoTimeout((int) wait.toMillis());
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void aClientThatConnectsAndSendsNothingOrHalfARequestIsCutByTheDeadline() throws Exception {
        GatewayLimits limits = GatewayLimits.DEFAULT.withHandshakeDeadline(Duration.ofMillis(1500));
        try (Gateway g = Gateways.start(data, caFile, broker, limits, broker.url());
             Socket silent = new Socket(InetAddress.getLoopbackAddress(), g.port());
             Outside outside = new Outside(g, data)) {
            javax.net.ssl.SSLSocket slow = (javax.net.ssl.SSLSocket) tls(outside).createSocket(InetAddress.getLoopbackAddress(), g.port());
            slow.startHandshake();
            slow.getOutputStream().write(("POST " + BrokerApi.REMOTE_SIGN_INS + " HTTP/1.1\r\nHost: gw\r\n").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            // The connector's idle timeout is 30 s: a close within 8 s is the deadline's.
            assertThat(closedByServer(silent, Duration.ofSeconds(8))).as("silent TCP client cut").isTrue();
            assertThat(closedByServer(slow, Duration.ofSeconds(8))).as("half a request head, then nothing: cut").isTrue();
            slow.close();
            assertThat(outside.post(BrokerApi.REMOTE_SIGN_INS, SIGN_IN).status()).as("a prompt client still served").isEqualTo(200);
        }
    }

    @Test
    void overTheConnectionCapANewConnectionIsClosedAtOnce() throws Exception {
        try (Gateway g = Gateways.start(data, caFile, broker, GatewayLimits.DEFAULT.withMaxConnections(2), broker.url())) {
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) held.add(new Socket(InetAddress.getLoopbackAddress(), g.port()));
            Await.until(Duration.ofSeconds(5), "two connections counted", () -> g.openConnections() == 2);
            try (Socket third = new Socket(InetAddress.getLoopbackAddress(), g.port())) {
                // the deadline is 10 s: closed within 3 s is the cap's refusal
                assertThat(closedByServer(third, Duration.ofSeconds(3))).isTrue();
            }
            assertThat(closedByServer(held.get(0), Duration.ofMillis(200))).as("the ones under the cap stay open").isFalse();
            for (Socket s : held) s.close();
            Await.until(Duration.ofSeconds(5), "the held connections gone", () -> g.openConnections() == 0);
            try (Outside outside = new Outside(g, data)) {
                assertThat(outside.post(BrokerApi.REMOTE_SIGN_INS, SIGN_IN).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aFrameOverTheLimitClosesTheTunnelWith1009() throws Exception {
        assertThat(GatewayLimits.DEFAULT.maxFrameBytes()).isEqualTo(64 * 1024);
        // a smaller limit than Jetty's own default (64 KiB), so the test sees the gateway's setting at work
        GatewayLimits limits = GatewayLimits.DEFAULT.withMaxFrameBytes(16 * 1024);
        try (Gateway g = Gateways.start(data, caFile, broker, limits, broker.url()); Outside outside = new Outside(g, data)) {
            broker.tickets.put("ticket-frame-limit-0001", new TunnelTarget("127.0.0.1", sink.getLocalPort(), "doctor"));
            try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, "ticket-frame-limit-0001")) {
                assertThat(bridge.opened.get(10, TimeUnit.SECONDS).status()).isEqualTo(101);
                bridge.webSocket().send(okio.ByteString.of(new byte[16 * 1024]));
                bridge.webSocket().send(okio.ByteString.of(new byte[16 * 1024 + 1]));
                assertThat(bridge.closedBy.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
            }
            Await.until(Duration.ofSeconds(5), "the tunnel gone", () -> g.openTunnels() == 0);
        }
    }

    @Test
    void aStoppingGatewayClosesItsTunnelsWith1001() throws Exception {
        Gateway g = Gateways.start(data, caFile, broker, GatewayLimits.DEFAULT, broker.url());
        try (Outside outside = new Outside(g, data)) {
            broker.tickets.put("ticket-stopping-000001", new TunnelTarget("127.0.0.1", sink.getLocalPort(), "doctor"));
            try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, "ticket-stopping-000001")) {
                assertThat(bridge.opened.get(10, TimeUnit.SECONDS).status()).isEqualTo(101);
                g.close();
                assertThat(bridge.closedBy.get(10, TimeUnit.SECONDS)).as("going away: reconnect elsewhere").isEqualTo(1001);
            }
        } finally {
            g.close();
        }
        assertThat(g.openTunnels()).isZero();
    }

    @Test
    void aSignInFloodIs429AtOnceWithoutReachingABroker() throws Exception {
        GatewayLimits limits = GatewayLimits.DEFAULT.withSignIns(new GatewayLimits.Rate(0.01, 3));
        try (Gateway g = Gateways.start(data, caFile, broker, limits, broker.url()); Outside outside = new Outside(g, data)) {
            List<Outside.Answer> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) answers.add(outside.post(BrokerApi.REMOTE_SIGN_INS, SIGN_IN));
            assertThat(answers).extracting(Outside.Answer::status).containsExactly(200, 200, 200, 429, 429, 429, 429, 429, 429, 429);
            assertThat(answers.get(3).body()).matches("\\{\"error\":\"too many sign-ins from 127\\.0\\.0\\.1; wait [0-9]+ s\"}");
            assertThat(Integer.parseInt(answers.get(3).retryAfter())).isPositive();
            String reconnect = "{\"endpointId\":\"mac-1\",\"userId\":\"doctor\",\"generation\":7,\"reconnectToken\":\"tok\"}";
            assertThat(outside.post(BrokerApi.REMOTE_RECONNECTS, reconnect).status()).as("reconnects have a rate of their own").isEqualTo(200);
        }
        assertThat(broker.seen(BrokerApi.REMOTE_SIGN_INS)).hasSize(3);
    }

    @Test
    void aTunnelFloodIs429AtOnceWithoutReachingABroker() throws Exception {
        GatewayLimits limits = GatewayLimits.DEFAULT.withTunnelOpens(new GatewayLimits.Rate(0.01, 2));
        try (Gateway g = Gateways.start(data, caFile, broker, limits, broker.url()); Outside outside = new Outside(g, data)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                try (TunnelBridge b = new TunnelBridge(outside.http, outside.base, "ticket-nobody-issued-" + i)) {
                    statuses.add(b.opened.get(10, TimeUnit.SECONDS).status());
                }
            }
            assertThat(statuses).as("two tickets asked about (and refused), then the rate").containsExactly(404, 404, 429, 429, 429);
        }
        assertThat(broker.seen(BrokerApi.REMOTE_TUNNELS)).hasSize(2);
    }

    @Test
    void tunnelsOverTheCapFromOneAddressAre429AndNoTicketIsRedeemed() throws Exception {
        try (Gateway g = Gateways.start(data, caFile, broker, GatewayLimits.DEFAULT.withTunnels(10, 1), broker.url());
             Outside outside = new Outside(g, data)) {
            broker.tickets.put("ticket-cap-first-00001", new TunnelTarget("127.0.0.1", sink.getLocalPort(), "doctor"));
            broker.tickets.put("ticket-cap-second-0002", new TunnelTarget("127.0.0.1", sink.getLocalPort(), "doctor"));
            try (TunnelBridge first = new TunnelBridge(outside.http, outside.base, "ticket-cap-first-00001")) {
                assertThat(first.opened.get(10, TimeUnit.SECONDS).status()).isEqualTo(101);
                try (TunnelBridge second = new TunnelBridge(outside.http, outside.base, "ticket-cap-second-0002")) {
                    assertThat(second.opened.get(10, TimeUnit.SECONDS).status()).isEqualTo(429);
                }
                assertThat(broker.seen(BrokerApi.REMOTE_TUNNELS)).hasSize(1);
            }
            Await.until(Duration.ofSeconds(5), "the first tunnel gone", () -> g.openTunnels() == 0);
            try (TunnelBridge again = new TunnelBridge(outside.http, outside.base, "ticket-cap-second-0002")) {
                assertThat(again.opened.get(10, TimeUnit.SECONDS).status()).as("room again once the first closed").isEqualTo(101);
            }
        }
    }

    @Test
    void aMalformedOrOversizedRequestHeadIsAnsweredInOneLineWithoutEchoingIt() throws Exception {
        try (Gateway g = Gateways.start(data, caFile, broker, GatewayLimits.DEFAULT, broker.url()); Outside outside = new Outside(g, data)) {
            assertThat(raw(outside, g, "POST / HTTP/1.1\r\nHost: gw\r\nno colon <script>\r\n\r\n")).startsWith("HTTP/1.1 400 ")
                    .endsWith("\r\n\r\n{\"error\":\"bad request (HTTP 400)\"}").doesNotContain("script");
            assertThat(raw(outside, g, "POST " + BrokerApi.REMOTE_SIGN_INS + " HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 431 ").endsWith("{\"error\":\"request header fields too large (HTTP 431)\"}");
        }
        assertThat(broker.seen).isEmpty();
    }

    /** What the gateway answers to {@code request} sent as it is over TLS, up to its close. */
    private static String raw(Outside outside, Gateway g, String request) throws Exception {
        try (Socket s = tls(outside).createSocket(InetAddress.getLoopbackAddress(), g.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static javax.net.ssl.SSLSocketFactory tls(Outside outside) {
        return outside.http.sslSocketFactory();
    }
}
