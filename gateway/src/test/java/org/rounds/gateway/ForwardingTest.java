package org.rounds.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.BrokerApi;

/** The one broker route outside devices reach, forwarded with failover over mutual TLS. */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForwardingTest {
    private static final String SIGN_IN = "{\"userId\":\"doctor\",\"password\":\"correct horse\",\"code\":\"123456\","
            + "\"deviceId\":\"mac-1\",\"tapId\":\"t-1\"}";
    private static final ObjectMapper json = new ObjectMapper();
    @TempDir static Path dir;
    static TestCa ca;
    static Path caFile;
    static FakeBroker first, second;
    static Path data;

    @BeforeAll
    static void brokers() throws Exception {
        ca = new TestCa();
        caFile = ca.write(dir.resolve("broker-ca.pem"));
        first = new FakeBroker(ca);
        second = new FakeBroker(ca);
        data = dir.resolve("gateway");
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @BeforeEach
    void reset() {
        first.seen.clear();
        second.seen.clear();
        first.signInStatus = 200;
        second.signInStatus = 200;
    }

    private Outside.Answer signIn(String... brokers) throws Exception {
        try (Gateway g = Gateways.start(data, caFile, first, GatewayLimits.DEFAULT, brokers); Outside outside = new Outside(g, data)) {
            return outside.post(BrokerApi.REMOTE_SIGN_INS, SIGN_IN.getBytes(), r -> r.header(BrokerApi.OUTSIDE_SOURCE_HEADER, "203.0.113.66"));
        }
    }

    @Test
    void theBrokerSeesTheBodyTheCallersAddressAndTheGatewaysCertificate() throws Exception {
        Outside.Answer a = signIn(first.url());
        assertThat(a.status()).isEqualTo(200);
        JsonNode answer = json.readTree(a.body());
        assertThat(answer.get("userId").asText()).isEqualTo("doctor");
        assertThat(answer.get("tunnelTicket").asText()).isEqualTo("ticket-for-doctor-0123456789");
        assertThat(first.seen(BrokerApi.REMOTE_SIGN_INS)).singleElement().satisfies(s -> {
            assertThat(s.body()).isEqualTo(SIGN_IN);
            assertThat(s.outsideSource()).as("the TCP peer, not the caller's own header").isEqualTo("127.0.0.1");
            assertThat(s.client()).as("the gateway's enrolled certificate").isEqualTo("gw-test");
        });
    }

    @Test
    void aReconnectAfterADroppedTunnelIsForwardedTheSameWay() throws Exception {
        String reconnect = "{\"endpointId\":\"mac-1\",\"userId\":\"doctor\",\"generation\":7,\"reconnectToken\":\"tok\"}";
        try (Gateway g = Gateways.start(data, caFile, first, GatewayLimits.DEFAULT, "https://127.0.0.1:" + Gateways.closedPort(), first.url());
             Outside outside = new Outside(g, data)) {
            Outside.Answer a = outside.post(BrokerApi.REMOTE_RECONNECTS, reconnect.getBytes(), r -> r.header(BrokerApi.OUTSIDE_SOURCE_HEADER, "198.51.100.9"));
            assertThat(a.status()).isEqualTo(200);
            assertThat(json.readTree(a.body()).get("generation").asLong()).isEqualTo(7);
        }
        assertThat(first.seen(BrokerApi.REMOTE_RECONNECTS)).singleElement().satisfies(s -> {
            assertThat(s.body()).isEqualTo(reconnect);
            assertThat(s.outsideSource()).isEqualTo("127.0.0.1");
            assertThat(s.client()).isEqualTo("gw-test");
        });
    }

    @Test
    void aBrokerWhosePortIsClosedIsPassedOver() throws Exception {
        Outside.Answer a = signIn("https://127.0.0.1:" + Gateways.closedPort(), first.url());
        assertThat(a.status()).isEqualTo(200);
        assertThat(first.seen(BrokerApi.REMOTE_SIGN_INS)).hasSize(1);
    }

    @Test
    void aBrokerAnswering503IsPassedOver() throws Exception {
        first.signInStatus = 503;
        Outside.Answer a = signIn(first.url(), second.url());
        assertThat(a.status()).isEqualTo(200);
        assertThat(first.seen(BrokerApi.REMOTE_SIGN_INS)).hasSize(1);
        assertThat(second.seen(BrokerApi.REMOTE_SIGN_INS)).hasSize(1);
    }

    @Test
    void aBrokerThatJustAnswered503IsAskedLastByTheNextSignIn() throws Exception {
        first.signInStatus = 503;
        try (Gateway g = Gateways.start(data, caFile, first, GatewayLimits.DEFAULT, first.url(), second.url()); Outside outside = new Outside(g, data)) {
            assertThat(outside.post(BrokerApi.REMOTE_SIGN_INS, SIGN_IN).status()).isEqualTo(200);
            assertThat(outside.post(BrokerApi.REMOTE_SIGN_INS, SIGN_IN).status()).isEqualTo(200);
        }
        assertThat(first.seen(BrokerApi.REMOTE_SIGN_INS)).as("asked once, then passed over for the cooldown").hasSize(1);
        assertThat(second.seen(BrokerApi.REMOTE_SIGN_INS)).hasSize(2);
    }

    @Test
    void aBrokers401IsFinalAndPassedBackUnchanged() throws Exception {
        first.signInStatus = 401;
        Outside.Answer a = signIn(first.url(), second.url());
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).isEqualTo("{\"error\":\"wrong user id, password or code\"}");
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(second.seen).as("a refusal is not failed over").isEmpty();
    }

    @Test
    void a17KibBodyIs413InOneLineAndNeverForwarded() throws Exception {
        byte[] big = ("{\"userId\":\"" + "x".repeat(17 * 1024) + "\"}").getBytes();
        try (Gateway g = Gateways.start(data, caFile, first, GatewayLimits.DEFAULT, first.url()); Outside outside = new Outside(g, data)) {
            Outside.Answer a = outside.post(BrokerApi.REMOTE_SIGN_INS, big, r -> r);
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.body()).isEqualTo("{\"error\":\"a request to /api/v1/remote/sign-ins is at most 16384 bytes\"}");
            // chunked, without a declared length: the same
            Outside.Answer chunked = outside.post(BrokerApi.REMOTE_SIGN_INS, new byte[0], r -> r.post(new okhttp3.RequestBody() {
                @Override public okhttp3.MediaType contentType() { return okhttp3.MediaType.get("application/json"); }

                @Override public void writeTo(okio.BufferedSink sink) throws java.io.IOException { sink.write(big); }
            }));
            assertThat(chunked.status()).isEqualTo(413);
        }
        assertThat(first.seen).isEmpty();
    }

    @Test
    void everyOtherPathIs404InOneLine() throws Exception {
        try (Gateway g = Gateways.start(data, caFile, first, GatewayLimits.DEFAULT, first.url()); Outside outside = new Outside(g, data)) {
            for (String path : new String[] {BrokerApi.TAPS, BrokerApi.ENROLMENTS, BrokerApi.REMOTE_TUNNELS, "/health/live", "/"}) {
                Outside.Answer a = outside.post(path, "{}");
                assertThat(a.status()).as(path).isEqualTo(404);
                assertThat(a.body()).isEqualTo("{\"error\":\"no such route on the gateway: it serves the outside sign-in and the desktop tunnel only\"}");
            }
            assertThat(outside.get(BrokerApi.REMOTE_SIGN_INS).status()).isEqualTo(404);
        }
        assertThat(first.seen).isEmpty();
    }

    @Test
    void noBrokerAnsweringIs503InOneLine() throws Exception {
        first.signInStatus = 503;
        Outside.Answer a = signIn("https://127.0.0.1:" + Gateways.closedPort(), first.url());
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.body()).isEqualTo("{\"error\":\"no broker answers the gateway now; try again in a minute\"}");
    }
}
