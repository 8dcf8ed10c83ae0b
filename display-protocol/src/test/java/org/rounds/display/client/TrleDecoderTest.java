package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rounds.display.client.Harness.px;
import static org.rounds.display.client.Harness.rgb;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;

@Tag("unit")
class TrleDecoderTest {
    private static final int R = 0xFF0000, G = 0x00FF00, B = 0x0000FF, W = 0xFFFFFF, K = 0;
    private Framebuffer fb = new Framebuffer(4, 2);

    private void decode(int x, int y, int w, int h, byte[] data) throws Exception {
        Harness.decode(new TrleDecoder(), fb, Encodings.TRLE, x, y, w, h, data);
    }

    @Test
    void rawTileOfCpixels() throws Exception {
        decode(0, 0, 2, 2, Bytes.of().u8(0).cpixel(R).cpixel(G).cpixel(B).cpixel(W).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(R, G, 0, 0, B, W, 0, 0);
    }

    @Test
    void solidTile() throws Exception {
        decode(0, 0, 4, 2, Bytes.of().u8(1).cpixel(0x336699).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsOnly(0x336699);
    }

    @Test
    void packedPaletteRowsPadToAByte() throws Exception {
        decode(0, 0, 3, 2, Bytes.of().u8(2).cpixel(R).cpixel(G).u8(0b1010_0000, 0b0100_0000).toArray());
        assertThat(rgb(fb, 0, 0, 3, 2)).containsExactly(G, R, G, R, G, R);
    }

    @Test
    void plainRle() throws Exception {
        decode(0, 0, 4, 2, Bytes.of().u8(128).cpixel(R).u8(2).cpixel(B).u8(4).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(R, R, R, B, B, B, B, B);
    }

    @Test
    void paletteRle() throws Exception {
        decode(0, 0, 4, 2, Bytes.of().u8(130).cpixel(K).cpixel(W).u8(0x81, 4).u8(0x00).u8(0x81, 1).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(W, W, W, W, W, K, W, W);
    }

    @Test
    void tilesAreSixteenWideAndPaletteReuse127And129() throws Exception {
        fb = new Framebuffer(40, 1); // tiles 16, 16, 8 wide
        Bytes b = Bytes.of().u8(2).cpixel(R).cpixel(G).u8(0xFF, 0x00); // tile 1: G x8, R x8
        b.u8(127).u8(0x00, 0xFF);                                        // tile 2: same palette, R x8, G x8
        b.u8(129).u8(0x80, 7);                                           // tile 3: palette RLE, reused: R x8
        decode(0, 0, 40, 1, b.toArray());
        assertThat(px(fb, 0, 0) & 0xFFFFFF).isEqualTo(G);
        assertThat(px(fb, 8, 0) & 0xFFFFFF).isEqualTo(R);
        assertThat(px(fb, 16, 0) & 0xFFFFFF).isEqualTo(R);
        assertThat(px(fb, 24, 0) & 0xFFFFFF).isEqualTo(G);
        assertThat(rgb(fb, 32, 0, 8, 1)).containsOnly(R);
    }

    @Test
    void reuseWithoutAnEarlierPaletteIsRefused() {
        assertThatThrownBy(() -> decode(0, 0, 4, 2, Bytes.of().u8(127).u8(0, 0).toArray())).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("trle").hasMessageContaining("127 reuses a palette");
    }

    @Test
    void runPastTheTileIsRefused() {
        assertThatThrownBy(() -> decode(0, 0, 2, 2, Bytes.of().u8(128).cpixel(R).u8(200).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("overflows the tile");
    }

    @Test
    void paletteIndexBeyondThePaletteIsRefused() {
        assertThatThrownBy(() -> decode(0, 0, 2, 1, Bytes.of().u8(3).cpixel(R).cpixel(G).cpixel(B).u8(0b1100_0000).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("index 3 beyond palette of 3");
    }

    @Test
    void unknownSubencodingIsRefused() {
        assertThatThrownBy(() -> decode(0, 0, 2, 1, Bytes.of().u8(50).toArray()))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("subencoding 50");
    }
}
