package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbReplay;
import org.rounds.display.fbs.FbsReader;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Peers;
import org.rounds.testpeers.XvfbDisplay;
import org.rounds.testpeers.XvncServer;

/**
 * Issue 19's proof: a session of TigerVNC's own viewer (under Xvfb, full screen) with Xvnc
 * showing a picture, then a scrolling xterm over it, recorded by {@link RecordingProxy}, replays through
 * {@link RfbReplay} to exactly what Xvnc shows; cut anywhere, it replays as truncated. The
 * recording holds what vncviewer asked for: VMware cursor position (the pointer is warped on
 * Xvnc's display) and CursorWithAlpha, which Xvnc sends in preference to the VMware cursor.
 *
 * <p>With {@code -Drounds.recordings.update=true} the recordings and Xvnc's last screen are
 * also written to src/test/resources/recordings (record.sh does that).
 */
@Tag("peer")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class VncViewerRecordingTest {
    private static final int W = 400, H = 300;
    /**
     * VMware cursor and cursor position, which vncviewer 1.12 lists (CConnection::updateEncodings) and no
     * Rounds client asked for before. (Its LED states it lists only with a keyboard whose LEDs it can read,
     * which Xvfb's is not.)
     */
    private static final int[] VMWARE = {0x574D5664, 0x574D5666};

    @ParameterizedTest
    @ValueSource(strings = {"Tight", "ZRLE"})
    void vncviewersRecordingReplaysToXvncsScreen(String encoding) throws Exception {
        Peers.require("vncviewer", "tigervnc-viewer");
        Peers.require("xsetroot", "x11-xserver-utils");
        String name = "vncviewer-" + encoding.toLowerCase() + "-xterm";
        Path fbs = Path.of("target", "recordings", name + ".fbs");
        int[] truth;
        byte[] asked;
        try (XvncServer x = XvncServer.start(W, H);
             RecordingProxy proxy = RecordingProxy.to(x.port());
             XvfbDisplay viewer = XvfbDisplay.start(W, H)) {
            x.run("xsetroot", "-solid", "#2a5d8f"); // not black, so a viewer that has not drawn yet differs
            // JPEG off, so that the replay can be compared with Xvnc's screen pixel for pixel.
            viewer.exec("vncviewer", "-FullScreen", "-AutoSelect=0", "-PreferredEncoding=" + encoding, "-FullColor", "-NoJPEG",
                    "127.0.0.1::" + proxy.port());
            awaitViewerShows(x, viewer);
            Screens.showPicture(x, W, H); // gradients and a checkerboard: pixels that take more than a palette
            awaitViewerShows(x, viewer);
            Process term = Screens.scrollingTerminal(x, name);
            // Over the xterm the pointer is an I-beam (a cursor shape), and a warp is sent as VMware cursor position.
            long before = proxy.serverBytes().length;
            Screens.warpPointer(x, 60, 170);
            Await.until(Duration.ofSeconds(10), "Xvnc to send the warped pointer's position",
                    () -> indexOf(proxy.serverBytes(), be(VMWARE[1]), (int) before) >= 0);
            // Xvnc draws its pointer into the pixels of a viewer whose own pointer is elsewhere (xwd shows none), as
            // it now is: back to where the viewer's pointer is (vncviewer's screen centre, which it told when it
            // started), Xvnc draws none. The viewer does not follow a warp while another window has the focus.
            Screens.warpPointer(x, W / 2, H / 2);
            // From here the viewer's screen is no measure: Xvfb draws the viewer's pointer into it. The recording
            // is: until what vncviewer was sent replays to Xvnc's screen (or the deadline says it never does).
            int[][] last = {null};
            int[] differing = {-1};
            Await.until(Duration.ofSeconds(20), () -> "the recording to replay to Xvnc's screen (" + differing[0] + " pixels differ)", () -> {
                last[0] = Screens.rgb(x.screenshot().argb());
                byte[] sofar = proxy.serverBytes();
                int[] replayed = Screens.rgb(RfbReplay.play(new java.io.ByteArrayInputStream(sofar), new RfbListener() {}).framebuffer().copyPixels());
                differing[0] = Screens.differing(replayed, last[0]);
                return differing[0] == 0;
            });
            truth = last[0];
            asked = proxy.clientBytes();
            proxy.writeFbs(fbs);
            term.destroy();
        }
        for (int e : VMWARE) assertThat(indexOf(asked, be(e), 0)).as("vncviewer listed 0x%08X", e).isNotNegative();

        byte[] stream = serverStream(Files.readAllBytes(fbs));
        RfbReplay.Result r = RfbReplay.play(new java.io.ByteArrayInputStream(stream), new RfbListener() {});
        System.out.printf("%s: %d bytes, %d updates, %s%n", name, stream.length, r.updates(), r.stats().byEncoding().keySet());
        assertThat(r.truncated()).isFalse();
        assertThat(Screens.differing(Screens.rgb(r.framebuffer().copyPixels()), truth)).as("pixels differing from Xvnc's screen").isZero();
        assertThat(r.stats().byEncoding()).containsKeys(encoding.toLowerCase(), "vmware-cursor-position", "cursorwithalpha");

        // Cut anywhere after the handshake: a truncated replay, which the stream up to its last whole message matches.
        byte[] file = Files.readAllBytes(fbs);
        for (double at : new double[] {0.37, 0.61, 0.9}) {
            byte[] cut = Arrays.copyOf(file, (int) (file.length * at));
            byte[] cutStream = serverStream(cut);
            RfbReplay.Result c = RfbReplay.play(new java.io.ByteArrayInputStream(cutStream), new RfbListener() {});
            assertThat(c.truncated() || c.bytesLeftOver() == 0).isTrue();
            RfbReplay.Result whole = RfbReplay.play(new java.io.ByteArrayInputStream(Arrays.copyOf(cutStream, (int) (cutStream.length - c.bytesLeftOver()))), new RfbListener() {});
            assertThat(whole.truncated()).as("the cut stream without its left-over bytes").isFalse();
            assertThat(whole.updates()).isEqualTo(c.updates());
            System.out.printf("%s cut at %d of %d file bytes: truncated %s, %d bytes left over, %d updates%n",
                    name, cut.length, file.length, c.truncated(), c.bytesLeftOver(), c.updates());
        }
        if (Boolean.getBoolean("rounds.recordings.update")) keep(name, fbs, truth);
    }

    /** Until vncviewer's full-screen window (the whole Xvfb screen) shows exactly Xvnc's screen. */
    private static void awaitViewerShows(XvncServer x, XvfbDisplay viewer) {
        int[] differing = {-1};
        Await.until(Duration.ofSeconds(20), () -> "vncviewer to show Xvnc's screen (" + differing[0] + " pixels differ)", () -> {
            differing[0] = Screens.differing(Screens.rgb(x.screenshot().argb()), Screens.rgb(viewer.screenshot().argb()));
            return differing[0] == 0;
        });
    }

    private static byte[] serverStream(byte[] fbsFile) throws Exception {
        try (InputStream in = FbsReader.open(new java.io.ByteArrayInputStream(fbsFile))) {
            return in.readAllBytes();
        }
    }

    private static byte[] be(int v) { return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}; }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Into src/test/resources/recordings: the recording and Xvnc's last screen as a PNG. */
    private static void keep(String name, Path fbs, int[] rgb) throws Exception {
        Path dir = Path.of("src", "test", "resources", "recordings");
        Files.copy(fbs, dir.resolve(name + ".fbs"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, W, H, rgb, 0, W);
        ImageIO.write(img, "png", dir.resolve(name + ".png").toFile());
    }
}
