package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminToken;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.takeover.Rows;
import org.rounds.broker.takeover.TapService;

/**
 * Over HTTPS with a client certificate, the source is the certificate's name, whatever address
 * it comes from; without one, the address. Jetty here "wants" client certificates and trusts
 * cart-7's (self-signed fixtures in {@code source-fixture/}), as the broker will once endpoints
 * enrol; the request attribute it sets is the one {@link RequestSource} reads.
 */
@Tag("unit")
class CertificateSourceOverHttpsTest {
    private static final char[] PASSWORD = "fixture".toCharArray();
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private Database db;
    private BrokerHttp http;

    @BeforeEach
    void start() throws Exception {
        db = Database.inMemory();
        Directory directory = new Directory(db);
        BadgeKey badges = BadgeKey.loadOrCreate(db);
        Clock clock = Clock.systemUTC();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore("server"));
        tls.setKeyStorePassword(new String(PASSWORD));
        tls.setTrustStore(trustStore("cart-7"));
        tls.setWantClientAuth(true);
        tls.setIncludeProtocols("TLSv1.3");
        http = new BrokerHttp(db, directory, json, clock, SourceLimits.DEFAULT, AdminToken.loadOrCreate(db).check(), badges,
                "single", push -> new TapService(db, badges, new Fakes.Pool(new Fakes.Journal()), push, clock, json), tls);
        http.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (db != null) db.close();
    }

    @Test
    void aClientCertificateIsTheSourceWhateverItsAddressAndWithoutOneTheAddressIs() throws Exception {
        HttpClient cart7 = client(true);
        HttpClient anonymous = client(false);
        assertThat(post(cart7, BrokerApi.ENDPOINTS, Map.of("endpointId", "cart-7", "kind", "cart", "location", "Ward 4")).statusCode())
                .isEqualTo(204);
        assertThat(post(cart7, BrokerApi.TAPS, Map.of("endpointId", "cart-7", "credential", "0499000001", "tapId", "t-1")).body())
                .contains("\"decision\":\"unknown-badge\"");
        assertThat(post(anonymous, BrokerApi.TAPS, Map.of("endpointId", "cart-7", "credential", "0499000002", "tapId", "t-2")).body())
                .contains("\"decision\":\"unknown-badge\"");

        List<String> details = Rows.all(db, "audit").stream().filter(r -> "unknown-badge".equals(r.get("kind")))
                .map(r -> r.get("detail")).toList();
        assertThat(details).containsExactly("tap t-1 by a badge nobody owns, from cert:cart-7",
                "tap t-2 by a badge nobody owns, from addr:127.0.0.1");
    }

    private HttpResponse<String> post(HttpClient client, String path, Map<String, String> body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + http.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Trusts the broker's fixture certificate; shows cart-7's when {@code withCertificate}. */
    private static HttpClient client(boolean withCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore("server"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(withCertificate ? keyStore("cart-7") : emptyStore(), PASSWORD);
        SSLContext ssl = SSLContext.getInstance("TLSv1.3");
        ssl.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private static KeyStore keyStore(String name) throws Exception {
        KeyStore ks = emptyStore();
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pem(name + "-key.pem")));
        ks.setKeyEntry(name, key, PASSWORD, new Certificate[] {certificate(name)});
        return ks;
    }

    private static KeyStore trustStore(String name) throws Exception {
        KeyStore ks = emptyStore();
        ks.setCertificateEntry(name, certificate(name));
        return ks;
    }

    private static KeyStore emptyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, PASSWORD);
        return ks;
    }

    private static Certificate certificate(String name) throws Exception {
        try (InputStream in = fixture(name + ".pem")) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static byte[] pem(String file) throws IOException {
        try (InputStream in = fixture(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        }
    }

    private static InputStream fixture(String file) throws IOException {
        InputStream in = CertificateSourceOverHttpsTest.class.getResourceAsStream("source-fixture/" + file);
        if (in == null) throw new IOException("test fixture source-fixture/" + file + " is missing");
        return in;
    }
}
