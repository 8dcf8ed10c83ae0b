package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.display.client.Cursor;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.testpeers.X11vnc;
import org.rounds.testpeers.XvfbDisplay;

/**
 * Our client against x11vnc (libvncserver's encoders) exporting an Xvfb display, one encoding
 * forced at a time: pixel-exact against {@code xwd -root}. x11vnc polls the screen, so changes
 * arrive late; the comparison polls. The client also lists the Cursor pseudo-encoding, because
 * x11vnc otherwise draws the pointer into the framebuffer (which {@code xwd} does not show). Skipped when x11vnc or Xvfb is missing (fails under CI=true).
 */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X11vncInteropTest {
    private static final int W = 320, H = 240;
    private XvfbDisplay display;
    private X11vnc vnc;

    @BeforeAll
    void start() throws Exception {
        display = XvfbDisplay.start(W, H);
        Screens.showPicture(display, W, H);
        vnc = X11vnc.start(display);
    }

    @AfterAll
    void stop() {
        if (vnc != null) vnc.close();
        if (display != null) display.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "hextile", "zlib", "zrle", "tight", "rre"}) // what x11vnc offers of ours; it has no TRLE or TightPNG
    void eachEncodingAloneDecodesPixelExact(String encoding) throws Exception {
        RecordingListener l = new RecordingListener();
        RfbClient client = RfbClient.builder().host("127.0.0.1").port(vnc.port()).connectTimeout(Duration.ofSeconds(5))
                .encodings(List.of(encoding, "cursor")).build(); // else x11vnc paints the pointer into the pixels
        try (RfbSession s = client.connect(l)) {
            assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
            Screens.awaitSameAsXwd(display, s, l);
            Process term = Screens.scrollingTerminal(display, encoding);
            try {
                Screens.awaitSameAsXwd(display, s, l);
            } finally {
                Screens.closeTerminal(display, term);
            }
            System.out.println("x11vnc " + encoding + ": rectangles " + s.decodedRectangles());
            assertThat(s.decodedRectangles()).as("what x11vnc sent").containsKey(encoding);
            Cursor c = l.firstCursor.get(5, TimeUnit.SECONDS);
            assertThat(c.width() * c.height()).as("x11vnc's pointer shape").isPositive();
            assertThat(Arrays.stream(c.argb()).anyMatch(p -> p >>> 24 == 0xFF)).as("some opaque pointer pixels").isTrue();
        }
    }
}
