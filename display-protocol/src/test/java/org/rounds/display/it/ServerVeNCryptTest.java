package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Peers;
import org.rounds.testpeers.XvfbDisplay;

/**
 * Our server's VeNCrypt: X509Vnc with a certificate from a throw-away CA, and TLSVnc (anonymous
 * DH), against our client and against TigerVNC's vncviewer.
 */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerVeNCryptTest {
    private static final String PASSWORD = "ward7tls";
    private TestCertificates certs;

    @BeforeAll
    void certificates() throws Exception { certs = TestCertificates.create("Rounds test CA"); }

    private RfbServer server(TestDesktop desktop, boolean x509) throws Exception {
        var tls = x509 ? ServerSecurity.x509(certs.serverCert, certs.serverKey) : null;
        RfbServer s = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.veNCrypt(tls, ServerSecurity.fixedPassword(PASSWORD))).build();
        s.start();
        return s;
    }

    @Test
    void x509VncWithOurClientIsPixelExactOverTls() throws Exception {
        TestDesktop desktop = new TestDesktop(160, 120);
        try (RfbServer server = server(desktop, true)) {
            RecordingListener l = new RecordingListener();
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(server.port()).password(PASSWORD).caFile(certs.caCert)
                    .encodings(List.of("zrle")).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
                assertThat(s.security()).startsWith("VeNCrypt X509Vnc(261) TLSv1.3");
                assertThat(Screens.differing(Screens.rgb(s.framebuffer().copyPixels()), Screens.rgb(desktop.fb.copyPixels()))).isZero();
            }
            assertThatThrownBy(() -> RfbClient.builder().host("127.0.0.1").port(server.port()).password("wrong").caFile(certs.caCert)
                    .build().connect(new RecordingListener()))
                    .isInstanceOf(RfbAuthException.class).hasMessageStartingWith("server refused authentication: ");
        }
    }

    @Test
    void tlsVncIsAnonymousDiffieHellman() throws Exception {
        TestDesktop desktop = new TestDesktop(160, 120);
        try (RfbServer server = server(desktop, false);
             RfbSession s = RfbClient.builder().host("127.0.0.1").port(server.port()).password(PASSWORD)
                     .encodings(List.of("zrle")).build().connect(new RecordingListener())) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
            assertThat(s.security()).startsWith("VeNCrypt TLSVnc(258) TLSv1.2 TLS_").contains("_anon_");
        }
    }

    /**
     * Three viewers in turn, each with a fresh server and display, must each show the desktop:
     * TigerVNC 1.12 hung in about one connection in three when a TLS 1.3 session ticket came with
     * the VNC challenge (see ServerTransport). What vncviewer printed goes into a failure.
     */
    @Test
    void tigerVncViewerConnectsWithX509VncAndTheCa() throws Exception { viewerOver(true); }

    @Test
    void tigerVncViewerConnectsWithTlsVnc() throws Exception { viewerOver(false); }

    private void viewerOver(boolean x509) throws Exception {
        String vncviewer = Peers.require("vncviewer", "tigervnc-viewer").toString();
        TestDesktop desktop = new TestDesktop(320, 240);
        java.nio.file.Path log = java.nio.file.Files.createTempFile("rounds-vncviewer", ".log");
        int[] want = Screens.rgb(desktop.fb.copyPixels());
        int[][] got = {null};
        try {
            for (int viewers = 0; viewers < 3; viewers++) {
                try (RfbServer server = server(desktop, x509); XvfbDisplay x = XvfbDisplay.start(320, 240)) {
                    ProcessBuilder pb = new ProcessBuilder(vncviewer, "-FullScreen", x509 ? "-SecurityTypes=X509Vnc" : "-SecurityTypes=TLSVnc",
                            "-X509CA=" + certs.caCert, "-PasswordFile=" + certs.passwordFile(PASSWORD), "-AutoSelect=0",
                            "-PreferredEncoding=ZRLE", "-FullColor", "127.0.0.1::" + server.port())
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                    pb.environment().put("DISPLAY", x.display());
                    Process viewer = pb.start();
                    try {
                        Await.until(Duration.ofSeconds(12), "vncviewer's screen to show our desktop",
                                () -> java.util.Arrays.equals(want, got[0] = Screens.rgb(x.screenshot().argb())));
                    } catch (AssertionError notShown) {
                        assertThat(got[0] == null ? want.length : Screens.differing(got[0], want))
                                .as("pixels of vncviewer " + (viewers + 1) + "'s screen over " + (x509 ? "X509Vnc" : "TLSVnc")
                                        + " unlike our desktop; it printed: " + java.nio.file.Files.readString(log)).isZero();
                    } finally {
                        viewer.destroy();
                        viewer.waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }
}
