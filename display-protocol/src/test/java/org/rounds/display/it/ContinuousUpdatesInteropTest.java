package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.XvncServer;

/**
 * Xvnc offers Fence and ContinuousUpdates, so our client switches to pushed updates; the screen
 * must stay pixel-exact while it changes and after a resize, with no requests from us.
 */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContinuousUpdatesInteropTest {
    private static final int W = 320, H = 240;

    @Test
    void pushedUpdatesKeepTheScreenExactThroughChangesAndAResize() throws Exception {
        try (XvncServer x = XvncServer.start(W, H)) {
            Screens.showPicture(x, W, H);
            RecordingListener l = new RecordingListener();
            try (RfbSession s = RfbClient.builder().port(x.port()).encodings(List.of("zrle", "copyrect"))
                    .connectTimeout(Duration.ofSeconds(5)).build().connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                Await.until(Duration.ofSeconds(5), "continuous updates to be enabled", s::continuousUpdates);
                Process term = Screens.scrollingTerminal(x, "cu");
                try {
                    Screens.awaitSameAsXwd(x, s, l);
                    assertThat(s.requestDesktopSize(400, 280)).isTrue();
                    assertThat(l.sizeResults.poll(10, TimeUnit.SECONDS)).isNotNull();
                    Screens.awaitSameAsXwd(x, s, l);
                    assertThat(s.framebuffer().width()).isEqualTo(400);
                    assertThat(s.continuousUpdates()).isTrue();
                } finally {
                    Screens.closeTerminal(x, term);
                }
            }
        }
    }
}
