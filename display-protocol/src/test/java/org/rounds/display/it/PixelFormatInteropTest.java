package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.display.internal.PixelFormat;
import org.rounds.testpeers.X11vnc;
import org.rounds.testpeers.XDisplay;
import org.rounds.testpeers.XvfbDisplay;
import org.rounds.testpeers.XvncServer;

/**
 * The slow-link pixel formats against real servers: 16-bit and 8-bit true colour asked of
 * TigerVNC Xvnc, and a colour-mapped 8-bit server (x11vnc on an 8-bit PseudoColor Xvfb, which
 * sends SetColourMapEntries) taken as it is. The framebuffer must equal {@code xwd -root} once
 * reduced to the format as the server reduces it (TigerVNC rounds each channel to its bits);
 * the colour-mapped screen must equal it exactly.
 */
@Tag("peer")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PixelFormatInteropTest {
    private static final int W = 320, H = 240;

    @ParameterizedTest
    @CsvSource({"rgb565,zrle", "rgb565,hextile", "rgb565,tight", "rgb565,raw", "rgb332,zrle", "rgb332,tight", "rgb332,raw"})
    void xvncInFewerBitsShowsTheScreenReduced(String format, String encoding) throws Exception {
        PixelFormat pf = format.equals("rgb565") ? PixelFormat.RGB565_LE : PixelFormat.RGB332;
        try (XvncServer x = XvncServer.start(W, H)) {
            Screens.showPicture(x, W, H);
            RecordingListener l = new RecordingListener();
            RfbClient client = RfbClient.builder().host("127.0.0.1").port(x.port()).connectTimeout(Duration.ofSeconds(5))
                    .encodings(List.of(encoding)).pixelFormat(format).build();
            try (RfbSession s = client.connect(l)) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                awaitSame(x, s, l, argb -> reducedAsTigerVnc(pf, argb));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "hextile", "zrle", "tight"})
    void colourMappedServerIsDecodedThroughItsColourMap(String encoding) throws Exception {
        try (XvfbDisplay display = XvfbDisplay.start(W, H, 8)) {
            Screens.showPicture(display, W, H, true);
            try (X11vnc vnc = X11vnc.start(display)) {
                RecordingListener l = new RecordingListener();
                RfbClient client = RfbClient.builder().host("127.0.0.1").port(vnc.port()).connectTimeout(Duration.ofSeconds(5))
                        .encodings(List.of(encoding, "cursor")).pixelFormat("server").build();
                try (RfbSession s = client.connect(l)) {
                    assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                    awaitSame(display, s, l, argb -> argb);
                    assertThat(distinctColours(s)).as("colours through the map, not black").isGreaterThan(8);
                }
            }
        }
    }

    /** Xvnc reduces each channel as (c * max + 128) / 255 (measured: 0x25 in 5 bits is 5, 0xB9 is 22); our client scales back up. */
    private static int reducedAsTigerVnc(PixelFormat pf, int argb) {
        int r = down(argb >>> 16 & 0xFF, pf.redMax()), g = down(argb >>> 8 & 0xFF, pf.greenMax()), b = down(argb & 0xFF, pf.blueMax());
        return pf.toArgb(r << pf.redShift() | g << pf.greenShift() | b << pf.blueShift());
    }

    private static int down(int c, int max) { return (c * max + 128) / 255; }
    private static void awaitSame(XDisplay x, RfbSession s, RecordingListener l, IntUnaryOperator reduce) throws Exception {
        int[] mine = null, truth = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            truth = Arrays.stream(x.screenshot().argb()).map(reduce).map(p -> p & 0xFFFFFF).toArray();
            synchronized (s.framebuffer()) {
                mine = Arrays.stream(s.framebuffer().pixels()).map(p -> p & 0xFFFFFF).toArray();
            }
            if (Arrays.equals(mine, truth)) return;
            l.updates.tryAcquire(250, TimeUnit.MILLISECONDS);
        }
        assertThat(Screens.differing(mine, truth)).as("pixels differing from xwd -root (rectangles " + s.decodedRectangles() + ")").isZero();
    }

    private static long distinctColours(RfbSession s) {
        synchronized (s.framebuffer()) {
            return Arrays.stream(s.framebuffer().pixels()).distinct().count();
        }
    }
}
