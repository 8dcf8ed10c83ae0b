package org.rounds.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.testpeers.PemTrust;

/**
 * Issue 17's limits by source on a real HTTPS broker with enrolled carts: every cart here comes
 * from 127.0.0.1, so only the client certificate tells them apart. cart-2 guessing the doctor's
 * password or probing badges is throttled as cart-2; cart-1 is not.
 */
@Tag("unit")
@Timeout(60)
class LimitsOverHttpsTest {
    private static final String DOCTOR_BADGE = "04D0C70B01";
    @TempDir static Path data;
    @TempDir static Path endpoints;
    static Broker broker;
    static Path ca;
    private final ObjectMapper json = new ObjectMapper();
    private static final java.util.Map<String, HttpClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void enrolTwoCarts() throws Exception {
        broker = Broker.builder().dataDir(data).port(0).tls(TlsSettings.devCa()).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        ca = broker.devCaCertificate().orElseThrow();
        broker.enroll("doctor", "Dr. Louis Martin", DOCTOR_BADGE);
        broker.admin().setPassword("doctor", "correct horse battery");
        for (String cart : List.of("cart-1", "cart-2")) {
            String code = broker.admin().addEndpoint(cart, "cart", "Ward 4");
            try (BrokerClient client = EndpointCertificateTest.patient().broker(broker.baseUrl()).caFile(ca).build()) {
                assertThat(Enrolment.enrol(client, code, endpoints.resolve(cart))).isEqualTo(cart);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    private record Answer(int status, String retryAfter, JsonNode body) {}

    private Answer post(String cart, String path, String body) throws Exception {
        HttpResponse<String> r = clients.computeIfAbsent(cart, LimitsOverHttpsTest::client).send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), json.readTree(r.body()));
    }

    /** One client per cart, presenting its certificate (one TLS session, as the endpoint keeps). */
    private static HttpClient client(String cart) {
        Path dir = endpoints.resolve(cart);
        try {
            SSLContext tls = PemTrust.withClientCertificate(ca, dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE));
            return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (Exception e) {
            throw new IllegalStateException(cart + "'s client: " + e.getMessage(), e);
        }
    }

    @Test
    void fiftyWrongPasswordsFromOneCartAre429AndTheDoctorsBadgeStillConnectsOnAnother() throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(post("cart-2", BrokerApi.LOGINS, "{\"endpointId\":\"cart-2\",\"userId\":\"doctor\",\"password\":\"guess "
                    + i + "\",\"tapId\":\"g-" + i + "\"}"));
        }
        assertThat(answers).filteredOn(a -> a.status() == 429).as("past the burst, from cart-2's certificate").isNotEmpty()
                .allSatisfy(a -> {
                    assertThat(Integer.parseInt(a.retryAfter())).isPositive();
                    assertThat(a.body().get("error").asText()).startsWith("too many logins from cert:cart-2; wait ");
                });

        Answer tap = post("cart-1", BrokerApi.TAPS, "{\"endpointId\":\"cart-1\",\"credential\":\"" + DOCTOR_BADGE + "\",\"tapId\":\"t-1\"}");
        assertThat(tap.status()).isEqualTo(200);
        assertThat(tap.body().get("decision").asText()).as("the doctor's badge on cart-1").isEqualTo("connect");
        assertThat(Rows.all(broker.database(), "auth_failures")).extracting(r -> r.get("source")).containsOnly("cert:cart-2");
    }

    @Test
    void twoHundredUnknownBadgesFromOneCartAre429AndAudited() throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(post("cart-2", BrokerApi.TAPS, "{\"endpointId\":\"cart-2\",\"credential\":\"0499" + String.format("%06d", i)
                    + "\",\"tapId\":\"u-" + i + "\"}"));
        }
        assertThat(answers).filteredOn(a -> a.status() == 429).as("unknown badges throttled").hasSizeGreaterThan(150);
        assertThat(Rows.all(broker.database(), "audit")).filteredOn(r -> "unknown-badges-throttled".equals(r.get("kind")))
                .isNotEmpty().allSatisfy(r -> assertThat(r.get("detail")).contains("cert:cart-2").doesNotContain("0499"));
        Answer cart1 = post("cart-1", BrokerApi.TAPS, "{\"endpointId\":\"cart-1\",\"credential\":\"0499999999\",\"tapId\":\"u-c1\"}");
        assertThat(cart1.body().get("decision").asText()).as("cart-1 is not throttled for cart-2's probing").isEqualTo("unknown-badge");
    }
}
