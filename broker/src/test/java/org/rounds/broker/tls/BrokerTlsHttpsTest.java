package org.rounds.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerUnavailableException;
import org.rounds.roaming.client.Enrolment;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.client.PushListener;
import org.rounds.testpeers.Await;

/**
 * The broker over HTTPS with its development CA: the files it makes and keeps, TLS 1.3 only, and
 * the real endpoint client (REST with a CA file or a pin and its enrolled client certificate, push
 * over wss).
 */
@Tag("unit")
@Timeout(120)
class BrokerTlsHttpsTest {
    @TempDir static Path data;
    static Broker broker;
    static Path tls;
    static byte[] caPem;
    static byte[] brokerKeys;

    @BeforeAll
    static void startOnAFreshDataDirectory() throws Exception {
        broker = tlsBroker(Broker.builder().dataDir(data));
        tls = data.resolve("tls");
        caPem = Files.readAllBytes(tls.resolve("dev-ca.pem"));
        brokerKeys = Files.readAllBytes(tls.resolve("broker.p12"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    private static Broker tlsBroker(Broker.Builder b) {
        Broker started = b.port(0).tls(TlsSettings.devCa()).desktops(new Fakes.Pool(new Fakes.Journal())).build();
        started.start();
        return started;
    }

    @Test
    void theFirstStartMakesTheCaAndTheBrokerKeyPrivatelyAndServesHttps() throws Exception {
        assertThat(broker.baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(broker.devCaCertificate()).contains(tls.resolve("dev-ca.pem"));
        assertThat(new String(caPem, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("dev-ca.p12")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("broker.p12")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls))).isEqualTo("rwx------");
        try (var left = Files.list(tls)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("dev-ca.p12", "dev-ca.pem", "broker.p12");
        }
        try (var left = Files.list(data)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing with the keys' names outside tls/").doesNotContain("dev-ca.p12");
        }
        X509Certificate served = servedCertificate();
        List<String> names = served.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        DevCertificates.hostName().ifPresent(h -> assertThat(names).contains(h));
        assertThat(served.getIssuerX500Principal()).isEqualTo(ca().getSubjectX500Principal());
        served.verify(ca().getPublicKey());
    }

    @Test
    void aLaterStartReusesTheSameCaAndKey(@TempDir Path again) throws Exception {
        // A store has one broker at a time (no H2 listener to share it): the second starts on a copy of the TLS files.
        Files.createDirectories(again.resolve("tls"));
        for (String f : List.of("dev-ca.p12", "dev-ca.pem", "broker.p12")) Files.copy(tls.resolve(f), again.resolve("tls").resolve(f));
        try (Broker second = tlsBroker(Broker.builder().dataDir(again))) {
            assertThat(Files.readAllBytes(tls.resolve("dev-ca.pem"))).isEqualTo(caPem);
            assertThat(Files.readAllBytes(tls.resolve("broker.p12"))).isEqualTo(brokerKeys);
            assertThat(get(trustingOnlyTheDevCa(), second.baseUrl() + BrokerApi.HEALTH_LIVE).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientTrustingOnlyTheDevCaIsAnsweredOverTls13() throws Exception {
        HttpResponse<String> r = get(trustingOnlyTheDevCa(), broker.baseUrl() + BrokerApi.HEALTH_LIVE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("live");
        assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
    }

    @Test
    void aClientOfferingOnlyTls12IsRefused() throws Exception {
        try (SSLSocket socket = (SSLSocket) trustingOnlyTheDevCa().getSocketFactory().createSocket("127.0.0.1", broker.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheDevCaFailsTheHandshake() {
        HttpClient jdkTrustOnly = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> jdkTrustOnly.send(HttpRequest.newBuilder(URI.create(broker.baseUrl() + BrokerApi.HEALTH_LIVE)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpIsNotServed() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String url = broker.baseUrl().replace("https://", "http://") + BrokerApi.HEALTH_LIVE;
        assertThatThrownBy(() -> {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("a plain request must not be answered with a page").isNotEqualTo(200);
            throw new java.io.IOException("answered " + r.statusCode());
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theEndpointClientTalksToTheBrokerWithTheDevCaAndPushesOverWss() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        Path keys = enrolled("cart-tls");
        try (BrokerClient client = EndpointCertificateTest.patient().broker(broker.baseUrl()).caFile(tls.resolve("dev-ca.pem"))
                .clientCertificate(keys.resolve(Enrolment.KEY_FILE), keys.resolve(Enrolment.CERTIFICATE_FILE)).build()) {
            // Conscrypt where it loads: its TLS 1.3 auth type once made the JDK trust manager refuse every CA-issued chain
            assertThat(client.tlsProvider()).isEqualTo(org.conscrypt.Conscrypt.isAvailable() ? "Conscrypt" : "SunJSSE");
            client.register(new EndpointRegistration("cart-tls", "cart", "Ward 4"));
            assertThat(client.tap(new TapRequest("cart-tls", "0451A2B3C4", "t-1"))).isEqualTo(new TapDecision.UnknownBadge());
            try (PushChannel push = client.openPush("cart-tls", new PushListener() {
                @Override
                public void onPush(PushEvent event, PushChannel channel) {}

                @Override
                public void connected(String b) {
                    connected.countDown();
                }
            })) {
                assertThat(connected.await(10, TimeUnit.SECONDS)).as("push channel connected over wss").isTrue();
                Await.until(Duration.ofSeconds(5), "the broker to register cart-tls's push channel", () -> broker.pushConnected("cart-tls"));
            }
        }
    }

    @Test
    void theEndpointClientReachesThePinnedBrokerAndRefusesAWrongPin() throws Exception {
        String pin = okhttp3.CertificatePinner.pin(servedCertificate());
        try (BrokerClient client = pinned(pin)) {
            assertThat(client.tap(new TapRequest("cart-pin", "0451A2B3C4", "t-1"))).isEqualTo(new TapDecision.UnknownBadge());
        }
        try (BrokerClient client = pinned("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")) {
            assertThatThrownBy(() -> client.tap(new TapRequest("cart-pin", "0451A2B3C4", "t-2")))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageContaining("refused: its certificate matches none of the configured pins");
        }
    }

    @Test
    void aConfiguredKeystoreIsServedAndAWrongPasswordIsOneLine(@TempDir Path dir) throws Exception {
        Path site = Files.copy(tls.resolve("broker.p12"), dir.resolve("site.p12"));   // stands for a key the site's CA issued
        try (Broker b = Broker.builder().inMemory().port(0).tls(TlsSettings.keystore(site, DevCertificates.PASSWORD))
                .desktops(new Fakes.Pool(new Fakes.Journal())).build()) {
            b.start();
            assertThat(b.devCaCertificate()).isEmpty();
            assertThat(get(trustingOnlyTheDevCa(), b.baseUrl() + BrokerApi.HEALTH_LIVE).statusCode()).isEqualTo(200);
        }
        Broker wrong = Broker.builder().inMemory().port(0).tls(TlsSettings.keystore(site, "guess".toCharArray()))
                .desktops(new Fakes.Pool(new Fakes.Journal())).build();
        assertThatThrownBy(wrong::start).hasMessage("TLS keystore " + site + ": wrong password");
        Broker missing = Broker.builder().inMemory().port(0).tls(TlsSettings.keystore(dir.resolve("none.p12"), "x".toCharArray()))
                .desktops(new Fakes.Pool(new Fakes.Journal())).build();
        assertThatThrownBy(missing::start).hasMessage("TLS keystore " + dir.resolve("none.p12") + ": no such file");
    }

    @Test
    void anInMemoryBrokerKeepsItsDevCaInATemporaryDirectoryDeletedAtClose() throws Exception {
        Path ca;
        try (Broker b = tlsBroker(Broker.builder().inMemory())) {
            ca = b.devCaCertificate().orElseThrow();
            assertThat(ca).exists().isNotEqualTo(tls.resolve("dev-ca.pem"));
            assertThat(get(trustingOnly(ca), b.baseUrl() + BrokerApi.HEALTH_LIVE).statusCode()).isEqualTo(200);
        }
        assertThat(ca.getParent().getParent()).doesNotExist();
    }

    private BrokerClient pinned(String pin) throws Exception {
        Path keys = enrolled("cart-pin");
        return EndpointCertificateTest.patient().broker(broker.baseUrl()).caFile(tls.resolve("dev-ca.pem")).pins(List.of(pin))
                .clientCertificate(keys.resolve(Enrolment.KEY_FILE), keys.resolve(Enrolment.CERTIFICATE_FILE)).build();
    }

    /** The directory holding {@code endpointId}'s key and certificate, enrolled on first use. */
    private static synchronized Path enrolled(String endpointId) throws Exception {
        Path dir = data.resolve("endpoints").resolve(endpointId);
        if (Files.exists(dir.resolve(Enrolment.CERTIFICATE_FILE))) return dir;
        String code = broker.admin().addEndpoint(endpointId, "cart", "Ward 4");
        try (BrokerClient c = EndpointCertificateTest.patient().broker(broker.baseUrl()).caFile(tls.resolve("dev-ca.pem")).build()) {
            Enrolment.enrol(c, code, dir);
        }
        return dir;
    }

    private static HttpResponse<String> get(SSLContext trust, String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trustingOnlyTheDevCa() throws Exception {
        return trustingOnly(tls.resolve("dev-ca.pem"));
    }

    private static SSLContext trustingOnly(Path pem) throws Exception {
        return org.rounds.testpeers.PemTrust.only(pem);
    }

    private static X509Certificate ca() throws Exception {
        try (InputStream in = Files.newInputStream(tls.resolve("dev-ca.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The leaf certificate the broker presents. */
    private static X509Certificate servedCertificate() throws Exception {
        try (SSLSocket socket = (SSLSocket) trustingOnlyTheDevCa().getSocketFactory().createSocket("127.0.0.1", broker.port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
