package org.rounds.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbSession;
import org.rounds.display.internal.VncAuth;

/**
 * Two clinicians' desktops on one host port: each one-time password reaches its own desktop, a
 * hand-over cuts only that user's viewer (also one still in its handshake), used and expired
 * passwords are refused, and the wire offers VeNCrypt X509Vnc over TLS 1.3 and nothing else.
 */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostPortTest {
    private final CredentialLifetimeTest.MovableClock clock = new CredentialLifetimeTest.MovableClock();
    private final HostPort port = HostPort.loopback();
    private final EmbeddedDesktopPool pool = new EmbeddedDesktopPool(port, clock);

    @AfterEach
    void close() {
        pool.close();
        port.close();
    }

    @Test
    void eachPasswordReachesItsOwnDesktopAndAHandOverCutsOnlyThatUsersViewer() throws Exception {
        DesktopAddress nurse = pool.handOver("nurse", "Nurse Amina Diallo");
        DesktopAddress doctor = pool.handOver("doctor", "Dr Jonas Berg");
        assertThat(doctor.port()).isEqualTo(nurse.port()).isEqualTo(port.port());
        assertThat(nurse.pin()).isEqualTo(doctor.pin()).isEqualTo(port.pin()).matches("[0-9a-f]{64}");
        pool.desktop("doctor").orElseThrow().pointerEvent(100, 44 + 60 - 18 + 66 + 20, 1); // the doctor opens bed 2's chart
        pool.desktop("doctor").orElseThrow().pointerEvent(100, 44 + 60 - 18 + 66 + 20, 0);

        EmbeddedDesktopPoolTest.Viewer nurseViewer = new EmbeddedDesktopPoolTest.Viewer();
        EmbeddedDesktopPoolTest.Viewer doctorViewer = new EmbeddedDesktopPoolTest.Viewer();
        try (RfbSession n = EmbeddedDesktopPoolTest.connect(nurse, nurseViewer);
             RfbSession d = EmbeddedDesktopPoolTest.connect(doctor, doctorViewer)) {
            assertThat(n.security()).startsWith("VeNCrypt X509Vnc(261) TLSv1.3");
            assertThat(n.desktopName()).contains("Nurse Amina Diallo");
            assertThat(d.desktopName()).contains("Dr Jonas Berg");
            awaitShows(n, "nurse");
            awaitShows(d, "doctor");
            assertThat(rgb(pool.snapshot("nurse").orElseThrow().pixels())).as("two different desktops")
                    .isNotEqualTo(rgb(pool.snapshot("doctor").orElseThrow().pixels()));

            DesktopAddress again = pool.handOver("nurse", "Nurse Amina Diallo");
            assertThat(nurseViewer.closed.await(5, TimeUnit.SECONDS)).as("the nurse's old viewer is cut").isTrue();
            assertThat(d.isOpen()).as("the doctor's viewer is not").isTrue();
            d.sendKey('x', true);
            d.sendKey('x', false);
            Await.notes(pool, "doctor", "x");
            awaitShows(d, "doctor");

            assertThatThrownBy(() -> EmbeddedDesktopPoolTest.connect(nurse, new EmbeddedDesktopPoolTest.Viewer()))
                    .as("the revoked password").isInstanceOf(RfbAuthException.class).hasMessageContaining("already used or revoked");
            assertThatThrownBy(() -> EmbeddedDesktopPoolTest.connect(doctor, new EmbeddedDesktopPoolTest.Viewer()))
                    .as("the used password").isInstanceOf(RfbAuthException.class).hasMessageContaining("already used or revoked");
            clock.advance(DesktopPool.CREDENTIAL_LIFETIME.plusSeconds(1));
            assertThatThrownBy(() -> EmbeddedDesktopPoolTest.connect(again, new EmbeddedDesktopPoolTest.Viewer()))
                    .as("the expired password").isInstanceOf(RfbAuthException.class);
        }
    }

    @Test
    void aBrokersCredentialAdmitsItsViewerAndCannotOpenTwoDesktops() throws Exception {
        DesktopAddress a = pool.admit("nurse", "Nurse Amina Diallo", "Kq7mZt3w");
        assertThat(a.password()).isEqualTo("Kq7mZt3w");
        assertThat(pool.users()).containsExactly("nurse");
        assertThatThrownBy(() -> pool.admit("doctor", "Dr Jonas Berg", "Kq7mZt3w"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("that one-time credential is live for another desktop on this host: send another");
        try (RfbSession s = EmbeddedDesktopPoolTest.connect(a, new EmbeddedDesktopPoolTest.Viewer())) {
            assertThat(s.desktopName()).contains("Nurse Amina Diallo");
        }
        DesktopAddress d = pool.admit("doctor", "Dr Jonas Berg", "Kq7mZt3w"); // used, so free again
        try (RfbSession s = EmbeddedDesktopPoolTest.connect(d, new EmbeddedDesktopPoolTest.Viewer())) {
            assertThat(s.desktopName()).contains("Dr Jonas Berg");
        }
    }

    @Test
    void theWireOffersOnlyVeNCryptX509VncAndTls13() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        try (Socket raw = new Socket(a.host(), a.port())) {
            raw.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(raw.getInputStream());
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            assertThat(new String(in.readNBytes(12))).isEqualTo("RFB 003.008\n");
            out.write("RFB 003.008\n".getBytes());
            assertThat(in.readNBytes(2)).as("security types: VeNCrypt alone").containsExactly(1, 19);
            out.write(19);
            assertThat(in.readNBytes(2)).as("VeNCrypt 0.2").containsExactly(0, 2);
            out.write(new byte[] {0, 2});
            assertThat(in.read()).as("version accepted").isZero();
            assertThat(in.read()).as("one sub-type").isEqualTo(1);
            assertThat(in.readInt()).as("X509Vnc").isEqualTo(261);
            out.writeInt(261);
            assertThat(in.read()).as("sub-type accepted").isEqualTo(1);
            SSLSocket tls12 = (SSLSocket) trustAll().getSocketFactory().createSocket(raw, a.host(), a.port(), true);
            tls12.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThatThrownBy(tls12::startHandshake).as("a TLS 1.2 viewer").isInstanceOf(SSLException.class);
        }
    }

    @Test
    void aViewerWhosePasswordMatchedButIsStillInItsHandshakeIsCutByTheHandOver() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        try (Socket raw = new Socket(a.host(), a.port())) {
            raw.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(raw.getInputStream());
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            in.readNBytes(12);
            out.write("RFB 003.008\n".getBytes());
            in.readNBytes(2);
            out.write(19);
            in.readNBytes(2);
            out.write(new byte[] {0, 2});
            in.readNBytes(6);
            out.writeInt(261);
            in.read();
            SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(raw, a.host(), a.port(), true);
            tls.startHandshake();
            DataInputStream tin = new DataInputStream(tls.getInputStream());
            byte[] challenge = tin.readNBytes(16);
            tls.getOutputStream().write(VncAuth.response(challenge, a.password()));
            assertThat(tin.readInt()).as("SecurityResult: admitted").isZero();
            assertThat(pool.vacantSince("nurse")).as("counted as the desktop's viewer").isEmpty();

            pool.handOver("nurse", "Nurse Amina Diallo"); // before this viewer sent its ClientInit

            assertThat(readOrClosed(tin)).as("the connection is closed, no ServerInit").isEqualTo(-1);
        }
    }

    @Test
    void wrongPasswordsFromOneSourceAddUpAcrossDesktopsAndASilentViewerIsCutAtTheDeadline() throws Exception {
        try (HostPort strict = HostPort.builder().limits(org.rounds.display.server.ViewerLimits.builder()
                     .failuresBeforeBlock(2).handshakeTimeout(Duration.ofMillis(500)).build()).start();
             EmbeddedDesktopPool desktops = new EmbeddedDesktopPool(strict, clock)) {
            DesktopAddress nurse = desktops.handOver("nurse", "Nurse Amina Diallo");
            DesktopAddress doctor = desktops.handOver("doctor", "Dr Jonas Berg");
            DesktopAddress wrong = new DesktopAddress(nurse.host(), nurse.port(), "guess123", nurse.pin());
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> EmbeddedDesktopPoolTest.connect(wrong, new EmbeddedDesktopPoolTest.Viewer()))
                        .isInstanceOf(RfbAuthException.class).hasMessageContaining("password wrong");
            }
            assertThatThrownBy(() -> EmbeddedDesktopPoolTest.connect(doctor, new EmbeddedDesktopPoolTest.Viewer()))
                    .as("the source is blocked, whichever desktop it tries").isInstanceOf(RfbAuthException.class)
                    .hasMessageContaining("too many authentication failures");

            try (Socket silent = new Socket(nurse.host(), nurse.port())) {
                silent.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(silent.getInputStream());
                assertThat(in.readNBytes(12)).hasSize(12);
                long start = System.nanoTime();
                assertThat(readOrClosed(in)).as("cut, not left waiting").isEqualTo(-1);
                assertThat(System.nanoTime() - start).as("within the deadline and a margin").isLessThan(TimeUnit.SECONDS.toNanos(3));
            }
        }
    }

    /** -1 when the server closed the connection; -2 when it is still open after the read timeout (not cut). */
    private static int readOrClosed(DataInputStream in) {
        try {
            return in.read();
        } catch (java.net.SocketTimeoutException open) {
            return -2;
        } catch (java.io.IOException closed) {
            return -1;
        }
    }

    private void awaitShows(RfbSession s, String user) {
        org.rounds.testpeers.Await.until(Duration.ofSeconds(5), user + "'s viewer to show " + user + "'s desktop", () -> {
            int[] seen;
            synchronized (s.framebuffer()) {
                seen = s.framebuffer().copyPixels();
            }
            return java.util.Arrays.equals(rgb(seen), rgb(pool.snapshot(user).orElseThrow().pixels()));
        });
    }

    private static int[] rgb(int[] argb) { return java.util.Arrays.stream(argb).map(p -> p & 0xFFFFFF).toArray(); }

    /** The test's own TLS client trusts anything: what it checks is the server's offer, not its certificate. */
    static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

            @Override public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

            @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
        }}, null);
        return ctx;
    }

    private static final class Await {
        static void notes(EmbeddedDesktopPool pool, String user, String text) {
            org.rounds.testpeers.Await.until(Duration.ofSeconds(5), user + "'s notes to read \"" + text + "\"",
                    () -> pool.desktop(user).orElseThrow().notes().equals(text));
        }
    }
}
