package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * Tight/JPEG rectangles decoded side by side (the reader and workers, across updates while the
 * next one's bytes are at hand) give the pixels decoding them one at a time gives, and a hostile
 * JPEG rectangle among them is one line, never a hang or a crash.
 */
@Tag("unit")
class TightJpegSideBySideTest {
    private static final int W = 256, H = 96;

    /** RFB 3.8, None, a W x H screen in the client's usual pixel format. */
    static Bytes handshake() throws Exception {
        ByteArrayOutputStream pf = new ByteArrayOutputStream();
        PixelFormat.ARGB32_LE.write(new DataOutputStream(pf));
        byte[] name = "ward".getBytes(StandardCharsets.US_ASCII);
        return Bytes.of().bytes("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)).u8(1, 1).u32(0)
                .u16(W).u16(H).bytes(pf.toByteArray()).u32(name.length).bytes(name);
    }

    static Bytes update(Bytes b, int rectangles) { return b.u8(0, 0).u16(rectangles); }

    /** A Tight JPEG rectangle: its header, the control byte 0x90, the compact length, the image. */
    static Bytes jpegRect(Bytes b, int x, int y, int w, int h, byte[] jpeg) {
        b.u16(x).u16(y).u16(w).u16(h).u32(Encodings.TIGHT).u8(0x90);
        return TightDecoderTest.withLength(b, jpeg);
    }

    /** A detailed picture (so a wrong order or a torn copy shows), different for every seed. */
    static byte[] picture(int w, int h, int seed) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                img.setRGB(x, y, ((x * 7 + seed * 40) & 0xFF) << 16 | ((y * 11 + seed * 90) & 0xFF) << 8 | ((x ^ y) * seed & 0xFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    /**
     * Full-screen updates of four bands, then updates of one narrow strip each (the shape of a
     * slideshow's), then the same bands again with other pictures: a later update paints over an
     * earlier one, so a rectangle decoded before the one it covers would show.
     */
    private static byte[] slideshow() throws Exception {
        Bytes s = handshake();
        for (int round = 1; round <= 3; round++) {
            update(s, 4);
            for (int band = 0; band < 4; band++) jpegRect(s, 0, band * 24, W, 24, picture(W, 24, round * 4 + band));
            for (int strip = 0; strip < 8; strip++) jpegRect(update(s, 1), strip * 32, 0, 16, H, picture(16, H, round * 8 + strip));
        }
        return s.toArray();
    }

    @Test
    void aMultiRectangleJpegUpdateDecodedSideBySideEqualsOneAtATime() throws Exception {
        byte[] stream = slideshow();
        AtomicInteger ends = new AtomicInteger();
        RfbListener counting = new RfbListener() {
            @Override public void updateEnd() { ends.incrementAndGet(); }
        };
        int[] oneAtATime = replay(stream, 0, counting).framebuffer().copyPixels();
        assertThat(ends).as("updates told ended, one at a time").hasValue(27);
        for (int threads : new int[] {1, 2, 3}) {
            ends.set(0);
            RfbReplay.Result side = replay(stream, threads, counting);
            assertThat(ends).as("updates told ended with " + threads + " workers").hasValue(27);
            assertThat(side.updates()).isEqualTo(27);
            assertThat(differing(side.framebuffer().copyPixels(), oneAtATime)).as("pixels differing with " + threads + " workers").isZero();
        }
        assertThat(oneAtATime).as("the last pictures are on the screen").doesNotContain(0);
    }

    @Test
    void aCorruptJpegAmongOthersIsOneLineNamingItsRectangle() throws Exception {
        byte[] garbage = picture(W, 24, 2);
        for (int i = 700; i < garbage.length - 2; i += 3) garbage[i] = (byte) 0xFF; // markers where the scan belongs
        garbage[garbage.length - 700] = (byte) 0xC0; // and a second frame header in the middle of it
        Bytes s = update(handshake(), 4);
        jpegRect(s, 0, 0, W, 24, picture(W, 24, 1));
        jpegRect(s, 0, 24, W, 24, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5, 6}); // no frame header at all
        jpegRect(s, 0, 48, W, 24, garbage);
        jpegRect(s, 0, 72, W, 24, picture(W, 24, 3));
        for (int threads : new int[] {0, 2}) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> replay(s.toArray(), threads, new RfbListener() {}))
                    .isInstanceOf(RfbProtocolException.class)
                    .hasMessageContaining("rectangle 0,24 256x24: unreadable JPEG image")
                    .hasMessageNotContaining("\n"));
        }
    }

    /** Read on while a worker decodes, the bytes after a corrupt image may be wrong too: the image failed first, and is named. */
    @Test
    void aCorruptJpegIsBlamedNotTheBytesReadAfterIt() throws Exception {
        Bytes s = update(handshake(), 2);
        jpegRect(s, 0, 0, W, 24, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5, 6});
        s.u16(5000).u16(0).u16(16).u16(16).u32(Encodings.RAW); // a rectangle header outside the screen
        for (int threads : new int[] {0, 2}) {
            assertThatThrownBy(() -> replay(s.toArray(), threads, new RfbListener() {}))
                    .isInstanceOf(RfbProtocolException.class)
                    .hasMessageContaining("rectangle 0,0 256x24: unreadable JPEG image")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aJpegOfAnotherSizeIsOneLine() throws Exception {
        Bytes s = update(handshake(), 2);
        jpegRect(s, 0, 0, W, 24, picture(W, 24, 1));
        jpegRect(s, 0, 24, W, 24, picture(W, 72, 2)); // says 256x24, holds 256x72: never written past its rectangle
        for (int threads : new int[] {0, 2}) {
            assertThatThrownBy(() -> replay(s.toArray(), threads, new RfbListener() {}))
                    .isInstanceOf(RfbProtocolException.class)
                    .hasMessageContaining("JPEG image is 256x72, not the rectangle's size")
                    .hasMessageNotContaining("\n");
        }
    }

    /** A JPEG cut short (its length says less than the image): what libjpeg reads is painted, then the rest is not a rectangle. */
    @Test
    void aLengthShorterThanItsImageIsOneLineAndNoHang() throws Exception {
        byte[] whole = picture(W, 24, 5);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        Bytes s = update(handshake(), 2);
        jpegRect(s, 0, 0, W, 24, cut);
        s.bytes(java.util.Arrays.copyOfRange(whole, whole.length / 2, whole.length)); // the rest, read as the next rectangle's header
        jpegRect(s, 0, 24, W, 24, picture(W, 24, 6));
        for (int threads : new int[] {0, 2}) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> replay(s.toArray(), threads, new RfbListener() {}))
                    .isInstanceOf(RfbProtocolException.class)
                    .hasMessageNotContaining("\n"));
        }
    }

    /** A length longer than the stream (a recording cut there, or a lie): played as a cut recording, its whole rectangles painted. */
    @Test
    void aLengthPastTheEndReplaysAsTruncated() throws Exception {
        Bytes s = update(handshake(), 2);
        jpegRect(s, 0, 0, W, 24, picture(W, 24, 7));
        s.u16(0).u16(24).u16(W).u16(24).u32(Encodings.TIGHT).u8(0x90).u8(0xFF, 0xFF, 0xFF).bytes(picture(W, 24, 8)); // 4 MiB claimed
        for (int threads : new int[] {0, 2}) {
            RfbReplay.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> replay(s.toArray(), threads, new RfbListener() {}));
            assertThat(r.truncated()).isTrue();
            assertThat(r.framebuffer().copyPixels()[10 * W + 10]).as("the first rectangle was painted").isNotZero();
        }
    }

    private static RfbReplay.Result replay(byte[] stream, int threads, RfbListener listener) throws Exception {
        synchronized (System.class) { // the property is read when the replay starts
            String before = System.getProperty("rounds.decode.threads");
            System.setProperty("rounds.decode.threads", Integer.toString(threads));
            try {
                return RfbReplay.play(new ByteArrayInputStream(stream), listener);
            } finally {
                if (before == null) System.clearProperty("rounds.decode.threads");
                else System.setProperty("rounds.decode.threads", before);
            }
        }
    }

    private static long differing(int[] a, int[] b) {
        long n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }
}
