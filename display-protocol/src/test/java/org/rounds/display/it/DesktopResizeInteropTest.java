package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.client.DesktopSizeResult;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.testpeers.XvncServer;

/**
 * Resizing with Xvnc: our SetDesktopSize (ExtendedDesktopSize) and a resize made on the X
 * display with {@code xrandr} both leave the client with a framebuffer of the new size that is
 * pixel-exact again; a server that forbids resizing answers with status 1, which we report.
 */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DesktopResizeInteropTest {
    private static final int W = 320, H = 240;

    @Test
    void setDesktopSizeResizesTheRemoteDesktop() throws Exception {
        try (XvncServer x = XvncServer.start(W, H)) {
            Screens.showPicture(x, W, H);
            RecordingListener l = new RecordingListener();
            try (RfbSession s = client(x).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                assertThat(s.requestDesktopSize(400, 300)).as("Xvnc announced ExtendedDesktopSize").isTrue();
                DesktopSizeResult r = l.sizeResults.poll(10, TimeUnit.SECONDS);
                assertThat(r).isEqualTo(new DesktopSizeResult(0, 400, 300));
                assertThat(x.screenshot().width()).isEqualTo(400);
                Screens.awaitSameAsXwd(x, s, l);
            }
        }
    }

    @Test
    void xrandrOnTheServerResizesTheClient() throws Exception {
        try (XvncServer x = XvncServer.start(W, H)) {
            Screens.showPicture(x, W, H);
            RecordingListener l = new RecordingListener();
            try (RfbSession s = client(x).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                // Larger than the output, so xrandr only resizes the screen (smaller ones also fail on the output)
                Process p = x.exec("xrandr", "--fb", "400x288");
                assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("xrandr --fb").isTrue();
                Screens.awaitSameAsXwd(x, s, l);
                assertThat(s.framebuffer().width()).isEqualTo(400);
                assertThat(s.framebuffer().height()).isEqualTo(288);
                assertThat(l.sizeResults).as("not an answer to a request of ours").isEmpty();
            }
        }
    }

    @Test
    void aServerThatForbidsResizingSaysSo() throws Exception {
        try (XvncServer x = XvncServer.start(W, H, "-AcceptSetDesktopSize=0")) {
            RecordingListener l = new RecordingListener();
            try (RfbSession s = client(x).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                assertThat(s.requestDesktopSize(400, 300)).isTrue();
                DesktopSizeResult r = l.sizeResults.poll(10, TimeUnit.SECONDS);
                assertThat(r).isNotNull();
                assertThat(r.code()).isEqualTo(1);
                assertThat(r.meaning()).isEqualTo("resize is administratively prohibited");
                assertThat(s.framebuffer().width()).isEqualTo(W);
            }
            assertThatThrownBy(() -> new RfbSessionHolder().size(x)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("desktop size 0x300 is outside 1..16384");
        }
    }

    /** A bad size is the caller's mistake, refused before anything is sent. */
    private static final class RfbSessionHolder {
        void size(XvncServer x) throws Exception {
            try (RfbSession s = client(x).build().connect(new RecordingListener())) {
                s.requestDesktopSize(0, 300);
            }
        }
    }

    private static RfbClient.Builder client(XvncServer x) {
        return RfbClient.builder().port(x.port()).encodings(List.of("zrle", "copyrect", "raw")).connectTimeout(Duration.ofSeconds(5));
    }
}
