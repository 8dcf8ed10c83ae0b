package org.rounds.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.EnrolmentRequest;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.takeover.Fakes;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerRejectedException;
import org.rounds.roaming.client.Enrolment;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.client.PushListener;
import org.rounds.testpeers.Await;

/**
 * An HTTPS broker with enrolled endpoints: cart-1, cart-2 (carts) and er-kiosk-1 (a kiosk), each
 * enrolled with the real endpoint code ({@link Enrolment}) into its own directory. Requests go
 * out with java.net.http clients that present one endpoint's certificate or none.
 */
@Tag("unit")
@Timeout(60)
class EndpointCertificateTest {
    @TempDir static Path data;
    @TempDir static Path endpoints;
    static Broker broker;
    static Path ca;

    @BeforeAll
    static void enrolThreeEndpoints() throws Exception {
        broker = Broker.builder().dataDir(data).port(0).tls(TlsSettings.devCa()).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        ca = broker.devCaCertificate().orElseThrow();
        broker.assignKiosk("er-kiosk-1", "er-reception", "ER reception");
        for (String[] e : new String[][] {{"cart-1", "cart"}, {"cart-2", "cart"}, {"er-kiosk-1", "kiosk"}}) {
            String code = broker.admin().addEndpoint(e[0], e[1], "ER");
            try (BrokerClient client = patient().broker(broker.baseUrl()).caFile(ca).build()) {
                assertThat(Enrolment.enrol(client, code, endpoints.resolve(e[0]))).isEqualTo(e[0]);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    @Test
    void aClientWithoutACertificateCannotRegisterTapOrOpenAPushChannel() throws Exception {
        SSLContext none = org.rounds.testpeers.PemTrust.only(ca);
        HttpResponse<String> register = post(none, BrokerApi.ENDPOINTS, "{\"endpointId\":\"cart-1\",\"kind\":\"cart\",\"location\":\"x\"}");
        assertThat(register.statusCode()).isEqualTo(401);
        assertThat(register.body()).isEqualTo("{\"error\":\"this route needs the endpoint's client certificate: enrol the endpoint with 'rounds enrol'\"}");
        assertThat(post(none, BrokerApi.TAPS, tap("cart-1", "t-none")).statusCode()).isEqualTo(401);
        assertThat(pushStatus(none, "cart-1")).isEqualTo(401);
        assertThat(get(none, BrokerApi.HEALTH_LIVE).statusCode()).as("health stays open").isEqualTo(200);
    }

    @Test
    void anotherEndpointsCertificateIsRefusedAndTheOwnersChannelStaysConnected() throws Exception {
        AtomicInteger drops = new AtomicInteger();
        try (BrokerClient cart1 = client("cart-1", true);
             PushChannel channel = cart1.openPush("cart-1", new PushListener() {
                 @Override public void onPush(PushEvent event, PushChannel c) {}

                 @Override public void disconnected(String reason) {
                     drops.incrementAndGet();
                 }
             })) {
            Await.until(Duration.ofSeconds(10), "cart-1's push channel to open", () -> broker.pushConnected("cart-1"));
            SSLContext cart2 = as("cart-2");
            HttpResponse<String> tap = post(cart2, BrokerApi.TAPS, tap("cart-1", "t-impostor"));
            assertThat(tap.statusCode()).isEqualTo(403);
            assertThat(tap.body()).isEqualTo("{\"error\":\"the client certificate is endpoint cart-2's, not cart-1's\"}");
            assertThat(post(cart2, BrokerApi.LOGINS, "{\"endpointId\":\"cart-1\",\"userId\":\"doctor\",\"password\":\"guess-guess\","
                    + "\"tapId\":\"t-login\"}").statusCode()).isEqualTo(403);
            assertThat(pushStatus(cart2, "cart-1")).isEqualTo(403);
            assertThat(broker.pushConnected("cart-1")).as("cart-1's own channel is still the broker's").isTrue();
            assertThat(drops).hasValue(0);
        }
    }

    /** Limits and audit rows name the enrolled endpoint, not the address every cart shares here. */
    @Test
    void theEnrolledEndpointIsTheSourceItsAnswersAreCountedAndAuditedUnder() throws Exception {
        HttpResponse<String> tap = post(as("cart-2"), BrokerApi.TAPS,
                "{\"endpointId\":\"cart-2\",\"credential\":\"0499000001\",\"tapId\":\"t-source\"}");
        assertThat(tap.body()).contains("\"decision\":\"unknown-badge\"");
        assertThat(org.rounds.broker.takeover.Rows.all(broker.database(), "audit").stream()
                .filter(r -> "unknown-badge".equals(r.get("kind"))).map(r -> r.get("detail")))
                .contains("tap t-source by a badge nobody owns, from cert:cart-2");
    }

    @Test
    void anEndpointPresentingItsOwnCertificateIsAnsweredOverConscryptAndTheJdk() throws Exception {
        for (boolean conscrypt : new boolean[] {false, true}) {
            try (BrokerClient cart2 = client("cart-2", conscrypt)) {
                assertThat(cart2.tlsProvider()).isEqualTo(conscrypt && org.conscrypt.Conscrypt.isAvailable() ? "Conscrypt" : "SunJSSE");
                cart2.register(new EndpointRegistration("cart-2", "cart", "ER"));
                assertThat(cart2.tap(new TapRequest("cart-2", "0451A2B3C4", "t-own-" + conscrypt))).isEqualTo(new TapDecision.UnknownBadge());
            }
        }
    }

    @Test
    void aCartAskingForTheKiosksSessionIsRefusedAndTheKioskIsAnswered() throws Exception {
        String kiosk = "{\"endpointId\":\"er-kiosk-1\",\"tapId\":\"k-1\"}";
        assertThat(post(as("cart-2"), BrokerApi.KIOSK_SESSIONS, kiosk).statusCode()).isEqualTo(403);
        HttpResponse<String> cartAsItself = post(as("cart-2"), BrokerApi.KIOSK_SESSIONS, "{\"endpointId\":\"cart-2\",\"tapId\":\"k-2\"}");
        assertThat(cartAsItself.statusCode()).isEqualTo(403);
        assertThat(cartAsItself.body()).contains("enrolled as a cart, not a kiosk");
        HttpResponse<String> own = post(as("er-kiosk-1"), BrokerApi.KIOSK_SESSIONS, "{\"endpointId\":\"er-kiosk-1\",\"tapId\":\"k-3\"}");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("\"decision\":\"connect\"").contains("er-reception");
    }

    @Test
    void theCertificateNamesTheEndpointForClientAuthForAYearAndTheKeyIsPrivate() throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(endpoints.resolve("cart-1").resolve(Enrolment.CERTIFICATE_FILE))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=cart-1");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(6, "urn:rounds:endpoint:cart-1"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())).isBetween(
                Duration.ofDays(365), Duration.ofDays(366));
        try (InputStream in = Files.newInputStream(ca)) {
            cert.verify(CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey());
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                endpoints.resolve("cart-1").resolve(Enrolment.KEY_FILE)))).isEqualTo("rw-------");
        try (var c = broker.database().connection(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT endpoint_id FROM endpoint_certificates WHERE serial = '"
                     + cert.getSerialNumber().toString(16) + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("cart-1");
        }
    }

    @Test
    void aUsedCodeIsRefusedInOneLineThatDoesNotRepeatIt() throws Exception {
        String code = broker.admin().addEndpoint("tablet-9", "tablet", "Ward 4");
        try (BrokerClient client = patient().broker(broker.baseUrl()).caFile(ca).build()) {
            Enrolment.enrol(client, code, endpoints.resolve("tablet-9"));
            assertThatThrownBy(() -> Enrolment.enrol(client, code, endpoints.resolve("tablet-9b")))
                    .isInstanceOf(BrokerRejectedException.class)
                    .hasMessageEndingWith("(HTTP 403): enrolment code is unknown, already used or expired: "
                            + "ask an admin for a new one ('rounds broker endpoints add')")
                    .hasMessageNotContaining(code);
        }
        assertThat(endpoints.resolve("tablet-9b")).doesNotExist();
    }

    @Test
    void theStoreKeepsNoPlaintextCode() throws Exception {
        String code = broker.admin().addEndpoint("ws-3", "workstation", "Pharmacy");
        try (var c = broker.database().connection(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT code_hash FROM enrolments WHERE endpoint_id = 'ws-3'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).hasSize(64).doesNotContainIgnoringCase(code);
        }
        try (var c = broker.database().connection(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT detail FROM audit")) {
            while (rs.next()) assertThat(rs.getString(1)).doesNotContainIgnoringCase(code);
        }
    }

    @Test
    void aWeakOrForeignKeyRequestIsRefusedWithoutUsingTheCode() throws Exception {
        String code = broker.admin().addEndpoint("cart-weak", "cart", "ER");
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        java.security.KeyPair weak = rsa.generateKeyPair();
        String csr = BrokerCa.pem(new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new javax.security.auth.x500.X500Principal("CN=x"), weak.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(weak.getPrivate())));
        try (BrokerClient client = patient().broker(broker.baseUrl()).caFile(ca).build()) {
            assertThatThrownBy(() -> client.enrol(new EnrolmentRequest(code, csr)))
                    .hasMessageEndingWith("(HTTP 400): csr key must be RSA of 2048 bits or more, or EC on P-256 or P-384");
            assertThat(Enrolment.enrol(client, code, endpoints.resolve("cart-weak"))).as("the code was not used up").isEqualTo("cart-weak");
        }
    }

    @Test
    void aRevokedEndpointIsRefusedWithinASecond() throws Exception {
        String code = broker.admin().addEndpoint("cart-gone", "cart", "ER");
        try (BrokerClient client = patient().broker(broker.baseUrl()).caFile(ca).build()) {
            Enrolment.enrol(client, code, endpoints.resolve("cart-gone"));
        }
        SSLContext gone = as("cart-gone");
        assertThat(post(gone, BrokerApi.TAPS, tap("cart-gone", "g-1")).statusCode()).isEqualTo(200);
        try (BrokerClient client = client("cart-gone", true);
             PushChannel channel = client.openPush("cart-gone", (event, c) -> {})) {
            Await.until(Duration.ofSeconds(10), "cart-gone's push channel to open", () -> broker.pushConnected("cart-gone"));
            assertThat(broker.admin().revokeEndpoint("cart-gone")).isTrue();
            long revoked = System.nanoTime();
            Await.until(Duration.ofSeconds(2), "cart-gone to be refused", () -> post(gone, BrokerApi.TAPS, tap("cart-gone", "g-" + System.nanoTime()))
                    .statusCode() == 403);
            assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
            Await.until(Duration.ofSeconds(3), "cart-gone's open push channel to be closed", () -> !broker.pushConnected("cart-gone"));
            assertThat(pushStatus(gone, "cart-gone")).isEqualTo(403);
        }
    }

    @Test
    void anExpiredCodeIsRefused(@TempDir Path other) throws Exception {
        Clock[] now = {Clock.fixed(Instant.now(), ZoneOffset.UTC)};
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0].instant(); }
        };
        try (Broker b = Broker.builder().inMemory().port(0).clock(moving).tls(TlsSettings.devCa())
                .desktops(new Fakes.Pool(new Fakes.Journal())).build()) {
            b.start();
            String code = b.admin().addEndpoint("cart-late", "cart", "ER");
            now[0] = Clock.offset(now[0], Duration.ofHours(24).plusSeconds(1));
            try (BrokerClient client = patient().broker(b.baseUrl()).caFile(b.devCaCertificate().orElseThrow()).build()) {
                assertThatThrownBy(() -> Enrolment.enrol(client, code, other))
                        .hasMessageEndingWith("(HTTP 403): enrolment code is unknown, already used or expired: "
                                + "ask an admin for a new one ('rounds broker endpoints add')");
            }
        }
        assertThat(other.resolve(Enrolment.KEY_FILE)).doesNotExist();
    }

    private static BrokerClient client(String endpoint, boolean conscrypt) {
        Path dir = endpoints.resolve(endpoint);
        return patient().broker(broker.baseUrl()).caFile(ca).preferConscrypt(conscrypt)
                .clientCertificate(dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE)).build();
    }

    /** Deadlines for a 2-core machine shared with other builds: the defaults are for a ward's network. */
    static BrokerClient.Builder patient() {
        return BrokerClient.builder().deadline(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(20)).callTimeout(Duration.ofSeconds(30));
    }

    static SSLContext as(String endpoint) throws Exception {
        Path dir = endpoints.resolve(endpoint);
        return org.rounds.testpeers.PemTrust.withClientCertificate(ca, dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE));
    }

    static String tap(String endpoint, String tapId) {
        return "{\"endpointId\":\"" + endpoint + "\",\"credential\":\"0451A2B3C4\",\"tapId\":\"" + tapId + "\"}";
    }

    static HttpResponse<String> post(SSLContext tls, String path, String json) throws Exception {
        return post(tls, broker.baseUrl(), path, json);
    }

    static HttpResponse<String> post(SSLContext tls, String base, String path, String json) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return c.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(SSLContext tls, String path) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return c.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP status the push channel's upgrade is answered with (101 when it opens). */
    static int pushStatus(SSLContext tls, String endpoint) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(broker.baseUrl().replace("https://", "wss://") + BrokerApi.pushPath(endpoint));
        try {
            WebSocket ws = c.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
    }
}
