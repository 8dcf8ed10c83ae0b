package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Peers;
import org.rounds.testpeers.XvfbDisplay;

/**
 * A real client (TigerVNC vncviewer, full screen in an Xvfb of the desktop's size) against our
 * server: the Xvfb screen must show our desktop pixel for pixel, also after a change.
 */
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
            double psnr = 0;
            for (int i = 0; i < 60 && psnr < 30; i++) {
                Thread.sleep(250);
                psnr = org.rounds.display.server.Psnr.of(want, rgb(x.screenshot().argb()));
            }
            assertThat(psnr).as("PSNR of vncviewer's screen against our desktop").isGreaterThanOrEqualTo(30.0)
                    .as("not pixel-exact: JPEG was used").isFinite();
        }
    }

    private static void awaitScreenEquals(XvfbDisplay x, TestDesktop desktop) throws Exception {
        int[] want = rgb(desktop.fb.copyPixels()), got = null;
        for (int i = 0; i < 60; i++) {
            got = rgb(x.screenshot().argb());
            if (java.util.Arrays.equals(want, got)) return;
            Thread.sleep(250);
        }
        assertThat(got).as("Xvfb screen showing vncviewer vs our desktop").isEqualTo(want);
    }

    private static int[] rgb(int[] argb) {
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) out[i] = argb[i] & 0xFFFFFF;
        return out;
    }
}
