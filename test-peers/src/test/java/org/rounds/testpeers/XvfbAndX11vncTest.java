package org.rounds.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("peer")
class XvfbAndX11vncTest {

    @Test
    void x11vncExportsAnXvfbDisplayOverRfb() throws IOException {
        try (XvfbDisplay display = XvfbDisplay.start(200, 100);
             X11vnc vnc = X11vnc.start(display);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), vnc.port())) {
            s.setSoTimeout(10_000);
            byte[] version = s.getInputStream().readNBytes(12);
            assertThat(new String(version, StandardCharsets.US_ASCII)).startsWith("RFB 003.00");
        }
    }

    @Test
    void xvfbScreenshotShowsWhatXsetrootPainted() {
        Peers.require("xsetroot", "x11-xserver-utils");
        try (XvfbDisplay display = XvfbDisplay.start(64, 32)) {
            display.run("xsetroot", "-solid", "#00ff7f");
            Screenshot shot = display.screenshot();
            assertThat(shot.width()).isEqualTo(64);
            assertThat(shot.rgb(10, 10)).isEqualTo(0x00ff7f);
        }
    }

    @Test
    @ExtendWith(RealPeers.class)
    void extensionGivesAnX11vncWithItsOwnDisplay(X11vnc vnc) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), vnc.port())) {
            s.setSoTimeout(10_000);
            assertThat(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).startsWith("RFB 003.");
        }
    }
}
