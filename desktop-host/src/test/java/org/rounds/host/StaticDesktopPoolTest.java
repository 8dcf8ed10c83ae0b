package org.rounds.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbSession;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.testpeers.XvncServer;

/** The {@code static} provider in front of a real Xvnc with its own VNC password, which viewers never see. */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StaticDesktopPoolTest {

    private static RfbSession connect(DesktopAddress a, EmbeddedDesktopPoolTest.Viewer v) throws Exception {
        return Viewers.to(a)
                .connectTimeout(Duration.ofSeconds(5)).encodings(List.of("zrle", "raw")).build().connect(v);
    }

    @Test
    void usersGetTheirAssignedServerThroughOneTimePasswords() throws Exception {
        try (XvncServer x = XvncServer.startWithPassword(320, 240, "ward7pw");
             StaticDesktopPool pool = new StaticDesktopPool(List.of(new StaticDesktopPool.Server("nurse", "127.0.0.1", x.port(), "ward7pw")))) {
            DesktopAddress a = pool.handOver("nurse", "Nurse");
            assertThat(a.password()).isNotEqualTo("ward7pw");
            EmbeddedDesktopPoolTest.Viewer first = new EmbeddedDesktopPoolTest.Viewer();
            try (RfbSession s = connect(a, first)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                assertThat(s.framebuffer().width()).isEqualTo(320);
                assertThatThrownBy(() -> connect(a, new EmbeddedDesktopPoolTest.Viewer())).isInstanceOf(RfbAuthException.class);

                DesktopAddress b = pool.handOver("nurse", "Nurse");
                assertThat(first.closed.await(5, TimeUnit.SECONDS)).as("old viewer cut at hand-over").isTrue();
                try (RfbSession s2 = connect(b, new EmbeddedDesktopPoolTest.Viewer())) {
                    assertThat(s2.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                }
            }
            assertThatThrownBy(() -> pool.handOver("doctor", "Doctor")).hasMessageContaining("no VNC server is assigned to user doctor");
        }
    }

    @Test
    void aWrongConfiguredPasswordEndsTheViewersConnection() throws Exception {
        try (XvncServer x = XvncServer.startWithPassword(320, 240, "ward7pw");
             StaticDesktopPool pool = new StaticDesktopPool(List.of(new StaticDesktopPool.Server("nurse", "127.0.0.1", x.port(), "wrong")))) {
            DesktopAddress a = pool.handOver("nurse", "Nurse");
            // Admitted by the gateway, refused upstream: the connection ends before ServerInit.
            assertThatThrownBy(() -> connect(a, new EmbeddedDesktopPoolTest.Viewer())).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("ServerInit");
        }
    }

    /** Issue 18: a static server speaks plain VNC authentication, but its viewers only ever get VeNCrypt X509Vnc from the host. */
    @Test
    void viewersOfAPlainVncServerAreOfferedOnlyVeNCryptX509Vnc() throws Exception {
        try (XvncServer x = XvncServer.startWithPassword(320, 240, "ward7pw");
             StaticDesktopPool pool = new StaticDesktopPool(List.of(new StaticDesktopPool.Server("nurse", "127.0.0.1", x.port(), "ward7pw")))) {
            DesktopAddress a = pool.handOver("nurse", "Nurse");
            try (java.net.Socket raw = new java.net.Socket(a.host(), a.port())) {
                raw.setSoTimeout(5000);
                var in = new java.io.DataInputStream(raw.getInputStream());
                var out = raw.getOutputStream();
                assertThat(new String(in.readNBytes(12))).isEqualTo("RFB 003.008\n");
                out.write("RFB 003.008\n".getBytes());
                assertThat(in.readNBytes(2)).as("security types offered: VeNCrypt alone").containsExactly(1, 19);
                out.write(19);
                in.readNBytes(2);
                out.write(new byte[] {0, 2});
                assertThat(in.read()).isZero();
                assertThat(in.readNBytes(5)).as("VeNCrypt sub-types: X509Vnc alone").containsExactly(1, 0, 0, 1, 5);
            }
            // and the client an endpoint runs refuses the server itself
            assertThatThrownBy(() -> connect(new DesktopAddress("127.0.0.1", x.port(), "ward7pw", a.pin()), new EmbeddedDesktopPoolTest.Viewer()))
                    .isInstanceOf(org.rounds.display.InsecureServerException.class).hasMessageStartingWith("server offers no encryption");
        }
    }
}
