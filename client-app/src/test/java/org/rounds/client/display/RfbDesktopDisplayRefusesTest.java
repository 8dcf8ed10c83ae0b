package org.rounds.client.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopTls;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.DesktopSource;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.SelfSigned;

/**
 * The endpoint's screen connects to a desktop only over VeNCrypt X509Vnc to the certificate the
 * broker pinned, and refuses anything else with one line, painting nothing: a server offering
 * None, one offering plain VNC authentication, one offering VeNCrypt without a certificate
 * (TLSVnc), a certificate other than the pinned one, and an
 * address without a pin.
 */
@Tag("unit")
class RfbDesktopDisplayRefusesTest {
    private static final String PASSWORD = "ward7pw1";
    private static SSLContext tls;
    private static String pin;

    private final RfbDesktopDisplay display = new RfbDesktopDisplay();
    private RfbServer server;

    /** A host key and certificate, made in process. */
    @BeforeAll
    static void certificate() throws Exception {
        KeyStore ks = SelfSigned.keyStore("host", "host-a", "changeit".toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ks.getCertificate("host").getEncoded()));
    }

    @AfterEach
    void close() {
        display.clear();
        if (server != null) server.close();
    }

    private int serve(ServerSecurity security) throws IOException {
        server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(new Grey()).security(security).build();
        server.start();
        return server.port();
    }

    @Test
    void thePinnedCertificateOverX509VncIsShown() throws Exception {
        int port = serve(ServerSecurity.veNCrypt(tls, ServerSecurity.fixedPassword(PASSWORD)));
        display.connect(new DesktopAddress("127.0.0.1", port, PASSWORD, pin), reason -> {});
        assertThat(display.framebuffer()).as("painted").isPresent();
    }

    @Test
    void anotherCertificateThanThePinnedOneIsRefused() throws Exception {
        int port = serve(ServerSecurity.veNCrypt(tls, ServerSecurity.fixedPassword(PASSWORD)));
        String otherPin = "0".repeat(63) + "1";
        assertThatThrownBy(() -> display.connect(new DesktopAddress("127.0.0.1", port, PASSWORD, otherPin), reason -> {}))
                .isInstanceOf(IOException.class)
                .hasMessage("desktop at 127.0.0.1:" + port + ": certificate does not match the broker's pin: refused");
        assertThat(display.framebuffer()).as("nothing painted").isEmpty();
    }

    @Test
    void aServerOfferingPlainVncAuthenticationIsRefused() throws Exception {
        int port = serve(ServerSecurity.fixedPassword(PASSWORD));
        assertThatThrownBy(() -> display.connect(new DesktopAddress("127.0.0.1", port, PASSWORD, pin), reason -> {}))
                .isInstanceOf(IOException.class).hasMessage("desktop at 127.0.0.1:" + port + " offers no encryption: refused");
        assertThat(display.framebuffer()).as("nothing painted").isEmpty();
    }

    @Test
    void aServerOfferingNoneIsRefused() throws Exception {
        int port = serve(ServerSecurity.none());
        assertThatThrownBy(() -> display.connect(new DesktopAddress("127.0.0.1", port, PASSWORD, pin), reason -> {}))
                .isInstanceOf(IOException.class).hasMessage("desktop at 127.0.0.1:" + port + " offers no encryption: refused");
        assertThat(display.framebuffer()).as("nothing painted").isEmpty();
    }

    @Test
    void aServerOfferingVeNCryptWithoutACertificateIsRefused() throws Exception {
        int port = serve(ServerSecurity.veNCrypt(null, ServerSecurity.fixedPassword(PASSWORD))); // TLSVnc: anonymous TLS
        assertThatThrownBy(() -> display.connect(new DesktopAddress("127.0.0.1", port, PASSWORD, pin), reason -> {}))
                .isInstanceOf(IOException.class)
                .hasMessage("desktop at 127.0.0.1:" + port + " offers no certificate-checked encryption (VeNCrypt X509Vnc): refused");
        assertThat(display.framebuffer()).as("nothing painted").isEmpty();
    }

    @Test
    void throughATunnelWhoseGatewaySaidEndToEndNoneIsRefused() throws Exception {
        int port = serve(ServerSecurity.none());   // a man in the middle of the inside network, answering in the host's place
        assertThatThrownBy(() -> display.connect(new DesktopAddress("gateway.example", 443, PASSWORD, pin), DesktopTls.END_TO_END,
                timeout -> new java.net.Socket(InetAddress.getLoopbackAddress(), port), reason -> {}))
                .isInstanceOf(IOException.class).hasMessage("desktop at gateway.example:443 offers no encryption: refused");
        assertThat(display.framebuffer()).as("nothing painted").isEmpty();
    }

    @Test
    void throughATunnelWhoseGatewayEndsTheTlsOnlyNoneIsSpoken() throws Exception {
        int none = serve(ServerSecurity.none());
        display.connect(new DesktopAddress("gateway.example", 443, PASSWORD, pin), DesktopTls.GATEWAY,
                timeout -> new java.net.Socket(InetAddress.getLoopbackAddress(), none), reason -> {});
        assertThat(display.framebuffer()).as("painted").isPresent();
        display.clear();
        server.close();
        // the gateway said it ends the TLS, so anything but None is not what it said: refused rather than guessed at
        int vnc = serve(ServerSecurity.fixedPassword(PASSWORD));
        assertThatThrownBy(() -> display.connect(new DesktopAddress("gateway.example", 443, PASSWORD, pin), DesktopTls.GATEWAY,
                timeout -> new java.net.Socket(InetAddress.getLoopbackAddress(), vnc), reason -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining("where security None was expected");
    }

    @Test
    void anAddressWithoutAPinIsRefusedBeforeConnecting() throws Exception {
        int port = serve(ServerSecurity.none());
        assertThatThrownBy(() -> display.connect(new DesktopAddress("127.0.0.1", port, PASSWORD), reason -> {}))
                .isInstanceOf(IOException.class).hasMessage("desktop at 127.0.0.1:" + port + " comes without the host certificate's pin: refused");
        assertThat(server.viewerCount()).as("not even connected").isZero();
        assertThat(display.framebuffer()).isEmpty();
    }

    /** A small grey desktop. */
    private static final class Grey implements DesktopSource {
        private final Framebuffer fb = new Framebuffer(64, 48);

        Grey() {
            java.util.Arrays.fill(fb.pixels(), 0xFF808080);
        }

        @Override public Framebuffer framebuffer() { return fb; }

        @Override public String name() { return "grey"; }

        @Override public void keyEvent(int keysym, boolean down) {}

        @Override public void pointerEvent(int x, int y, int buttons) {}
    }
}
