package org.rounds.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;

/**
 * The host's certificate: an enrolled host's PEM files (a PKCS#8 key, as Rounds writes keys) or the
 * one-machine default's ephemeral one, and its pin in the form endpoints and
 * {@code rounds snapshot --pin} check: SHA-256 of the DER, 64 lower-case hex digits.
 */
@Tag("unit")
class HostCertificateTest {
    @TempDir
    Path dir;

    @Test
    void theEphemeralCertificatesPinIsTheSha256OfItsDer() throws Exception {
        HostCertificate c = HostCertificate.ephemeral("10.231.7.5");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.certificate().getEncoded()));
        assertThat(c.pin()).isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(c.certificate().getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .contains("10.231.7.5", "127.0.0.1", "localhost");
        assertThat(HostCertificate.ephemeral().pin()).as("a new key and certificate each start").isNotEqualTo(c.pin());
        RfbClient.builder().pinSha256(c.pin()); // the form the client (and rounds snapshot --pin) takes
        assertThat(c.toString()).doesNotContain(c.pin()); // an abbreviation only
    }

    @Test
    void anEnrolledHostsPemFilesServeItsDesktopsUnderTheirPin() throws Exception {
        KeyPair pair = ecKey();
        X509Certificate cert = selfSigned(pair);
        assertThatThrownBy(() -> HostCertificate.enrolled(dir)).isInstanceOf(IOException.class)
                .hasMessage("no host certificate in " + dir + " (host.pem, host-key.pem): enrol the host first with --enrol-code");
        Path certFile = dir.resolve("host.pem"), keyFile = dir.resolve("host-key.pem");
        Files.writeString(certFile, pem(cert));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));

        HostCertificate c = HostCertificate.enrolled(dir);
        assertThat(c.pin()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));

        try (HostPort port = HostPort.builder().certificate(c).start();
             EmbeddedDesktopPool pool = new EmbeddedDesktopPool(port, Clock.systemUTC())) {
            DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
            assertThat(a.pin()).isEqualTo(c.pin());
            try (RfbSession s = EmbeddedDesktopPoolTest.connect(a, new EmbeddedDesktopPoolTest.Viewer())) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            }
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedInOneLine() throws Exception {
        Path certFile = dir.resolve("host.pem"), keyFile = dir.resolve("host-key.pem");
        Files.writeString(certFile, pem(selfSigned(ecKey())));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(ecKey().getPrivate(), null)));
        assertThatThrownBy(() -> HostCertificate.fromPem(certFile, keyFile)).isInstanceOf(IOException.class)
                .hasMessage(keyFile + " is not the key of the certificate in " + certFile + ": enrol the host again");
        assertThatThrownBy(() -> HostCertificate.fromPem(certFile, dir.resolve("missing.pem"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing.pem").hasMessageNotContaining("\n");
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=host-a");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
}
