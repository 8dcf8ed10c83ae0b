package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;

@Tag("unit")
class JpegDecoderTest {
    private final Framebuffer fb = new Framebuffer(16, 16);
    private final JpegDecoder decoder = new JpegDecoder();

    private void decode(int x, int y, int w, int h, byte[] data) throws Exception {
        Harness.decode(decoder, fb, Encodings.JPEG, x, y, w, h, data);
    }

    @Test
    void bareJpegFileEndsAtEoi() throws Exception {
        byte[] jpeg = jpeg(8, 8, 0x20C040);
        decode(8, 8, 8, 8, jpeg); // Harness checks the decoder read exactly the file
        assertNear(Harness.px(fb, 12, 12), 0x20C040);
        assertThat(Harness.px(fb, 0, 0)).isZero();
    }

    @Test
    void noisyImageWithStuffedBytesIsReadToItsEnd() throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        java.util.Random rnd = new java.util.Random(3);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, rnd.nextInt(0x1000000));
        byte[] jpeg = write(img);
        decode(0, 0, 16, 16, jpeg);
        assertThat(fb.isBlank()).isFalse();
    }

    @Test
    void tablesLeftOutMeanThePreviousImages() throws Exception {
        decode(0, 0, 8, 8, jpeg(8, 8, 0xFF0000));
        byte[] bare = withoutTables(jpeg(8, 8, 0x0000FF));
        assertThat(bare.length).isLessThan(jpeg(8, 8, 0x0000FF).length - 200);
        decode(8, 0, 8, 8, bare);
        assertNear(Harness.px(fb, 12, 4), 0x0000FF);
    }

    @Test
    void tablesLeftOutOfTheFirstImageAreAnError() throws Exception {
        byte[] bare = withoutTables(jpeg(8, 8, 0x0000FF));
        assertThatThrownBy(() -> decode(0, 0, 8, 8, bare)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("unreadable JPEG");
    }

    @Test
    void notAMarkerIsRefused() {
        assertThatThrownBy(() -> decode(0, 0, 8, 8, new byte[] {0x12, 0x34})).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("jpeg").hasMessageContaining("where a JPEG marker belongs");
    }

    @Test
    void truncatedImageIsProtocolError() {
        byte[] data = Bytes.of().u8(0xFF, 0xD8, 0xFF, 0xDA).u16(2).bytes(new byte[600]).toArray();
        assertThatThrownBy(() -> Harness.decode(new JpegDecoder(), new Framebuffer(1, 1), Encodings.JPEG, 0, 0, 1, 1, data))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("ends mid-message");
    }

    @Test
    void entropyDataPastWhatTheRectangleCanNeedIsRefused() {
        byte[] data = Bytes.of().u8(0xFF, 0xD8, 0xFF, 0xDA).u16(2).bytes(new byte[70_000]).toArray();
        assertThatThrownBy(() -> Harness.decode(new JpegDecoder(), new Framebuffer(1, 1), Encodings.JPEG, 0, 0, 1, 1, data))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("runs past the 65544 bytes");
    }

    private static void assertNear(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8)
            assertThat(Math.abs(((argb >>> shift) & 0xFF) - ((rgb >>> shift) & 0xFF))).isLessThan(8);
    }

    private static byte[] jpeg(int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        return write(img);
    }

    private static byte[] write(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "jpg", out)).isTrue();
        return out.toByteArray();
    }

    /** Drops the DQT and DHT segments (before SOS), as RealVNC does once the client has them. */
    private static byte[] withoutTables(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int i = 2;
        while (true) {
            int type = jpeg[i + 1] & 0xFF, len = (jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF;
            if (type == 0xDA) {
                out.write(jpeg, i, jpeg.length - i);
                return out.toByteArray();
            }
            if (type != 0xDB && type != 0xC4) out.write(jpeg, i, 2 + len);
            i += 2 + len;
        }
    }
}
