package org.rounds.roaming.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.TlsVersion;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.testpeers.SelfSigned;

/** Broker calls over https against a broker with a site-private certificate, with Conscrypt and with the JDK. */
@Tag("unit")
@Timeout(60)
class BrokerTlsTest {
    static final char[] PASSWORD = "changeit".toCharArray();
    static KeyStore brokerKeys;

    final MockWebServer broker = new MockWebServer();

    @BeforeAll
    static void makeCertificate() throws Exception {
        // The parent pom points java.io.tmpdir at target/native-tmp without creating it; Conscrypt
        // unpacks its native library there, so it must exist before Conscrypt first loads.
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        brokerKeys = SelfSigned.keyStore("broker", "localhost", PASSWORD, "localhost", "127.0.0.1");
    }

    @AfterEach
    void stop() throws IOException {
        broker.shutdown();
    }

    @Test
    void speaksTls13ThroughConscryptWhereItLoads() throws Exception {
        Assumptions.assumeTrue(org.conscrypt.Conscrypt.isAvailable(), "no Conscrypt native library for " + System.getProperty("os.arch"));
        serveHttps();

        try (BrokerClient client = httpsClient(true)) {
            assertThat(client.tlsProvider()).isEqualTo("Conscrypt");
            assertThat(client.tap(new TapRequest("cart-1", "0451A2B3C4", "t-1"))).isEqualTo(new TapDecision.UnknownBadge());
        }
        assertThat(broker.takeRequest().getHandshake().tlsVersion()).isEqualTo(TlsVersion.TLS_1_3);
    }

    @Test
    void usesTheJdksTlsWhenConscryptIsNotWanted() throws Exception {
        serveHttps();

        try (BrokerClient client = httpsClient(false)) {
            assertThat(client.tlsProvider()).isEqualTo("SunJSSE");
            assertThat(client.tap(new TapRequest("cart-1", "0451A2B3C4", "t-1"))).isEqualTo(new TapDecision.UnknownBadge());
        }
    }

    @Test
    void anUntrustedBrokerCertificateFailsWithOneLine() throws Exception {
        serveHttps();

        try (BrokerClient client = BrokerClient.builder().broker(broker.url("/").toString()).build()) {
            assertThatThrownBy(() -> client.tap(new TapRequest("cart-1", "0451A2B3C4", "t-1")))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageStartingWith("broker " + broker.url("/") + " unavailable: ")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aPinnedBrokerIsReachedAndAPinMismatchIsRefusedSayingSo() throws Exception {
        serveHttps();
        java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) brokerKeys.getCertificate("broker");
        String pin = okhttp3.CertificatePinner.pin(cert);
        try (BrokerClient client = pinnedClient(pin)) {
            assertThat(client.tap(new TapRequest("cart-1", "0451A2B3C4", "t-1"))).isEqualTo(new TapDecision.UnknownBadge());
        }
        broker.enqueue(new MockResponse().setBody("{\"decision\":\"unknown-badge\"}"));
        try (BrokerClient client = pinnedClient("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")) {
            assertThatThrownBy(() -> client.tap(new TapRequest("cart-1", "0451A2B3C4", "t-2")))
                    .isInstanceOf(BrokerUnavailableException.class)
                    .hasMessageStartingWith("broker " + broker.url("/") + " refused: its certificate matches none of the configured pins")
                    .hasMessageNotContaining("\n");
        }
        assertThat(broker.getRequestCount()).as("nothing was sent to the mismatched broker").isEqualTo(1);
    }

    @Test
    void aCaFileInPemIsTrustedAndABadOneIsOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        serveHttps();
        Path pem = dir.resolve("site-ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(brokerKeys.getCertificate("broker").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        try (BrokerClient client = BrokerClient.builder().broker(broker.url("/").toString()).caFile(pem).build()) {
            assertThat(client.tap(new TapRequest("cart-1", "0451A2B3C4", "t-1"))).isEqualTo(new TapDecision.UnknownBadge());
        }
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> BrokerClient.builder().broker(broker.url("/").toString()).caFile(junk))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("CA file " + junk);
        assertThatThrownBy(() -> BrokerClient.builder().pins(java.util.List.of("sha1/xyz")))
                .hasMessage("certificate pin 'sha1/xyz' is not sha256/<44 base64 characters>");
    }

    private BrokerClient pinnedClient(String pin) throws Exception {
        return BrokerClient.builder().broker(broker.url("/").toString()).trustManager(siteTrust()).pins(java.util.List.of(pin)).build();
    }

    @Test
    void plainHttpBrokersNeedNoTls() {
        try (BrokerClient client = BrokerClient.builder().broker("http://127.0.0.1:8080/").build()) {
            assertThat(client.tlsProvider()).isEqualTo("none");
        }
    }

    private void serveHttps() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(brokerKeys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        broker.useHttps(server.getSocketFactory(), false);
        broker.enqueue(new MockResponse().setBody("{\"decision\":\"unknown-badge\"}"));
    }

    private BrokerClient httpsClient(boolean conscrypt) throws Exception {
        return BrokerClient.builder().broker(broker.url("/").toString()).trustManager(siteTrust()).preferConscrypt(conscrypt).build();
    }

    /** Trust in the broker's own (self-signed) certificate, as a site CA. */
    private static X509TrustManager siteTrust() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("site-ca", brokerKeys.getCertificate("broker"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }
}
