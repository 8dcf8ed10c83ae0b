package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * Updates of one rectangle each, every one followed by the BlockBefore fence Xvnc times its round
 * trips with, decode side by side across updates: the screen at every update's end, the final
 * screen and every byte the client answers are what decoding on one thread gives.
 */
@Tag("unit")
class SuccessiveUpdatesSideBySideTest {
    private static final int W = 256, H = 96;
    private static final long BLOCK_BEFORE_REQUEST = 0x80000001L;

    private static Bytes fence(Bytes b, int seq) { return b.u8(248, 0, 0, 0).u32(BLOCK_BEFORE_REQUEST).u8(1).u8(seq); }

    /**
     * A full screen of four bands, then 30 one-strip updates, each with its fence: vertical strips
     * that overlap their neighbours, and every fifth a band across the strips before it.
     */
    private static byte[] stripsAndFences() throws Exception {
        Bytes s = TightJpegSideBySideTest.update(Bytes.of(), 4);
        for (int band = 0; band < 4; band++) TightJpegSideBySideTest.jpegRect(s, 0, band * 24, W, 24, TightJpegSideBySideTest.picture(W, 24, band + 1));
        fence(s, 0);
        for (int i = 1; i <= 30; i++) {
            TightJpegSideBySideTest.update(s, 1);
            if (i % 5 == 0) TightJpegSideBySideTest.jpegRect(s, 0, (i * 7) % (H - 20), W, 20, TightJpegSideBySideTest.picture(W, 20, i + 10));
            else TightJpegSideBySideTest.jpegRect(s, (i * 20) % (W - 32), 0, 32, H, TightJpegSideBySideTest.picture(32, H, i + 10)); // 12 pixels over the last
            fence(s, i);
        }
        return s.toArray();
    }

    /** What a reader with {@code threads} workers showed at each update's end, and what it sent. */
    private record Run(List<int[]> screens, int[] last, byte[] sent) {}

    private static Run run(byte[] stream, int threads) throws Exception {
        Framebuffer fb = new Framebuffer(W, H);
        List<int[]> screens = new ArrayList<>();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        RfbListener listener = new RfbListener() {
            @Override public void updateEnd() { screens.add(fb.copyPixels()); }
        };
        ServerMessageReader r = withThreads(threads, () -> new ServerMessageReader(Bytes.of().bytes(stream).input(),
                new ClientWriter(new DataOutputStream(sent)), fb, PixelFormat.ARGB32_LE, List.of(Encodings.TIGHT), listener));
        try {
            while (true) {
                try {
                    r.readMessage();
                } catch (EOFException end) {
                    break;
                }
            }
            r.finishDecoding();
        } finally {
            r.close();
        }
        return new Run(screens, fb.copyPixels(), sent.toByteArray());
    }

    @Test
    void oneStripUpdatesWithFencesDecodeSideBySideAsOnOneThread() throws Exception {
        byte[] stream = stripsAndFences();
        Run one = run(stream, 0);
        assertThat(one.screens()).as("updates told ended on one thread").hasSize(31);
        for (int threads = 1; threads <= 3; threads++) {
            Run side = assertTimeoutPreemptively(Duration.ofSeconds(20), runOf(stream, threads));
            assertThat(side.screens()).as("updates told ended with " + threads + " workers").hasSize(31);
            assertThat(differing(side.last(), one.last())).as("final pixels differing with " + threads + " workers").isZero();
            assertThat(side.sent()).as("requests and fence answers, in order, with " + threads + " workers").isEqualTo(one.sent());
            for (int k = 0; k < 31; k++) // at an update's end its pixels are in; a later update's may be too, never an earlier one's alone
                assertThat(stale(side.screens().get(k), one.screens(), k)).as("pixels at update " + k + "'s end with " + threads + " workers, older than it").isZero();
        }
    }

    /**
     * A worker held in its copy into the framebuffer (the test holds the framebuffer's lock):
     * the reader reads the fence and the next update without waiting for it, and neither the
     * request nor the fence's answer goes out until the update before them is on the screen.
     */
    @Test
    void aBlockBeforeFenceNeitherHoldsTheReaderNorIsAnsweredEarly() throws Exception {
        Bytes s = TightJpegSideBySideTest.update(Bytes.of(), 1);
        TightJpegSideBySideTest.jpegRect(s, 0, 0, 64, 64, TightJpegSideBySideTest.picture(64, 64, 1));
        fence(s, 7);
        TightJpegSideBySideTest.jpegRect(TightJpegSideBySideTest.update(s, 1), 128, 0, 64, 64, TightJpegSideBySideTest.picture(64, 64, 2));
        fence(s, 8); // more at hand: the reader reads on
        Framebuffer fb = new Framebuffer(W, H);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ServerMessageReader r = withThreads(1, () -> new ServerMessageReader(s.input(), new ClientWriter(new DataOutputStream(sent)),
                fb, PixelFormat.ARGB32_LE, List.of(Encodings.TIGHT), new RfbListener() {}));
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                synchronized (fb) {
                    for (int i = 0; i < 3; i++) r.readMessage(); // update, fence, update
                    assertThat(sent.toByteArray()).as("sent while the first update is not on the screen").isEmpty();
                }
                r.finishDecoding();
            });
        } finally {
            r.close();
        }
        byte[] request = Bytes.of().u8(3, 1).u16(0).u16(0).u16(W).u16(H).toArray();
        assertThat(sent.toByteArray()).isEqualTo(Bytes.of().bytes(request).u8(248, 0, 0, 0).u32(1).u8(1).u8(7).bytes(request).toArray());
        assertThat(fb.pixels()[10 * W + 10]).as("the first picture").isNotZero();
        assertThat(fb.pixels()[10 * W + 140]).as("the second picture").isNotZero();
    }

    private static org.junit.jupiter.api.function.ThrowingSupplier<Run> runOf(byte[] stream, int threads) { return () -> run(stream, threads); }

    private interface Make<T> { T make() throws Exception; }

    private static <T> T withThreads(int threads, Make<T> make) throws Exception {
        synchronized (System.class) { // the property is read when the reader is made
            String before = System.getProperty("rounds.decode.threads");
            System.setProperty("rounds.decode.threads", Integer.toString(threads));
            try {
                return make.make();
            } finally {
                if (before == null) System.clearProperty("rounds.decode.threads");
                else System.setProperty("rounds.decode.threads", before);
            }
        }
    }

    /** Pixels of {@code seen} (the screen at update k's end) that match no one-thread screen from update k on. */
    private static long stale(int[] seen, List<int[]> oneThread, int k) {
        long n = 0;
        for (int p = 0; p < seen.length; p++) {
            boolean ok = false;
            for (int j = k; j < oneThread.size() && !ok; j++) ok = oneThread.get(j)[p] == seen[p];
            if (!ok) n++;
        }
        return n;
    }

    private static long differing(int[] a, int[] b) {
        long n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }
}
