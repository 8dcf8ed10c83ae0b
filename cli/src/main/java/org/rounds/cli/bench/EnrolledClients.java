package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.EnrolmentAnswer;
import org.rounds.broker.api.OwnKeys;

/**
 * The load's endpoints as a hospital's are: each makes its own key, redeems its one-time code
 * for a certificate the broker CA issues ({@value BrokerApi#ENROLMENTS}), and from then on talks
 * to the brokers over its own TLS connections presenting that certificate, which is what names
 * its practice. Each endpoint gets an HTTP client of its own (the JDK client presents one key per
 * client); they share one executor, so the load adds a selector thread per endpoint and no more.
 * Keys and certificates stay in memory.
 */
final class EnrolledClients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrustManager[] trust;
    private final HttpClient enrolling;
    private final Executor executor;

    EnrolledClients(Path caPem, Executor executor) throws IOException, GeneralSecurityException {
        this.trust = trustOnly(caPem);
        this.executor = executor;
        this.enrolling = client(null);
    }

    /**
     * Enrols an endpoint with {@code code} on the broker at {@code base}; completes with the client
     * that presents its new certificate.
     */
    CompletableFuture<HttpClient> enrol(String base, String code) {
        KeyPair key = OwnKeys.newP256();
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("code", code, "csr", csr(key)));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + BrokerApi.ENROLMENTS)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return enrolling.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + " from " + BrokerApi.ENROLMENTS + ": " + r.body());
            try {
                return client(keyManagers(key, JSON.readValue(r.body(), EnrolmentAnswer.class).certificate()));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("the enrolment's certificate cannot be used: " + e.getMessage(), e);
            }
        });
    }

    private HttpClient client(javax.net.ssl.KeyManager[] keys) throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(keys, trust, null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
                .executor(executor).build();
    }

    /** The subject is a placeholder: the broker names the certificate after the code's endpoint and practice. */
    private static String csr(KeyPair key) throws IOException {
        try {
            byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=rounds-bench-endpoint"), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
            return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END CERTIFICATE REQUEST-----\n";
        } catch (OperatorCreationException e) {
            throw new IOException("cannot sign a certificate request: " + e.getMessage(), e);
        }
    }

    /** A TLS context that trusts only the CA certificates in {@code caPem} and presents no certificate. */
    static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, trustOnly(caPem), null);
        return tls;
    }

    private static javax.net.ssl.KeyManager[] keyManagers(KeyPair key, String chainPem) throws IOException, GeneralSecurityException {
        Certificate[] chain = certificates(new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] none = new char[0];
        store.setKeyEntry("endpoint", key.getPrivate(), none, chain);
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(store, none);
        return f.getKeyManagers();
    }

    private static TrustManager[] trustOnly(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            Certificate[] cas = certificates(in);
            for (int i = 0; i < cas.length; i++) store.setCertificateEntry("ca-" + i, cas[i]);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return f.getTrustManagers();
    }

    private static Certificate[] certificates(InputStream pem) throws GeneralSecurityException {
        Certificate[] all = CertificateFactory.getInstance("X.509").generateCertificates(pem).toArray(new Certificate[0]);
        if (all.length == 0) throw new GeneralSecurityException("no certificate in the PEM");
        return all;
    }
}
