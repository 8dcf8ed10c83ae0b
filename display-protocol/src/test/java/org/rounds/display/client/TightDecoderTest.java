package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rounds.display.client.Harness.px;
import static org.rounds.display.client.Harness.rgb;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

@Tag("unit")
class TightDecoderTest {
    private static final int R = 0xFF0000, G = 0x00FF00, B = 0x0000FF, W = 0xFFFFFF;
    private Framebuffer fb = new Framebuffer(4, 4);
    private final TightDecoder decoder = new TightDecoder(false);

    private void decode(int x, int y, int w, int h, byte[] data) throws Exception {
        Harness.decode(decoder, fb, Encodings.TIGHT, x, y, w, h, data);
    }

    /** Compact length then the bytes. */
    static Bytes withLength(Bytes b, byte[] data) {
        int n = data.length;
        if (n < 0x80) b.u8(n);
        else if (n < 0x4000) b.u8(n & 0x7F | 0x80, n >>> 7);
        else b.u8(n & 0x7F | 0x80, (n >>> 7) & 0x7F | 0x80, n >>> 14);
        return b.bytes(data);
    }

    static byte[] deflate(Deflater d, byte[] raw) {
        d.setInput(raw);
        byte[] buf = new byte[raw.length * 2 + 64];
        return Arrays.copyOf(buf, d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH));
    }

    /** TPIXELs: R, G, B bytes for the 32-bit depth-24 format. */
    static Bytes rgbBytes(Bytes b, int... rgb) {
        for (int c : rgb) b.u8(c >>> 16, (c >>> 8) & 0xFF, c & 0xFF);
        return b;
    }

    @Test
    void fillUsesAThreeByteRgbTpixel() throws Exception {
        decode(1, 1, 2, 2, Bytes.of().u8(0x80).u8(0x12, 0x34, 0x56).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(0, 0, 0, 0, 0, 0x123456, 0x123456, 0);
    }

    @Test
    void fillUsesAWholePixelInOtherFormats() throws Exception {
        PixelFormat rgb565 = new PixelFormat(16, 16, false, true, 31, 63, 31, 11, 5, 0);
        Harness.decode(decoder, fb, rgb565, Encodings.TIGHT, 0, 0, 1, 1, Bytes.of().u8(0x80).u8(0x00, 0xF8).toArray());
        assertThat(px(fb, 0, 0)).isEqualTo(0xFFFF0000);
    }

    @Test
    void basicCopyUnder12BytesIsSentUncompressed() throws Exception {
        decode(0, 0, 3, 1, rgbBytes(Bytes.of().u8(0x00), R, G, B).toArray());
        assertThat(rgb(fb, 0, 0, 3, 1)).containsExactly(R, G, B);
    }

    @Test
    void basicCopyOf12BytesIsZlibCompressed() throws Exception {
        byte[] raw = rgbBytes(Bytes.of(), R, G, B, W).toArray();
        decode(0, 0, 2, 2, withLength(Bytes.of().u8(0x00), deflate(new Deflater(), raw)).toArray());
        assertThat(rgb(fb, 0, 0, 2, 2)).containsExactly(R, G, B, W);
    }

    @Test
    void twoColourPalettePacksOneBitPerPixelRowsPadded() throws Exception {
        // explicit filter (0x40), palette filter, 2 colours, 3x2 -> 2 bytes (uncompressed)
        byte[] data = rgbBytes(Bytes.of().u8(0x40, 1, 1), R, B).u8(0b1010_0000, 0b0110_0000).toArray();
        decode(0, 0, 3, 2, data);
        assertThat(rgb(fb, 0, 0, 3, 2)).containsExactly(B, R, B, R, B, B);
    }

    @Test
    void widerPaletteUsesOneByteIndicesOnItsStream() throws Exception {
        byte[] indices = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 2, 2, 2, 2};
        byte[] data = withLength(rgbBytes(Bytes.of().u8(0x50, 1, 2), R, G, B), deflate(new Deflater(), indices)).toArray(); // stream 1
        decode(0, 0, 4, 4, data);
        assertThat(rgb(fb, 0, 0, 4, 4)).containsExactly(R, G, B, R, G, B, R, G, B, R, G, B, B, B, B, B);
    }

    @Test
    void gradientFilterPredictsLeftPlusAboveMinusAboveLeftClamped() throws Exception {
        // red channel 10 30 / 50 100; green 200 250 / 250 10 (prediction 300 clamps to 255); blue 0
        byte[] diffs = {10, (byte) 200, 0, 20, 50, 0, 40, 50, 0, 30, 11, 0};
        byte[] data = withLength(Bytes.of().u8(0x40, 2), deflate(new Deflater(), diffs)).toArray();
        decode(0, 0, 2, 2, data);
        assertThat(rgb(fb, 0, 0, 2, 2)).containsExactly(0x0AC800, 0x1EFA00, 0x32FA00, 0x640A00);
    }

    @Test
    void fourStreamsKeepTheirOwnStateAndResetBitsRestartThem() throws Exception {
        Deflater s0 = new Deflater(), s2 = new Deflater();
        byte[] red = rgbBytes(Bytes.of(), R, R, R, R).toArray(), green = rgbBytes(Bytes.of(), G, G, G, G).toArray();
        decode(0, 0, 2, 2, withLength(Bytes.of().u8(0x00), deflate(s0, red)).toArray());
        decode(2, 0, 2, 2, withLength(Bytes.of().u8(0x20), deflate(s2, green)).toArray());
        decode(0, 2, 2, 2, withLength(Bytes.of().u8(0x00), deflate(s0, green)).toArray()); // continues stream 0
        // A fresh deflater on stream 2 only works because bit 2 resets that stream first.
        decode(2, 2, 2, 2, withLength(Bytes.of().u8(0x24), deflate(new Deflater(), red)).toArray());
        assertThat(rgb(fb, 0, 0, 4, 4)).containsExactly(R, R, G, G, R, R, G, G, G, G, R, R, G, G, R, R);
    }

    @Test
    void withoutTheResetBitAFreshStreamIsCorrupt() throws Exception {
        byte[] red = rgbBytes(Bytes.of(), R, R, R, R).toArray();
        decode(0, 0, 2, 2, withLength(Bytes.of().u8(0x00), deflate(new Deflater(), red)).toArray());
        byte[] again = withLength(Bytes.of().u8(0x00), deflate(new Deflater(), red)).toArray();
        assertThatThrownBy(() -> decode(0, 0, 2, 2, again)).isInstanceOf(RfbProtocolException.class).hasMessageContaining("corrupt zlib");
    }

    @Test
    void compactLengthsOfTwoAndThreeBytes() throws Exception {
        Rect r = new Rect(0, 0, 1, 1, Encodings.TIGHT, 0);
        assertThat(TightDecoder.compactLength(RectBytes.over(r, new byte[] {(byte) 0x90, 0x4E}))).isEqualTo(10000);
        assertThat(TightDecoder.compactLength(RectBytes.over(r, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))).isEqualTo(4194303);
        // A 20000-byte uncompressed-looking length prefix round trip: 20000 = 0x4E20
        assertThat(TightDecoder.compactLength(RectBytes.over(r, new byte[] {(byte) 0xA0, (byte) 0x9C, 0x01}))).isEqualTo(20000);
    }

    @Test
    void jpegIsDecodedWithImageIo() throws Exception {
        decode(0, 0, 4, 4, withLength(Bytes.of().u8(0x90), image("jpg", 4, 4, 0x3366CC)).toArray());
        int p = px(fb, 2, 2);
        assertThat(Math.abs(((p >> 16) & 0xFF) - 0x33)).isLessThan(6);
        assertThat(Math.abs(((p >> 8) & 0xFF) - 0x66)).isLessThan(6);
        assertThat(Math.abs((p & 0xFF) - 0xCC)).isLessThan(6);
    }

    @Test
    void jpegOfTheWrongSizeIsRefused() throws Exception {
        byte[] data = withLength(Bytes.of().u8(0x90), image("jpg", 8, 8, 0)).toArray();
        assertThatThrownBy(() -> decode(0, 0, 4, 4, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("JPEG image is 8x8");
    }

    @Test
    void garbageJpegIsProtocolError() {
        byte[] data = withLength(Bytes.of().u8(0x90), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}).toArray();
        assertThatThrownBy(() -> decode(0, 0, 4, 4, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("unreadable JPEG");
    }

    @Test
    void tightPngDecodesPngExactlyAndRefusesBasic() throws Exception {
        TightDecoder png = new TightDecoder(true);
        Harness.decode(png, fb, Encodings.TIGHT_PNG, 0, 0, 2, 2, withLength(Bytes.of().u8(0xA0), image("png", 2, 2, 0x102030)).toArray());
        assertThat(rgb(fb, 0, 0, 2, 2)).containsOnly(0x102030);
        Harness.decode(png, fb, Encodings.TIGHT_PNG, 0, 0, 1, 1, Bytes.of().u8(0x80).u8(1, 2, 3).toArray());
        assertThat(px(fb, 0, 0)).isEqualTo(0xFF010203);
        assertThatThrownBy(() -> Harness.decode(png, fb, Encodings.TIGHT_PNG, 0, 0, 1, 1, Bytes.of().u8(0x00, 1, 2, 3).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("tightpng").hasMessageContaining("compression type 0");
    }

    @Test
    void pngIsNotPlainTight() {
        assertThatThrownBy(() -> decode(0, 0, 1, 1, Bytes.of().u8(0xA0, 0).toArray())).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("compression type 10");
    }

    @Test
    void paletteIndexBeyondThePaletteIsRefused() {
        byte[] data = rgbBytes(Bytes.of().u8(0x40, 1, 2), R, G, B).u8(0, 3).toArray(); // 2x1, 3 colours, index 3
        assertThatThrownBy(() -> decode(0, 0, 2, 1, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("index 3 beyond palette of 3");
    }

    @Test
    void unknownFilterIsRefused() {
        assertThatThrownBy(() -> decode(0, 0, 1, 1, Bytes.of().u8(0x40, 7).toArray())).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("unknown filter 7");
    }

    @Test
    void zlibLengthBeyondWhatTheDataNeedsIsRefusedBeforeReading() {
        byte[] data = Bytes.of().u8(0x00).u8(0xFF, 0xFF, 0xFF).toArray(); // 4 MB for a 2x2 rectangle
        assertThatThrownBy(() -> decode(0, 0, 2, 2, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("zlib length 4194303");
    }

    private static byte[] image(String format, int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }
}
