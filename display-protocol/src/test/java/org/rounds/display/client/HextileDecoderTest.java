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
class HextileDecoderTest {
    private static final int R = 0xFF0000, G = 0x00FF00, B = 0x0000FF, W = 0xFFFFFF;
    private Framebuffer fb = new Framebuffer(4, 2);

    private void decode(int x, int y, int w, int h, byte[] data) throws Exception {
        Harness.decode(new HextileDecoder(), fb, Encodings.HEXTILE, x, y, w, h, data);
    }

    @Test
    void rawTile() throws Exception {
        decode(0, 0, 2, 2, Bytes.of().u8(1).pixel(R).pixel(G).pixel(B).pixel(W).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(R, G, 0, 0, B, W, 0, 0);
    }

    @Test
    void backgroundSpecifiedFillsTheTile() throws Exception {
        decode(0, 0, 4, 2, Bytes.of().u8(2).pixel(G).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsOnly(G);
    }

    @Test
    void foregroundSubrectsUseTheForeground() throws Exception {
        // bg blue, fg red, 2 subrects: (1,0) 2x1 and (0,1) 1x1
        decode(0, 0, 4, 2, Bytes.of().u8(2 | 4 | 8).pixel(B).pixel(R).u8(2).u8(0x10, 0x10).u8(0x01, 0x00).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(B, R, R, B, R, B, B, B);
    }

    @Test
    void colouredSubrectsCarryTheirOwnPixel() throws Exception {
        decode(0, 0, 4, 2, Bytes.of().u8(2 | 8 | 16).pixel(W).u8(2).pixel(R).u8(0x00, 0x01).pixel(G).u8(0x31, 0x00).toArray());
        assertThat(rgb(fb, 0, 0, 4, 2)).containsExactly(R, W, W, W, R, W, W, G);
    }

    @Test
    void backgroundAndForegroundCarryAcrossTiles() throws Exception {
        fb = new Framebuffer(34, 1); // three tiles: 16, 16, 2 wide
        decode(0, 0, 34, 1, Bytes.of()
                .u8(2 | 4).pixel(B).pixel(R)      // tile 1: bg blue, fg red, no subrects
                .u8(8).u8(1).u8(0x50, 0x00)       // tile 2: inherited bg blue, one fg subrect at x=5
                .u8(0).toArray());                // tile 3: nothing but the inherited background
        assertThat(px(fb, 0, 0) & 0xFFFFFF).isEqualTo(B);
        assertThat(px(fb, 16 + 5, 0) & 0xFFFFFF).isEqualTo(R);
        assertThat(px(fb, 16 + 6, 0) & 0xFFFFFF).isEqualTo(B);
        assertThat(px(fb, 33, 0) & 0xFFFFFF).isEqualTo(B);
    }

    @Test
    void rawTileDoesNotChangeTheBackground() throws Exception {
        fb = new Framebuffer(33, 1); // tiles 16, 16, 1 wide
        Bytes b = Bytes.of().u8(2).pixel(G).u8(1);
        for (int i = 0; i < 16; i++) b.pixel(R);
        decode(0, 0, 33, 1, b.u8(0).toArray());
        assertThat(px(fb, 15, 0) & 0xFFFFFF).isEqualTo(G);
        assertThat(px(fb, 16, 0) & 0xFFFFFF).isEqualTo(R);
        assertThat(px(fb, 32, 0) & 0xFFFFFF).isEqualTo(G);
    }

    @Test
    void subrectOutsideItsTileIsRefused() {
        byte[] data = Bytes.of().u8(2 | 4 | 8).pixel(B).pixel(R).u8(1).u8(0x30, 0x10).toArray(); // x 3 + w 2 > 4
        assertThatThrownBy(() -> decode(0, 0, 4, 2, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("hextile").hasMessageContaining("outside its 4x2 tile");
    }

    @Test
    void unknownMaskBitsAreRefused() {
        assertThatThrownBy(() -> decode(0, 0, 4, 2, Bytes.of().u8(32).toArray())).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("mask 32");
    }

    @Test
    void truncatedTileIsProtocolError() {
        assertThatThrownBy(() -> decode(0, 0, 4, 2, Bytes.of().u8(1).pixel(R).toArray())).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("ends mid-message");
    }
}
