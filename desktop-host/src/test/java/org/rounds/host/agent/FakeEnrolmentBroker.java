package org.rounds.host.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.HostEnrolmentAnswer;
import org.rounds.broker.api.HostEnrolmentRequest;

/**
 * A broker's enrolment route and nothing else, on HTTPS with a CA of its own (Bouncy Castle):
 * one code ({@link #CODE}) names host-1 and is good once; any other code is refused with 403 as
 * the broker words it.
 */
final class FakeEnrolmentBroker implements AutoCloseable {
    static final String CODE = "good-code-4711";
    private static final ObjectMapper json = new ObjectMapper();

    final Ca ca;
    final AtomicInteger requests = new AtomicInteger();
    private final HttpsServer server;
    private volatile boolean used;

    /** A CA: its key and self-signed certificate. */
    record Ca(PrivateKey key, X509Certificate certificate) {
        static Ca make(String name) throws Exception {
            KeyPair k = ec();
            X500Name subject = new X500Name("CN=" + name);
            X509Certificate cert = sign(new JcaX509v3CertificateBuilder(subject, serial(), from(), to(), subject, k.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0)), k.getPrivate());
            return new Ca(k.getPrivate(), cert);
        }

        X509Certificate issue(PublicKey key, String cn, GeneralNames sans) throws Exception {
            var b = new JcaX509v3CertificateBuilder(certificate, serial(), from(), to(), new X500Name("CN=" + cn), key);
            if (sans != null) b.addExtension(Extension.subjectAlternativeName, false, sans);
            return sign(b, this.key);
        }

        Path write(Path file) throws Exception {
            Files.writeString(file, pem(certificate));
            return file;
        }
    }

    FakeEnrolmentBroker() throws Exception {
        ca = Ca.make("Fake broker CA");
        KeyPair serverKey = ec();
        X509Certificate serverCert = ca.issue(serverKey.getPublic(), "127.0.0.1",
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", serverKey.getPrivate(), "x".toCharArray(), new X509Certificate[] {serverCert, ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext(BrokerApi.HOST_ENROLMENTS, exchange -> {
            requests.incrementAndGet();
            int status;
            String body;
            try {
                HostEnrolmentRequest r = json.readValue(exchange.getRequestBody(), HostEnrolmentRequest.class);
                if (r.code().equals(CODE) && !used) {
                    used = true;
                    PKCS10CertificationRequest csr = (PKCS10CertificationRequest) new PEMParser(new StringReader(r.csr())).readObject();
                    PublicKey key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
                    X509Certificate cert = ca.issue(key, "host-1",
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:rounds:host:host-1")));
                    status = 200;
                    body = json.writeValueAsString(new HostEnrolmentAnswer("host-1", pem(cert), pem(ca.certificate())));
                } else {
                    status = 403;
                    body = "{\"error\":\"enrolment code is unknown, already used or expired: ask an admin for a new one ('rounds broker hosts add NAME')\"}";
                }
            } catch (Exception e) {
                status = 500;
                body = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(System.nanoTime());
    }

    private static Date from() {
        return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static Date to() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }
}
