package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rounds.display.client.Bytes.argb;

import java.util.zip.Deflater;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

@Tag("unit")
class ZrleDecoderTest {
    private static final int R = 0xFF0000, G = 0x00FF00, B = 0x0000FF, W = 0xFFFFFF, K = 0x000000;
    private final PixelFormat pf = PixelFormat.ARGB32_LE;
    private final ZrleDecoder decoder = new ZrleDecoder();
    private final Framebuffer fb = new Framebuffer(8, 4);

    private void decode(int x, int y, int w, int h, byte[] data) throws Exception {
        Rect r = new Rect(x, y, w, h, Encodings.ZRLE, 0);
        decoder.decodeRect(r, decoder.readRect(r, Bytes.of().bytes(data).input(), pf), pf, fb);
    }

    private int px(int x, int y) { return fb.pixels()[y * fb.width() + x]; }

    @Test
    void rawTile() throws Exception {
        decode(1, 1, 2, 2, Bytes.of().u8(0).cpixel(R).cpixel(G).cpixel(B).cpixel(0x123456).zrle());
        assertThat(new int[] {px(1, 1), px(2, 1), px(1, 2), px(2, 2)})
                .containsExactly(argb(R), argb(G), argb(B), argb(0x123456));
        assertThat(px(0, 0)).isZero();
        assertThat(px(3, 1)).isZero();
    }

    @Test
    void solidTile() throws Exception {
        decode(0, 0, 8, 4, Bytes.of().u8(1).cpixel(0x336699).zrle());
        for (int p : fb.pixels()) assertThat(p).isEqualTo(argb(0x336699));
    }

    @Test
    void packedPaletteOfTwoUsesOneBitPerPixelRowsPadded() throws Exception {
        // 3 pixels a row: bits 1,0,1 then padding; second row 0,1,0.
        decode(0, 0, 3, 2, Bytes.of().u8(2).cpixel(R).cpixel(G).u8(0b1010_0000, 0b0100_0000).zrle());
        assertThat(new int[] {px(0, 0), px(1, 0), px(2, 0), px(0, 1), px(1, 1), px(2, 1)})
                .containsExactly(argb(G), argb(R), argb(G), argb(R), argb(G), argb(R));
    }

    @Test
    void packedPaletteOfFourUsesTwoBits() throws Exception {
        decode(0, 0, 4, 1, Bytes.of().u8(4).cpixel(R).cpixel(G).cpixel(B).cpixel(W).u8(0b11_10_01_00).zrle());
        assertThat(new int[] {px(0, 0), px(1, 0), px(2, 0), px(3, 0)}).containsExactly(argb(W), argb(B), argb(G), argb(R));
    }

    @Test
    void packedPaletteOfFiveUsesFourBits() throws Exception {
        decode(0, 0, 3, 1, Bytes.of().u8(5).cpixel(R).cpixel(G).cpixel(B).cpixel(W).cpixel(0x010203)
                .u8(0x41, 0x00).zrle());
        assertThat(new int[] {px(0, 0), px(1, 0), px(2, 0)}).containsExactly(argb(0x010203), argb(G), argb(R));
    }

    @Test
    void plainRle() throws Exception {
        // 8x4 = 32 pixels: 3 red (run byte 2), 29 blue (run byte 28)
        decode(0, 0, 8, 4, Bytes.of().u8(128).cpixel(R).u8(2).cpixel(B).u8(28).zrle());
        assertThat(px(0, 0)).isEqualTo(argb(R));
        assertThat(px(2, 0)).isEqualTo(argb(R));
        assertThat(px(3, 0)).isEqualTo(argb(B));
        assertThat(px(7, 3)).isEqualTo(argb(B));
    }

    @Test
    void plainRleRunLengthsOver255ChainBytes() throws Exception {
        Framebuffer big = new Framebuffer(20, 20); // 400 pixels = 1 + 255 + 144
        ZrleDecoder d = new ZrleDecoder();
        Rect r = new Rect(0, 0, 20, 20, Encodings.ZRLE, 0);
        byte[] data = Bytes.of().u8(128).cpixel(G).u8(255, 144).zrle();
        d.decodeRect(r, d.readRect(r, Bytes.of().bytes(data).input(), pf), pf, big);
        for (int p : big.pixels()) assertThat(p).isEqualTo(argb(G));
    }

    @Test
    void paletteRle() throws Exception {
        // palette of 2; index 1 run of 5, index 0 single, index 1 run of 2  (3x... rect 4x2 = 8 pixels)
        decode(0, 0, 4, 2, Bytes.of().u8(130).cpixel(K).cpixel(W).u8(0x81, 4).u8(0x00).u8(0x81, 1).zrle());
        assertThat(new int[] {px(0, 0), px(1, 0), px(2, 0), px(3, 0), px(0, 1), px(1, 1), px(2, 1), px(3, 1)})
                .containsExactly(argb(W), argb(W), argb(W), argb(W), argb(W), argb(K), argb(W), argb(W));
    }

    @Test
    void tilesAreSixtyFourWideAndOneZlibStreamSpansRectangles() throws Exception {
        Framebuffer wide = new Framebuffer(70, 2);
        ZrleDecoder d = new ZrleDecoder();
        Deflater stream = new Deflater();
        Rect r = new Rect(0, 0, 70, 2, Encodings.ZRLE, 0);
        byte[] first = Bytes.of().u8(1).cpixel(R).u8(1).cpixel(G).zrle(stream); // tile 64x2 red, tile 6x2 green
        d.decodeRect(r, d.readRect(r, Bytes.of().bytes(first).input(), pf), pf, wide);
        assertThat(wide.pixels()[63]).isEqualTo(argb(R));
        assertThat(wide.pixels()[64]).isEqualTo(argb(G));
        assertThat(wide.pixels()[70 + 69]).isEqualTo(argb(G));

        Rect second = new Rect(0, 0, 1, 1, Encodings.ZRLE, 0);
        byte[] next = Bytes.of().u8(1).cpixel(B).zrle(stream); // only inflatable with the first rectangle's dictionary
        d.decodeRect(second, d.readRect(second, Bytes.of().bytes(next).input(), pf), pf, wide);
        assertThat(wide.pixels()[0]).isEqualTo(argb(B));
    }

    @Test
    void truncatedTileIsProtocolError() throws Exception {
        byte[] data = Bytes.of().u8(0).cpixel(R).zrle(); // raw tile of 4 pixels with only 1
        assertThatThrownBy(() -> decode(0, 0, 2, 2, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("zrle").hasMessageContaining("ends early");
    }

    @Test
    void runPastTileEndIsProtocolError() throws Exception {
        byte[] data = Bytes.of().u8(128).cpixel(R).u8(200).zrle();
        assertThatThrownBy(() -> decode(0, 0, 2, 2, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("overflows the tile");
    }

    @Test
    void inflatingBeyondTheRectangleIsRefused() throws Exception {
        byte[] data = Bytes.of().bytes(new byte[100_000]).zrle(); // 1x1 rect can never need 100 kB
        assertThatThrownBy(() -> decode(0, 0, 1, 1, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("inflates beyond");
    }

    @Test
    void hugeLengthIsRefusedBeforeAllocating() {
        Rect r = new Rect(0, 0, 1, 1, Encodings.ZRLE, 0);
        var in = Bytes.of().u32(0xFFFFFFF0L).input();
        assertThatThrownBy(() -> decoder.readRect(r, in, pf)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("zlib length 4294967280");
    }

    @Test
    void unknownSubencodingIsProtocolError() throws Exception {
        byte[] data = Bytes.of().u8(17).zrle();
        assertThatThrownBy(() -> decode(0, 0, 1, 1, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("subencoding 17");
    }

    @Test
    void bigEndianFormatsUseTheirOwnCpixelByteOrder() throws Exception {
        PixelFormat be = new PixelFormat(32, 24, true, true, 255, 255, 255, 16, 8, 0);
        Rect r = new Rect(0, 0, 1, 1, Encodings.ZRLE, 0);
        byte[] data = Bytes.of().u8(1).u8(0x12, 0x34, 0x56).zrle(); // r g b in big-endian low three bytes
        decoder.decodeRect(r, decoder.readRect(r, Bytes.of().bytes(data).input(), be), be, fb);
        assertThat(px(0, 0)).isEqualTo(argb(0x123456));
    }
}
