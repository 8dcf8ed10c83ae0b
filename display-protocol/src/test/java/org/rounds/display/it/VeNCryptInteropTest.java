package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.testpeers.XvncServer;

/**
 * Our client against TigerVNC's Xvnc speaking VeNCrypt: X509Vnc and X509Plain with a certificate
 * made by a CA of the test, trusted through a CA file or a SHA-256 pin, and TLSVnc (anonymous
 * DH, which this module's tests allow in the JVM, see anon-tls.security). Decoding over TLS must
 * be pixel-exact; every refusal must be one line saying why, and nothing after a refused
 * certificate may reach the server.
 */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VeNCryptInteropTest {
    private static final int W = 240, H = 160;
    private static final String PASSWORD = "tls-pass";
    private TestCertificates certs;
    private TestCertificates otherCa;
    private XvncServer x509;

    @BeforeAll
    void start() throws Exception {
        certs = TestCertificates.create("Rounds test CA");
        otherCa = TestCertificates.create("Some other CA");
        x509 = XvncServer.start(W, H, "-SecurityTypes", "X509Vnc,X509Plain", "-X509Cert", certs.serverCert.toString(),
                "-X509Key", certs.serverKey.toString(), "-PasswordFile", certs.passwordFile(PASSWORD).toString());
        Screens.showPicture(x509, W, H);
    }

    @AfterAll
    void stop() throws Exception {
        if (x509 != null) x509.close();
        if (certs != null) certs.delete();
        if (otherCa != null) otherCa.delete();
    }

    @Test
    void x509VncWithTheCaFileDecodesPixelExact() throws Exception {
        RecordingListener l = new RecordingListener();
        try (RfbSession s = client(x509).caFile(certs.caCert).password(PASSWORD).build().connect(l)) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            Screens.awaitSameAsXwd(x509, s, l);
        }
    }

    @Test
    void x509VncWithThePinnedFingerprintAsOpensslPrintsIt() throws Exception {
        String pin = certs.serverFingerprintOpenssl();
        assertThat(pin).contains(":");
        RecordingListener l = new RecordingListener();
        try (RfbSession s = client(x509).pinSha256(pin).password(PASSWORD).build().connect(l)) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            Screens.awaitSameAsXwd(x509, s, l);
        }
    }

    @Test
    void aWrongPinIsRefusedBeforeAnyPasswordIsSent() throws Exception {
        String wrong = otherCa.serverFingerprint();
        assertThatThrownBy(() -> client(x509).pinSha256(wrong).password(PASSWORD).build().connect(new RecordingListener()))
                .isInstanceOf(RfbAuthException.class)
                .hasMessageStartingWith("server certificate rejected: server certificate SHA-256 " + certs.serverFingerprint())
                .hasMessageContaining("does not match the pinned " + wrong)
                .hasMessageNotContaining("\n");
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        assertThatThrownBy(() -> client(x509).caFile(otherCa.caCert).password(PASSWORD).build().connect(new RecordingListener()))
                .isInstanceOf(RfbAuthException.class)
                .hasMessageStartingWith("server certificate rejected: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aWrongVncPasswordOverTlsGivesTheServersReason() {
        assertThatThrownBy(() -> client(x509).caFile(certs.caCert).password("wrong").build().connect(new RecordingListener()))
                .isInstanceOf(RfbAuthException.class)
                .hasMessageStartingWith("server refused authentication: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void x509PlainSendsUserAndPasswordAndReportsThePamRefusal() {
        // Xvnc checks Plain logins with PAM; no such account exists here, so the server's refusal is what we can observe.
        assertThatThrownBy(() -> client(x509).caFile(certs.caCert).username("rounds-nobody").password("x").build()
                .connect(new RecordingListener()))
                .isInstanceOf(RfbAuthException.class)
                .hasMessageStartingWith("server refused authentication: ");
    }

    @Test
    void offeredSubTypesWeCannotUseAreNamed() throws Exception {
        try (XvncServer plainOnly = XvncServer.start(W, H, "-SecurityTypes", "X509Plain", "-X509Cert", certs.serverCert.toString(),
                "-X509Key", certs.serverKey.toString())) {
            assertThatThrownBy(() -> client(plainOnly).caFile(certs.caCert).password(PASSWORD).build().connect(new RecordingListener()))
                    .isInstanceOf(RfbAuthException.class)
                    .hasMessage("no usable VeNCrypt sub-type (server offers X509Plain(262)): X509Plain(262) needs a username and password");
        }
    }

    @Test
    void tlsVncUsesAnonymousDiffieHellman() throws Exception {
        assertThat(RfbClient.anonymousTlsAvailable()).as("anon-tls.security is loaded by surefire").isTrue();
        try (XvncServer anon = XvncServer.start(W, H, "-SecurityTypes", "TLSVnc", "-PasswordFile", certs.passwordFile(PASSWORD).toString())) {
            Screens.showPicture(anon, W, H);
            RecordingListener l = new RecordingListener();
            try (RfbSession s = client(anon).password(PASSWORD).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                Screens.awaitSameAsXwd(anon, s, l);
            }
        }
    }

    private static RfbClient.Builder client(XvncServer server) {
        return RfbClient.builder().host("127.0.0.1").port(server.port()).connectTimeout(Duration.ofSeconds(5));
    }
}
