package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rounds.display.client.Harness.rgb;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;

@Tag("unit")
class RreDecoderTest {
    private static final int R = 0xFF0000, G = 0x00FF00, B = 0x0000FF;
    private final Framebuffer fb = new Framebuffer(6, 4);

    private void decode(int x, int y, int w, int h, byte[] data) throws Exception {
        Harness.decode(new RreDecoder(), fb, Encodings.RRE, x, y, w, h, data);
    }

    @Test
    void backgroundThenSubrectanglesRelativeToTheRectangle() throws Exception {
        decode(1, 1, 4, 3, Bytes.of().u32(2).pixel(B)
                .pixel(R).u16(0).u16(0).u16(2).u16(1)
                .pixel(G).u16(3).u16(1).u16(1).u16(2).toArray());
        assertThat(rgb(fb, 0, 0, 6, 4)).containsExactly(
                0, 0, 0, 0, 0, 0,
                0, R, R, B, B, 0,
                0, B, B, B, G, 0,
                0, B, B, B, G, 0);
    }

    @Test
    void noSubrectanglesIsASolidFill() throws Exception {
        decode(0, 0, 6, 4, Bytes.of().u32(0).pixel(0x123456).toArray());
        for (int p : fb.pixels()) assertThat(p).isEqualTo(0xFF123456);
    }

    @Test
    void subrectangleOutsideTheRectangleIsRefused() {
        byte[] data = Bytes.of().u32(1).pixel(B).pixel(R).u16(3).u16(0).u16(2).u16(1).toArray();
        assertThatThrownBy(() -> decode(0, 0, 4, 2, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("rre").hasMessageContaining("outside the rectangle");
    }

    @Test
    void countBeyondThePixelsIsRefusedBeforeReading() {
        byte[] data = Bytes.of().u32(0xFFFFFFFFL).pixel(B).toArray();
        assertThatThrownBy(() -> decode(0, 0, 2, 2, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("4294967295 subrectangles").hasMessageContaining("byte offset 16");
    }

    @Test
    void truncatedDataIsProtocolError() {
        byte[] data = Bytes.of().u32(1).pixel(B).pixel(R).u16(0).toArray();
        assertThatThrownBy(() -> decode(0, 0, 2, 2, data)).isInstanceOf(RfbProtocolException.class)
                .hasMessageContaining("ends mid-message");
    }
}
