package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rounds.display.client.DecodeStats;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbReplay;

/**
 * Replays sessions recorded from real servers (TigerVNC Xvnc, x11vnc) and compares the last
 * frame with the server's own screen at the end of the recording: pixel for pixel for the
 * lossless encodings, at least 30 dB PSNR for Tight with JPEG.
 */
@Tag("unit")
class RecordingsTest {
    static java.util.List<Recordings.Recording> recordings() { return Recordings.ALL; }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void lastFrameIsTheServersScreen(Recordings.Recording rec) throws Exception {
        RfbReplay.Result r = RfbReplay.play(new ByteArrayInputStream(Recordings.stream(rec.name())), new RfbListener() {});
        int w = r.framebuffer().width(), h = r.framebuffer().height();
        int[] truth = Screens.rgb(Recordings.screen(rec.name(), w, h));
        int[] mine = Screens.rgb(r.framebuffer().copyPixels());
        saveForInspection(rec.name(), r.framebuffer());
        Map<String, DecodeStats.Entry> by = r.stats().byEncoding();
        String dominant = by.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue().bytes())).orElseThrow().getKey();
        assertThat(dominant).as("encoding carrying most bytes, of " + by).isEqualTo(rec.dominantEncoding());
        assertThat(r.updates()).as("updates").isGreaterThan(10);
        if (rec.lossless()) {
            assertThat(Screens.differing(mine, truth)).as("pixels differing from the server's screen").isZero();
        } else {
            assertThat(Screens.psnr(mine, truth)).as("PSNR in dB").isGreaterThanOrEqualTo(30.0);
        }
    }

    /**
     * With one decoding worker beside the reading thread (the default on 2 CPUs) and two (forced
     * here): the same pixels as decoding on the reading thread alone, JPEG rectangles decoded side
     * by side (across updates too) and CopyRect kept in order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void decodingWorkersGiveTheSamePixelsAsInline(Recordings.Recording rec) throws Exception {
        byte[] stream = Recordings.stream(rec.name());
        int[] inline = withDecodeThreads(0, () -> RfbReplay.play(new ByteArrayInputStream(stream), new RfbListener() {}));
        int[] pipeline = withDecodeThreads(1, () -> RfbReplay.play(new ByteArrayInputStream(stream), new RfbListener() {}));
        int[] parallel = withDecodeThreads(2, () -> RfbReplay.play(new ByteArrayInputStream(stream), new RfbListener() {}));
        assertThat(Screens.differing(pipeline, inline)).as("pixels differing between one worker and inline").isZero();
        assertThat(Screens.differing(parallel, inline)).as("pixels differing between 2 workers and inline").isZero();
    }

    private interface Replay { RfbReplay.Result run() throws Exception; }

    private static synchronized int[] withDecodeThreads(int n, Replay replay) throws Exception {
        String before = System.getProperty("rounds.decode.threads");
        System.setProperty("rounds.decode.threads", Integer.toString(n));
        try {
            return replay.run().framebuffer().copyPixels();
        } finally {
            if (before == null) System.clearProperty("rounds.decode.threads");
            else System.setProperty("rounds.decode.threads", before);
        }
    }

    /** target/recordings/NAME-replayed.png, to look at beside the server's screen when a comparison fails. */
    private static void saveForInspection(String name, org.rounds.display.Framebuffer fb) throws java.io.IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(fb.width(), fb.height(), java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, fb.width(), fb.height(), fb.pixels(), 0, fb.width());
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "recordings"));
        javax.imageio.ImageIO.write(img, "png", dir.resolve(name + "-replayed.png").toFile());
    }
}
