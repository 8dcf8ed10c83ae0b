package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Peers;
import org.rounds.testpeers.XvfbDisplay;

/**
 * A real client (TigerVNC vncviewer, full screen in an Xvfb of the desktop's size) against our
 * server: the Xvfb screen must show our desktop pixel for pixel, also after a change.
 */
@Tag("peer")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TigerVncViewerInteropTest {

    @ParameterizedTest
    @ValueSource(strings = {"ZRLE", "Tight", "Hextile", "Raw"})
    void vncviewerShowsOurDesktopExactly(String encoding) throws Exception {
        Peers.require("vncviewer", "tigervnc-viewer");
        TestDesktop desktop = new TestDesktop(320, 240);
        try (RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .source(desktop).security(ServerSecurity.none()).build();
             XvfbDisplay x = XvfbDisplay.start(320, 240)) {
            server.start();
            x.exec("vncviewer", "-FullScreen", "-AutoSelect=0", "-PreferredEncoding=" + encoding,
                    "-FullColor", "-NoJPEG", "127.0.0.1::" + server.port());
            awaitScreenEquals(x, desktop);
            desktop.paint(10, 100, 200, 50, 0xFF20C040);
            awaitScreenEquals(x, desktop);
        }
    }

    /** With JPEG allowed (quality 8), a photo-like desktop reaches TigerVNC's viewer within 30 dB PSNR. */
    @org.junit.jupiter.api.Test
    void vncviewerWithTightJpegShowsOurDesktop() throws Exception {
        Peers.require("vncviewer", "tigervnc-viewer");
        TestDesktop desktop = new TestDesktop(320, 240);
        desktop.photo();
        try (RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0)
                .source(desktop).security(ServerSecurity.none()).build();
             XvfbDisplay x = XvfbDisplay.start(320, 240)) {
            server.start();
            x.exec("vncviewer", "-FullScreen", "-AutoSelect=0", "-PreferredEncoding=Tight", "-QualityLevel=8",
                    "-FullColor", "127.0.0.1::" + server.port());
            int[] want = rgb(desktop.fb.copyPixels());
            double[] psnr = {0};
            Await.until(Duration.ofSeconds(20), () -> "vncviewer's screen within 30 dB PSNR of our desktop (last " + psnr[0] + " dB)", () -> {
                psnr[0] = org.rounds.display.server.Psnr.of(want, rgb(x.screenshot().argb()));
                return psnr[0] >= 30;
            });
            assertThat(psnr[0]).as("not pixel-exact: JPEG was used").isFinite();
        }
    }

    private static void awaitScreenEquals(XvfbDisplay x, TestDesktop desktop) {
        int[] want = rgb(desktop.fb.copyPixels());
        int[] differing = {-1};
        Await.until(Duration.ofSeconds(20), () -> "the Xvfb screen showing vncviewer to equal our desktop ("
                + differing[0] + " pixels differ)", () -> {
            differing[0] = Screens.differing(want, rgb(x.screenshot().argb()));
            return differing[0] == 0;
        });
    }

    private static int[] rgb(int[] argb) {
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) out[i] = argb[i] & 0xFFFFFF;
        return out;
    }
}
