package org.rounds.roaming.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;

@Tag("unit")
@Timeout(30)
class BrokerClientTest {
    static final TapRequest TAP = new TapRequest("cart-1", "0451A2B3C4", "9f1c2d7e-0000-4000-8000-000000000001");

    final MockWebServer broker = new MockWebServer();
    final MockWebServer secondBroker = new MockWebServer();
    BrokerClient client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) client.close();
        broker.shutdown();
        secondBroker.shutdown();
    }

    @Test
    void tapPostsExactlyTheTapJson() throws Exception {
        broker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}"));
        client = clientFor(broker);

        client.tap(TAP);

        RecordedRequest request = broker.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/api/v1/taps");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(request.getBody().readString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"endpointId\":\"cart-1\",\"credential\":\"0451A2B3C4\",\"tapId\":\"9f1c2d7e-0000-4000-8000-000000000001\"}");
    }

    @Test
    void readsAConnectDecision() throws Exception {
        broker.enqueue(json(200, """
                {"decision":"connect","userId":"alice","displayName":"Dr Alice","generation":42,
                 "desktop":{"host":"10.1.2.3","port":5901,"password":"otp-123"}}"""));
        client = clientFor(broker);

        assertThat(client.tap(TAP)).isEqualTo(
                new TapDecision.Connect("alice", "Dr Alice", new DesktopAddress("10.1.2.3", 5901, "otp-123"), 42));
    }

    @Test
    void readsALockDecision() throws Exception {
        broker.enqueue(json(200, "{\"decision\":\"lock\",\"userId\":\"alice\",\"reason\":\"tap-out\"}"));
        client = clientFor(broker);

        assertThat(client.tap(TAP)).isEqualTo(new TapDecision.Lock("alice", "tap-out"));
    }

    @Test
    void readsAnUnknownBadgeDecision() throws Exception {
        broker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}"));
        client = clientFor(broker);

        assertThat(client.tap(TAP)).isEqualTo(new TapDecision.UnknownBadge());
    }

    @Test
    void readsADeniedDecision() throws Exception {
        broker.enqueue(json(200, "{\"decision\":\"denied\",\"reason\":\"user alice is disabled\"}"));
        client = clientFor(broker);

        assertThat(client.tap(TAP)).isEqualTo(new TapDecision.Denied("user alice is disabled"));
    }

    @Test
    void ignoresFieldsANewerBrokerAdds() throws Exception {
        broker.enqueue(json(200, "{\"decision\":\"denied\",\"reason\":\"no\",\"retryAfter\":30}"));
        client = clientFor(broker);

        assertThat(client.tap(TAP)).isEqualTo(new TapDecision.Denied("no"));
    }

    @Test
    void anUnknownDecisionIsAnUnreadableAnswer() {
        broker.enqueue(json(200, "{\"decision\":\"teleport\"}"));
        client = clientFor(broker);

        assertThatThrownBy(() -> client.tap(TAP))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageStartingWith("broker " + broker.url("/") + " sent an unreadable answer to /api/v1/taps: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aRefusalCarriesTheBrokersErrorLine() {
        broker.enqueue(json(403, "{\"error\":\"endpoint cart-1 is not registered\"}"));
        client = clientFor(broker);

        assertThatThrownBy(() -> client.tap(TAP))
                .isInstanceOfSatisfying(BrokerRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.broker()).isEqualTo(broker.url("/").toString());
                })
                .hasMessage("broker " + broker.url("/") + " refused /api/v1/taps (HTTP 403): endpoint cart-1 is not registered");
    }

    @Test
    void aRefusalWithoutAnApiErrorShowsTheFirstLineOfTheBody() {
        broker.enqueue(new MockResponse().setResponseCode(400).setBody("Bad Request\nstack trace here"));
        client = clientFor(broker);

        assertThatThrownBy(() -> client.tap(TAP))
                .isInstanceOf(BrokerRejectedException.class)
                .hasMessageEndingWith("(HTTP 400): Bad Request");
    }

    @Test
    void aRefusalIsNotFailedOverToTheNextBroker() {
        broker.enqueue(json(409, "{\"error\":\"tap id reused with another badge\"}"));
        client = BrokerClient.builder().broker(broker.url("/").toString()).broker(secondBroker.url("/").toString()).build();

        assertThatThrownBy(() -> client.tap(TAP)).isInstanceOf(BrokerRejectedException.class);
        assertThat(secondBroker.getRequestCount()).isZero();
    }

    @Test
    void aDeadBrokerFailsFastWithOneLineNamingIt() throws Exception {
        String dead = deadBrokerUrl();
        client = BrokerClient.builder().broker(dead).build();

        assertThatThrownBy(() -> client.tap(TAP))
                .isInstanceOfSatisfying(BrokerUnavailableException.class, e -> assertThat(e.broker()).isEqualTo(dead))
                .hasMessageStartingWith("broker " + dead + " unavailable: ")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aBrokerThatNeverAnswersTimesOut() {
        broker.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        client = BrokerClient.builder().broker(broker.url("/").toString()).readTimeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> client.tap(TAP))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessage("broker " + broker.url("/") + " unavailable: timed out");
    }

    @Test
    void aServerErrorMovesToTheNextBrokerAndEarlierFailuresRideAlong() throws Exception {
        String dead = deadBrokerUrl();
        broker.enqueue(json(503, "{\"error\":\"database unavailable\"}"));
        secondBroker.enqueue(json(200, "{\"decision\":\"lock\",\"userId\":\"alice\",\"reason\":\"tap-out\"}"));
        client = BrokerClient.builder().broker(dead).broker(broker.url("/").toString())
                .broker(secondBroker.url("/").toString()).build();

        assertThat(client.tap(TAP)).isEqualTo(new TapDecision.Lock("alice", "tap-out"));
        assertThat(broker.getRequestCount()).isEqualTo(1);

        // Sticky: the broker that answered is tried first next time; the failed ones (breakers open) last.
        secondBroker.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        secondBroker.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));   // and again on a fresh connection
        broker.enqueue(json(503, "{\"error\":\"database unavailable\"}"));
        assertThatThrownBy(() -> client.tap(TAP))
                .isInstanceOfSatisfying(BrokerUnavailableException.class, e -> {
                    assertThat(e.broker()).isEqualTo(broker.url("/").toString());
                    assertThat(e.getMessage()).isEqualTo("broker " + broker.url("/") + " unavailable: HTTP 503 from /api/v1/taps: database unavailable");
                    assertThat(e.getSuppressed()).hasSize(2);
                    assertThat(e.getSuppressed()[0].getMessage()).startsWith("broker " + secondBroker.url("/") + " unavailable");
                    assertThat(e.getSuppressed()[1].getMessage()).startsWith("broker " + dead + " unavailable");
                });
    }

    @Test
    void aBrokerOverCapacityPassesTheTapToTheNextAtOnceAndIsBackAfterItsRetryAfter() throws Exception {
        // 503 with Retry-After: the broker shed the tap (it writes nothing) and is alive
        broker.enqueue(json(503, "{\"error\":\"broker over capacity: requests wait longer than 50 ms for the database; "
                + "try another broker, or this one again in 1 s\"}").setHeader("Retry-After", "1"));
        secondBroker.enqueue(json(200, """
                {"decision":"connect","userId":"alice","displayName":"Dr Alice","generation":42,
                 "desktop":{"host":"10.1.2.3","port":5901,"password":"otp-123"}}"""));
        MovingClock clock = new MovingClock();
        client = BrokerClient.builder().broker(broker.url("/").toString()).broker(secondBroker.url("/").toString())
                .probeInterval(Duration.ZERO).clock(clock).build();

        long start = System.nanoTime();
        assertThat(client.tap(TAP)).isEqualTo(
                new TapDecision.Connect("alice", "Dr Alice", new DesktopAddress("10.1.2.3", 5901, "otp-123"), 42));
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for the tap: no wait for the Retry-After").isLessThan(1000);
        assertThat(broker.getRequestCount()).isEqualTo(1);
        assertThat(secondBroker.getRequestCount()).isEqualTo(1);
        assertThat(client.currentBroker()).as("the endpoint moved").isEqualTo(secondBroker.url("/").toString());

        clock.advance(Duration.ofMillis(1500));
        // a dead broker would be skipped for its 5 s cooldown; a busy one only for the second it asked
        assertThat(client.statuses()).extracting(BrokerStatus::up).containsExactly(true, true);
        assertThat(client.currentBroker()).as("sticky: still the broker that answered").isEqualTo(secondBroker.url("/").toString());
    }

    /** A clock the test moves. */
    static final class MovingClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-12-07T08:00:00Z");
        @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
        @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public synchronized java.time.Instant instant() { return now; }
        synchronized void advance(Duration d) { now = now.plus(d); }
    }

    @Test
    void aKeptAliveConnectionTheBrokerClosedIsRetriedOnceOnAFreshOneToTheSameBroker() throws Exception {
        // A restarting broker closes its idle keep-alive connections; a tap sent on one just then reads
        // "unexpected end of stream". The same broker, reached afresh, answers it: the tap is not lost.
        broker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}").setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        broker.enqueue(json(200, "{\"decision\":\"lock\",\"userId\":\"alice\",\"reason\":\"tap-out\"}"));
        client = BrokerClient.builder().broker(broker.url("/").toString()).broker(deadBrokerUrl()).build();

        client.tap(TAP);
        assertThat(client.tap(TAP)).isEqualTo(new TapDecision.Lock("alice", "tap-out"));
        assertThat(broker.getRequestCount()).as("the second tap reached the broker once, on its second connection").isEqualTo(2);
        assertThat(broker.takeRequest().getSequenceNumber()).isZero();
        assertThat(broker.takeRequest().getSequenceNumber()).as("a new connection's first request").isZero();
    }

    @Test
    void aFailedBrokerIsRememberedSoTheNextTapGoesStraightToAGoodOne() throws Exception {
        broker.enqueue(json(503, "{\"error\":\"restarting\"}"));
        secondBroker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}"));
        secondBroker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}"));
        client = BrokerClient.builder().broker(broker.url("/").toString()).broker(secondBroker.url("/").toString())
                .probeInterval(Duration.ZERO).build();

        client.tap(TAP);
        client.tap(TAP);

        assertThat(broker.getRequestCount()).isEqualTo(1);
        assertThat(secondBroker.getRequestCount()).isEqualTo(2);
        assertThat(client.currentBroker()).isEqualTo(secondBroker.url("/").toString());
    }

    @Test
    void eachBrokerTriedIsToldHowLongItsAnswerIsWaitedFor() throws Exception {
        broker.enqueue(json(500, "{\"error\":\"internal error\"}"));
        secondBroker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}"));
        client = BrokerClient.builder().broker(broker.url("/").toString()).broker(secondBroker.url("/").toString())
                .deadline(Duration.ofSeconds(2)).probeInterval(Duration.ZERO).build();

        assertThat(client.tap(TAP)).isEqualTo(new TapDecision.UnknownBadge());

        long first = Long.parseLong(broker.takeRequest(1, TimeUnit.SECONDS).getHeader("Rounds-Deadline-Ms"));
        long second = Long.parseLong(secondBroker.takeRequest(1, TimeUnit.SECONDS).getHeader("Rounds-Deadline-Ms"));
        assertThat(first).as("half the deadline: the other broker keeps its share").isBetween(900L, 1000L);
        assertThat(second).as("the last broker: all that is left").isGreaterThan(first).isLessThanOrEqualTo(2000L);
    }

    @Test
    void withTheOtherBrokerKnownDownTheLiveOneGetsTheWholeDeadline() throws Exception {
        String dead = deadBrokerUrl();
        broker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}"));
        // slower than half the deadline, which was all a live broker got while a dead one kept its share
        broker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}").setHeadersDelay(1300, java.util.concurrent.TimeUnit.MILLISECONDS));
        client = BrokerClient.builder().broker(dead).broker(broker.url("/").toString())
                .deadline(Duration.ofSeconds(2)).probeInterval(Duration.ZERO).build();
        client.tap(TAP);   // the dead one refuses: its breaker opens, the live one becomes current

        assertThat(client.tap(TAP)).isEqualTo(new TapDecision.UnknownBadge());
        assertThat(broker.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aBrokerThatAcceptsButNeverAnswersIsLeftWithinTheDeadline() throws Exception {
        try (java.net.ServerSocket blackHole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            secondBroker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}"));
            client = BrokerClient.builder().broker("http://127.0.0.1:" + blackHole.getLocalPort() + "/")
                    .broker(secondBroker.url("/").toString()).deadline(Duration.ofSeconds(2)).probeInterval(Duration.ZERO).build();

            assertThat(client.tap(TAP)).isEqualTo(new TapDecision.UnknownBadge());
            assertThat(secondBroker.takeRequest().getPath()).isEqualTo("/api/v1/taps");
            assertThat(client.currentBroker()).isEqualTo(secondBroker.url("/").toString());
        }
    }

    @Test
    void theProberMovesOffABrokerThatIsNotReadyBeforeAnyTapNeedsIt() throws Exception {
        broker.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
                return r.getPath().equals("/health/ready") ? json(503, "{\"status\":\"database does not answer\"}") : json(500, "{}");
            }
        });
        secondBroker.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
                return r.getPath().equals("/health/ready") ? json(200, "{\"status\":\"ready\"}") : json(200, "{\"decision\":\"unknown-badge\"}");
            }
        });
        client = BrokerClient.builder().broker(broker.url("/").toString()).broker(secondBroker.url("/").toString())
                .probeInterval(Duration.ofMillis(50)).build();
        // Each probe round asks the brokers in list order, so after each probe the second one sees,
        // that round's verdict on the first is in: look then whether the client has moved off it.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!client.currentBroker().equals(secondBroker.url("/").toString())) {
            RecordedRequest probe = secondBroker.takeRequest(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(probe).as("a probe round within 5 s, still on %s", client.currentBroker()).isNotNull();
        }
        client.tap(TAP);
        assertThat(countPath(broker, "/api/v1/taps")).isZero();
    }

    private static int countPath(MockWebServer server, String path) throws InterruptedException {
        int n = 0;
        okhttp3.mockwebserver.RecordedRequest r;
        while ((r = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) if (path.equals(r.getPath())) n++;
        return n;
    }

    @Test
    void registerPostsTheRegistration() throws Exception {
        broker.enqueue(new MockResponse().setResponseCode(204));
        client = clientFor(broker);

        client.register(new EndpointRegistration("cart-1", "cart", "ward 4 bed 12"));

        RecordedRequest request = broker.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo("/api/v1/endpoints");
        assertThat(request.getBody().readUtf8())
                .isEqualTo("{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"ward 4 bed 12\"}");
    }

    @Test
    void aBrokerUnderAPathPrefixKeepsIt() throws Exception {
        broker.enqueue(json(200, "{\"decision\":\"unknown-badge\"}"));
        client = BrokerClient.builder().broker(broker.url("/rounds/").toString()).build();

        client.tap(TAP);

        assertThat(broker.takeRequest(1, TimeUnit.SECONDS).getPath()).isEqualTo("/rounds/api/v1/taps");
    }

    @Test
    void aBadBrokerUrlIsOneClearError() {
        assertThatThrownBy(() -> BrokerClient.builder().broker("broker-a:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("broker URL 'broker-a:8080' is not an http(s) URL");
        assertThatThrownBy(() -> BrokerClient.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no broker URL configured");
    }

    private BrokerClient clientFor(MockWebServer server) {
        return BrokerClient.builder().broker(server.url("/").toString()).build();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** A loopback port that was just free: connecting to it is refused at once. */
    static String deadBrokerUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/";
        }
    }
}
