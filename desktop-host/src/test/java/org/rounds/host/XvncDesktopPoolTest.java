package org.rounds.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbSession;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Peers;

/**
 * The {@code xvnc} provider with a real TigerVNC Xvnc running a real xterm: the one-time
 * password admits one viewer and then nobody, a hand-over cuts the old viewer (and only that
 * session's: two sessions share the host's one port), logoff kills the session, and the host
 * refuses sessions beyond its limit.
 */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class XvncDesktopPoolTest {
    private XvncDesktopPool pool;

    @AfterEach
    void close() {
        if (pool != null) pool.close();
    }

    private XvncDesktopPool pool(int max) {
        String xvnc = Peers.require("Xvnc", "tigervnc-standalone-server").toString();
        String xterm = Peers.require("xterm", "xterm").toString();
        pool = new XvncDesktopPool(new XvncDesktopPool.Config(xvnc, 640, 480,
                List.of(xterm, "-geometry", "60x20+0+0", "-bg", "white", "-fg", "black", "-e", "sh", "-c", "echo rounds; sleep 300"), max));
        return pool;
    }

    private static RfbSession connect(DesktopAddress a, EmbeddedDesktopPoolTest.Viewer v) throws Exception {
        return Viewers.to(a)
                .connectTimeout(Duration.ofSeconds(5)).encodings(List.of("tight", "zrle", "raw")).build().connect(v);
    }

    @Test
    void aOneTimePasswordAdmitsOneViewerToTheXtermAndThenNobody() throws Exception {
        XvncDesktopPool p = pool(2);
        DesktopAddress a = p.handOver("u1", "Nurse One");
        EmbeddedDesktopPoolTest.Viewer first = new EmbeddedDesktopPoolTest.Viewer();
        try (RfbSession s = connect(a, first)) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            assertThat(s.framebuffer().width()).isEqualTo(640);
            long[] white = {0};
            // the xterm maps a moment after Xvnc starts
            Await.until(Duration.ofSeconds(10), () -> "over 1000 white xterm pixels on the Xvnc screen (" + white[0] + ")", () -> {
                synchronized (s.framebuffer()) {
                    white[0] = Arrays.stream(s.framebuffer().pixels()).filter(px -> (px & 0xFFFFFF) == 0xFFFFFF).count();
                }
                return white[0] > 1000;
            });

            assertThatThrownBy(() -> connect(a, new EmbeddedDesktopPoolTest.Viewer()))
                    .isInstanceOf(RfbAuthException.class).hasMessageContaining("already used or revoked");

            DesktopAddress b = p.handOver("u1", "Nurse One");
            assertThat(first.closed.await(5, TimeUnit.SECONDS)).as("the old viewer is cut at hand-over").isTrue();
            assertThat(b.password()).isNotEqualTo(a.password());
            try (RfbSession s2 = connect(b, new EmbeddedDesktopPoolTest.Viewer())) {
                assertThat(s2.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    @Test
    void twoSessionsOnTheHostsOnePortEachPasswordReachesItsOwnXvnc() throws Exception {
        String xsetroot = Peers.require("xsetroot", "x11-xserver-utils").toString();
        XvncDesktopPool p = pool(2);
        DesktopAddress a = p.handOver("u1", "Nurse One");
        DesktopAddress b = p.handOver("u2", "Nurse Two");
        assertThat(b.port()).as("one port for the host").isEqualTo(a.port());
        run(xsetroot, p.display("u1").orElseThrow(), "#ff0000");
        run(xsetroot, p.display("u2").orElseThrow(), "#0000ff");
        EmbeddedDesktopPoolTest.Viewer first = new EmbeddedDesktopPoolTest.Viewer(), second = new EmbeddedDesktopPoolTest.Viewer();
        try (RfbSession s1 = connect(a, first); RfbSession s2 = connect(b, second)) {
            awaitCorner(s1, 0xFF0000, "u1's viewer to show u1's red root window");
            awaitCorner(s2, 0x0000FF, "u2's viewer to show u2's blue root window");
            p.handOver("u1", "Nurse One");
            assertThat(first.closed.await(5, TimeUnit.SECONDS)).as("u1's viewer cut at u1's hand-over").isTrue();
            assertThat(s2.isOpen()).as("u2's viewer untouched").isTrue();
            run(xsetroot, p.display("u2").orElseThrow(), "#00ff00");
            awaitCorner(s2, 0x00FF00, "u2's viewer to keep following u2's screen");
        }
    }

    private static void run(String xsetroot, int display, String colour) throws Exception {
        Process x = new ProcessBuilder(xsetroot, "-display", ":" + display, "-solid", colour).redirectErrorStream(true).start();
        x.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(x.waitFor(10, TimeUnit.SECONDS) && x.exitValue() == 0).as("xsetroot on :" + display).isTrue();
    }

    /** The bottom-right corner, away from the xterm at the top left, shows the root window's colour. */
    private static void awaitCorner(RfbSession s, int rgb, String what) {
        Await.until(Duration.ofSeconds(10), what, () -> {
            synchronized (s.framebuffer()) {
                return (s.framebuffer().pixels()[479 * 640 + 630] & 0xFFFFFF) == rgb;
            }
        });
    }

    @Test
    void logoffKillsTheSessionAndTheHostKeepsItsLimit() throws Exception {
        XvncDesktopPool p = pool(1);
        p.handOver("u1", "Nurse One");
        int display = p.display("u1").orElseThrow();
        assertThat(Path.of("/tmp/.X11-unix/X" + display)).exists();
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", 5900 + display).close())
                .as("Xvnc itself listens on no TCP port, only behind the gateway").isInstanceOf(java.net.ConnectException.class);
        assertThatThrownBy(() -> p.handOver("u2", "Nurse Two")).hasMessageContaining("desktop host full: 1 of 1");
        p.logoff("u1");
        Await.until(Duration.ofSeconds(5), "Xvnc to be gone (its X socket removed)", () -> !Files.exists(Path.of("/tmp/.X11-unix/X" + display)));
        assertThat(p.sessionCount()).isZero();
        DesktopAddress b = p.handOver("u2", "Nurse Two");
        try (RfbSession s = connect(b, new EmbeddedDesktopPoolTest.Viewer())) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
        }
    }
}
